package dev.tensorlens.redis;

/**
 * What a key is before anything of its value is fetched: its type, its size in the type's own unit
 * (bytes for strings, fields for hashes, members for sets, …), its memory and its time to live.
 *
 * @param memoryBytes {@code MEMORY USAGE}, or -1 where the server does not allow it
 * @param ttlMillis   -1 without an expiry
 */
public record KeyInfo(byte[] key, String type, long size, long memoryBytes, long ttlMillis) {

    public boolean exists() {
        return !"none".equals(type);
    }

    /** The unit {@link #size()} counts in: {@code bytes}, {@code fields}, {@code members}, … */
    public String sizeUnit() {
        return switch (type) {
            case "string" -> "bytes";
            case "hash" -> "fields";
            case "set", "zset" -> "members";
            case "list" -> "elements";
            case "stream" -> "entries";
            default -> "";
        };
    }
}
