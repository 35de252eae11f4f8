package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.Keys;

import java.util.Arrays;
import java.util.Objects;

/**
 * The direct children of one folder. Child {@code i < folderCount()} is a sub-folder, the rest are keys.
 * Sub-folders are ranges of ranks, keys are ranks, so a child costs 4-8 bytes until it is shown.
 */
public final class KeyChildren {

    private final KeySnapshot s;
    private final byte[] prefix;
    private final int from;
    private final int to;
    private final int[] folderStart;
    private final int[] folderEnd;
    private final int folders;
    private final int[] leaves;
    private final int leafCount;

    KeyChildren(KeySnapshot s, byte[] prefix) {
        this.s = s;
        this.prefix = prefix;
        int[] range = s.range(prefix);
        from = range[0];
        to = range[1];
        int[] fs = new int[16];
        int[] fe = new int[16];
        int nf = 0;
        int[] lv = new int[16];
        int nl = 0;
        int p = prefix.length;
        byte[] buffer = new byte[64];
        for (int r = from; r < to; ) {
            int len = s.lengthAt(r);
            int d = p;
            while (d < len && s.byteAt(r, d) != s.delimiter()) {
                d++;
            }
            if (d == len) {
                if (nl == lv.length) {
                    lv = Arrays.copyOf(lv, nl * 2);
                }
                lv[nl++] = r++;
                continue;
            }
            int qLen = d + 1;
            if (buffer.length < qLen) {
                buffer = new byte[Math.max(qLen, buffer.length * 2)];
            }
            for (int k = 0; k < qLen; k++) {
                buffer[k] = s.byteAt(r, k);
            }
            int end = s.endOfRun(r, to, buffer, qLen);
            if (nf == fs.length) {
                fs = Arrays.copyOf(fs, nf * 2);
                fe = Arrays.copyOf(fe, nf * 2);
            }
            fs[nf] = r;
            fe[nf++] = end;
            r = end;
        }
        folderStart = fs;
        folderEnd = fe;
        folders = nf;
        leaves = lv;
        leafCount = nl;
    }

    /** The folder these are the children of. */
    public byte[] prefix() {
        return prefix.clone();
    }

    /** Keys under the folder, all depths. */
    public int keyCount() {
        return to - from;
    }

    public int size() {
        return folders + leafCount;
    }

    public int folderCount() {
        return folders;
    }

    public int leafCount() {
        return leafCount;
    }

    public boolean isFolder(int i) {
        Objects.checkIndex(i, size());
        return i < folders;
    }

    /** The segment naming the child: the bytes after the folder's prefix, up to the next delimiter. */
    public byte[] name(int i) {
        if (isFolder(i)) {
            byte[] sub = prefix(i);
            return Arrays.copyOfRange(sub, prefix.length, sub.length - 1);
        }
        byte[] key = s.key(leaves[i - folders]);
        return Arrays.copyOfRange(key, prefix.length, key.length);
    }

    /** The child's name as text ({@link Keys#display}). */
    public String displayName(int i) {
        return Keys.display(name(i));
    }

    /** Keys under a sub-folder (all depths); 1 for a key. */
    public int count(int i) {
        return isFolder(i) ? folderEnd[i] - folderStart[i] : 1;
    }

    /** A sub-folder's own prefix ({@code folder + name + delimiter}). */
    public byte[] prefix(int i) {
        if (!isFolder(i)) {
            throw new IllegalArgumentException("Child " + i + " is a key, not a folder");
        }
        byte[] first = s.key(folderStart[i]);
        int d = prefix.length;
        while (first[d] != s.delimiter()) {
            d++;
        }
        return Arrays.copyOf(first, d + 1);
    }

    /** The exact bytes of a child key. */
    public byte[] key(int i) {
        if (isFolder(i)) {
            throw new IllegalArgumentException("Child " + i + " is a folder, not a key");
        }
        return s.key(leaves[i - folders]);
    }

    /**
     * The index of the sub-folder with this prefix ({@code folder + name + delimiter}), or -1: binary search,
     * the sub-folders being in {@link KeyOrder}.
     */
    public int folderIndex(byte[] subPrefix) {
        int lo = 0;
        int hi = folders;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s.compareTo(s.sorted[folderStart[mid]], subPrefix) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < folders && s.startsWith(folderStart[lo], subPrefix, subPrefix.length)
                && s.lengthAt(folderStart[lo]) >= subPrefix.length ? lo : -1;
    }

    /** The rank in the flat order of a child key, or of a sub-folder's first key. */
    public int rank(int i) {
        return isFolder(i) ? folderStart[i] : leaves[i - folders];
    }
}
