package dev.tensorlens.tensor.codec;

/** The encodings the sniffer tells apart; {@link #id()} is the {@code format} string of a {@code DecodeResult}. */
public enum Format {
    NPY("npy"),
    NPZ("npz"),
    SAFETENSORS("safetensors"),
    RAW("raw"),
    JSON("json"),
    REDISAI("redisai"),
    PICKLE("pickle"),
    TORCH("torch"),
    TORCH_LEGACY("torch-legacy"),
    JAVA_SERIALIZATION("java-serialization"),
    FEAST("feast"),
    UNKNOWN("unknown");

    private final String id;

    Format(String id) {
        this.id = id;
    }

    /** The short lower-case name shown to the user and used as {@code DecodeResult.format()}. */
    public String id() {
        return id;
    }
}
