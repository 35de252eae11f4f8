package dev.tensorlens.mlstate;

/** The ways Python users lay a model's checkpoints out in Redis. */
public enum ModelLayout {
    /** A hash per checkpoint, one field per tensor ({@code model:x:v1} → {@code layer0.weight}: .npy / raw / JSON). */
    HASH_PER_CHECKPOINT,
    /** One string per checkpoint holding every tensor, usually safetensors ({@code model:x:v1:safetensors}). */
    BLOB_PER_CHECKPOINT,
    /** One key per tensor under a common prefix ({@code model:x:v1:layer0.weight}). */
    KEY_PER_TENSOR,
    /** The redis-py "model_params" hash: one JSON dict of lists per field. */
    JSON_PARAMS_HASH
}
