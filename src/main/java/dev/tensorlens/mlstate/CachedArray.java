package dev.tensorlens.mlstate;

/** An array someone cached (a preprocessed batch, embeddings, features): where it is and how to read it. */
public record CachedArray(TensorRef location) {
}
