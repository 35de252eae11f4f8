package dev.tensorlens.mlstate;

/** How the bytes of a tensor location are to be read, as far as the key listing tells. */
public enum TensorEncoding {
    /** Self-describing or unknown (.npy, safetensors, JSON, pickle…): the decoders look at the bytes. */
    SNIFF,
    /** Raw {@code tobytes()} whose dtype and shape are in sibling hash fields. */
    RAW_WITH_DTYPE_SHAPE,
    /** A JSON dict of several arrays ({@code {"weights": [...], "biases": [...]}}). */
    JSON_DICT
}
