package dev.tensorlens.redis;

import dev.tensorlens.tensor.codec.RedisGlob;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Redis {@code MATCH} patterns, as {@code stringmatchlen} reads them: {@code *}, {@code ?} and {@code [} are
 * glob characters, and a backslash makes the next byte literal (a backslash at the very end is itself literal).
 */
public final class KeyPattern {

    private KeyPattern() {
    }

    /**
     * The single key a pattern can match, with its escapes removed, when it has no unescaped glob character:
     * {@code a\*b} → the 3 bytes {@code a*b}. Empty when the pattern is a real glob.
     */
    public static Optional<byte[]> literal(byte[] pattern) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(pattern.length);
        for (int i = 0; i < pattern.length; i++) {
            byte b = pattern[i];
            if (b == '\\' && i + 1 < pattern.length) {
                out.write(pattern[++i]);
            } else if (b == '*' || b == '?' || b == '[') {
                return Optional.empty();
            } else {
                out.write(b);
            }
        }
        return Optional.of(out.toByteArray());
    }

    /**
     * A pattern that matches whatever contains {@code text}: {@code *text*}, with the glob characters and
     * backslashes of {@code text} escaped, so a user's filter {@code a[1]} finds {@code a[1]} literally.
     */
    public static byte[] containing(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + 8);
        out.write('*');
        for (byte b : text) {
            if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
                out.write('\\');
            }
            out.write(b);
        }
        out.write('*');
        return out.toByteArray();
    }

    /**
     * Whether {@code key} matches the glob {@code pattern} as Redis's {@code MATCH} decides it ({@code *}, {@code ?},
     * {@code [abc]}, {@code [^a-z]}, backslash escapes; case-sensitive, byte by byte). Lets a live listing judge a
     * key a keyspace notification announced without asking the server. {@code null} matches everything.
     */
    public static boolean matches(byte[] pattern, byte[] key) {
        return pattern == null || RedisGlob.matches(pattern, key);
    }

    /** Whether the pattern matches every key ({@code null}, empty is not: it matches only the empty key). */
    static boolean matchesEverything(byte[] pattern) {
        if (pattern == null) {
            return true;
        }
        for (byte b : pattern) {
            if (b != '*') {
                return false;
            }
        }
        return pattern.length > 0;
    }
}
