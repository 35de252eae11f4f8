package dev.tensorlens.mlstate;

import java.util.List;
import java.util.Objects;

/**
 * One key of a listing, as the scanner saw it: its name and type and, where it was asked for, the hash's field
 * names (or a sorted set's members in score order) and the key's size ({@code -1} when not known).
 */
public record KeyEntry(String key, RedisType type, List<String> fields, long size) {

    public KeyEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        fields = List.copyOf(fields);
    }

    public static KeyEntry string(String key) {
        return new KeyEntry(key, RedisType.STRING, List.of(), -1);
    }

    public static KeyEntry hash(String key, String... fields) {
        return new KeyEntry(key, RedisType.HASH, List.of(fields), fields.length);
    }

    public static KeyEntry set(String key, long size) {
        return new KeyEntry(key, RedisType.SET, List.of(), size);
    }

    public static KeyEntry zset(String key, String... membersByScore) {
        return new KeyEntry(key, RedisType.ZSET, List.of(membersByScore), membersByScore.length);
    }
}
