package dev.tensorlens.tensor.codec;

import java.util.List;
import java.util.Map;

/**
 * What is known about a value besides its bytes: its key, the Redis type that holds it ({@code string},
 * {@code hash}, …), the other fields of the same hash (e.g. {@code dtype}, {@code shape}, {@code order}) and the
 * user's decoder rules. Any part may be empty.
 */
public record ValueContext(String key, String redisType, Map<String, byte[]> siblingFields, List<KeyRule> rules) {

    public ValueContext {
        key = key == null ? "" : key;
        redisType = redisType == null ? "" : redisType;
        siblingFields = siblingFields == null ? Map.of() : Map.copyOf(siblingFields);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** Nothing known but the bytes. */
    public static ValueContext none() {
        return new ValueContext("", "", Map.of(), List.of());
    }

    public static ValueContext ofKey(String key) {
        return new ValueContext(key, "string", Map.of(), List.of());
    }
}
