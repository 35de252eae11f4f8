package dev.tensorlens.ui.browser;

/**
 * The order of keys in the browser: namespace by namespace (segments split at the delimiter), and inside a
 * segment "natural": runs of ASCII digits compare as numbers, so {@code v2} comes before {@code v10}; other bytes
 * compare unsigned.
 *
 * <p>It is a total order on byte strings that is consistent with byte equality (two keys compare 0 only when
 * their bytes are equal), and it is lexicographic over segments: the delimiter sorts below every other byte and
 * the end of a key below the delimiter. That is what makes all the keys under one folder (those starting with
 * {@code folder + delimiter}) one contiguous run of the sorted keys, so a folder is a range, found by binary
 * search. Numbers that differ only by leading zeros ({@code 7} and {@code 007}) are told apart at the end of their
 * segment (fewer zeros first), never later, which keeps the segment order intact.
 */
final class KeyOrder {

    private KeyOrder() {
    }

    static int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen, byte delimiter) {
        int i = aOff;
        int j = bOff;
        int aEnd = aOff + aLen;
        int bEnd = bOff + bLen;
        int tie = 0; // leading-zero difference seen in the current segment, decided when the segment ends
        while (true) {
            if (i == aEnd || j == bEnd) {
                if (i == aEnd && j == bEnd) {
                    return tie;
                }
                if (i == aEnd) {
                    // a's segment ended; b's ends too when b sits on a delimiter, else b's segment is longer
                    return b[j] == delimiter && tie != 0 ? tie : -1;
                }
                return a[i] == delimiter && tie != 0 ? tie : 1;
            }
            byte x = a[i];
            byte y = b[j];
            if (isDigit(x) && isDigit(y)) {
                int ei = i;
                while (ei < aEnd && isDigit(a[ei])) {
                    ei++;
                }
                int ej = j;
                while (ej < bEnd && isDigit(b[ej])) {
                    ej++;
                }
                int si = i;
                while (si < ei - 1 && a[si] == '0') {
                    si++;
                }
                int sj = j;
                while (sj < ej - 1 && b[sj] == '0') {
                    sj++;
                }
                int la = ei - si;
                int lb = ej - sj;
                if (la != lb) {
                    return la < lb ? -1 : 1;
                }
                for (int k = 0; k < la; k++) {
                    if (a[si + k] != b[sj + k]) {
                        return a[si + k] < b[sj + k] ? -1 : 1;
                    }
                }
                if (tie == 0) {
                    int za = si - i;
                    int zb = sj - j;
                    if (za != zb) {
                        tie = za < zb ? -1 : 1;
                    }
                }
                i = ei;
                j = ej;
                continue;
            }
            if (x == y) {
                if (x == delimiter) {
                    if (tie != 0) {
                        return tie;
                    }
                }
                i++;
                j++;
                continue;
            }
            if (x == delimiter) {
                return -1;
            }
            if (y == delimiter) {
                return 1;
            }
            return (x & 0xFF) < (y & 0xFF) ? -1 : 1;
        }
    }

    static int compare(byte[] a, byte[] b, byte delimiter) {
        return compare(a, 0, a.length, b, 0, b.length, delimiter);
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
