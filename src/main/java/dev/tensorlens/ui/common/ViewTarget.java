package dev.tensorlens.ui.common;

import dev.tensorlens.redis.Keys;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a view is asked to open: one key (a checkpoint, a cached array, a dataset split), and a hash field within it
 * when the thing is a field. The key is its exact bytes.
 */
public record ViewTarget(byte[] key, String field) {

    public ViewTarget {
        key = key.clone();
    }

    public static ViewTarget key(byte[] key) {
        return new ViewTarget(key, null);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The key as the user reads it, escaped where it is not printable UTF-8. */
    public String keyText() {
        return Keys.display(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ViewTarget t && Arrays.equals(key, t.key) && Objects.equals(field, t.field);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Objects.hashCode(field);
    }

    @Override
    public String toString() {
        return keyText() + (field == null ? "" : " field " + field);
    }
}
