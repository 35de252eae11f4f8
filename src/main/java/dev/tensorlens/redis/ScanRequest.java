package dev.tensorlens.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What to scan for: an optional {@code MATCH} pattern (bytes, Redis glob syntax) and an optional type
 * ({@code string}, {@code hash}, {@code list}, {@code set}, {@code zset}, {@code stream}, or a module's type name).
 * Immutable; the {@code with…} methods return copies.
 */
public final class ScanRequest {

    private static final ScanRequest ALL = new ScanRequest(null, null);

    private final byte[] match;
    private final String type;

    private ScanRequest(byte[] match, String type) {
        this.match = match;
        this.type = type;
    }

    /** Every key. */
    public static ScanRequest all() {
        return ALL;
    }

    /** Keys matching {@code pattern}; {@code null} for every key. */
    public ScanRequest withMatch(byte[] pattern) {
        return new ScanRequest(pattern == null ? null : pattern.clone(), type);
    }

    /** Keys matching {@code pattern}, as UTF-8; {@code null} for every key. */
    public ScanRequest withMatch(String pattern) {
        return withMatch(pattern == null ? null : pattern.getBytes(StandardCharsets.UTF_8));
    }

    /** Only keys of this Redis type ({@code TYPE}'s word); {@code null} or blank for any type. */
    public ScanRequest withType(String redisType) {
        return new ScanRequest(match, redisType == null || redisType.isBlank() ? null : redisType.strip());
    }

    /** The pattern, or {@code null} for every key. */
    public byte[] match() {
        return match == null ? null : match.clone();
    }

    byte[] matchBytes() {
        return match;
    }

    /** The type, or {@code null} for any type. */
    public String type() {
        return type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScanRequest r && Arrays.equals(match, r.match) && Objects.equals(type, r.type);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(match) * 31 + Objects.hashCode(type);
    }

    @Override
    public String toString() {
        return "scan " + (match == null ? "*" : Keys.display(match))
                + (type == null ? "" : " type " + type.toLowerCase(Locale.ROOT));
    }
}
