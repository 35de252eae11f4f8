package dev.tensorlens.redis;

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
        return pattern == null || match(pattern, 0, key, 0, new java.util.BitSet());
    }

    /**
     * Matches {@code p[pi..]} against {@code s[si..]}. {@code failed} remembers the (pi, si) pairs already shown not
     * to match, so patterns with many stars stay O(|p|·|s|) instead of trying every split again and again
     * ({@code *a*a*a*a*b} against a long key).
     */
    private static boolean match(byte[] p, int pi, byte[] s, int si, java.util.BitSet failed) {
        int state = pi * (s.length + 1) + si;
        if (failed.get(state)) {
            return false;
        }
        if (matchFrom(p, pi, s, si, failed)) {
            return true;
        }
        failed.set(state);
        return false;
    }

    private static boolean matchFrom(byte[] p, int pi, byte[] s, int si, java.util.BitSet failed) {
        while (pi < p.length) {
            byte c = p[pi];
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int from = si; from <= s.length; from++) {
                        if (match(p, pi + 1, s, from, failed)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    si++;
                }
                case '[' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    int at = pi + 1;
                    boolean not = at < p.length && p[at] == '^';
                    if (not) {
                        at++;
                    }
                    boolean hit = false;
                    int b = s[si] & 0xFF;
                    while (at < p.length && p[at] != ']') {
                        if (p[at] == '\\' && at + 1 < p.length) {
                            at++;
                            hit |= (p[at] & 0xFF) == b;
                        } else if (at + 2 < p.length && p[at + 1] == '-' && p[at + 2] != ']') {
                            int lo = p[at] & 0xFF;
                            int hi = p[at + 2] & 0xFF;
                            if (lo > hi) {
                                int t = lo;
                                lo = hi;
                                hi = t;
                            }
                            hit |= b >= lo && b <= hi;
                            at += 2;
                        } else {
                            hit |= (p[at] & 0xFF) == b;
                        }
                        at++;
                    }
                    if (hit == not) {
                        return false;
                    }
                    pi = at; // on the closing ']' (or past the end of an unclosed class)
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    if (si >= s.length || s[si] != p[pi]) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (si >= s.length || s[si] != c) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        return si == s.length;
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
