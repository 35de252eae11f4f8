package dev.tensorlens.tensor.codec;

/**
 * Redis' glob matching (util.c {@code stringmatchlen}) over bytes, written iteratively with one backtrack point
 * for the last {@code *}, so a pattern like {@code *a*a*a*b} cannot take exponential time. Shared by the decoder
 * rules ({@link KeyRule}) and the service layer's {@code KeyPattern}, which checks it against the server's MATCH.
 */
public final class RedisGlob {

    private RedisGlob() {
    }

    public static boolean matches(byte[] pattern, byte[] text) {
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = -1;
        while (t < text.length) {
            if (p < pattern.length && pattern[p] == '*') {
                while (p < pattern.length && pattern[p] == '*') {
                    p++;
                }
                starP = p;
                starT = t;
                continue;
            }
            int consumed = p < pattern.length ? matchOne(pattern, p, text[t]) : -1;
            if (consumed > 0) {
                p += consumed;
                t++;
            } else if (starP >= 0) {
                p = starP;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }

    /** Pattern bytes consumed when the token at {@code p} matches {@code c}, or -1. */
    private static int matchOne(byte[] pat, int p, byte c) {
        byte first = pat[p];
        if (first == '?') {
            return 1;
        }
        if (first == '\\' && p + 1 < pat.length) {
            return pat[p + 1] == c ? 2 : -1;
        }
        if (first == '[') {
            int i = p + 1;
            boolean negate = i < pat.length && pat[i] == '^';
            if (negate) {
                i++;
            }
            boolean found = false;
            while (i < pat.length && pat[i] != ']') {
                if (pat[i] == '\\' && i + 1 < pat.length) {
                    found |= pat[i + 1] == c;
                    i += 2;
                } else if (i + 2 < pat.length && pat[i + 1] == '-' && pat[i + 2] != ']') {
                    int lo = pat[i] & 0xFF;
                    int hi = pat[i + 2] & 0xFF;
                    if (lo > hi) {
                        int s = lo;
                        lo = hi;
                        hi = s;
                    }
                    found |= (c & 0xFF) >= lo && (c & 0xFF) <= hi;
                    i += 3;
                } else {
                    found |= pat[i] == c;
                    i++;
                }
            }
            // like Redis, an unterminated class runs to the end of the pattern
            int end = i < pat.length ? i + 1 : i;
            return found != negate ? end - p : -1;
        }
        return first == c ? 1 : -1;
    }
}
