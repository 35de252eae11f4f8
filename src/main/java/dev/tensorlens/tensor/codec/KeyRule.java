package dev.tensorlens.tensor.codec;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A user's decoder rule: keys matching a Redis glob pattern ({@code *}, {@code ?}, {@code [abc]}, {@code [a-z]},
 * {@code [^a]}, backslash escapes, as in Redis' {@code stringmatchlen}) hold raw arrays of the given spec.
 */
public record KeyRule(String pattern, RawSpec spec) {

    public KeyRule {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(spec, "spec");
    }

    public boolean matches(String key) {
        return key != null && RedisGlob.matches(pattern.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    }
}
