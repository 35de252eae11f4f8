package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.Keys;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys at one moment, immutable, safe to read from any thread. Ranks are positions in {@link KeyOrder};
 * folders are named by their prefix, which ends with the delimiter ({@code "model:resnet:"}); the root is the
 * empty prefix. Children of a folder are computed on first request and cached in the snapshot.
 */
public final class KeySnapshot {

    private final byte[][] chunks;
    private final long[] refs;
    final int[] sorted; // ids in rank order; KeyChildren and KeyIndex read them
    private final byte delimiter;
    private final long version;
    private final ConcurrentHashMap<Prefix, KeyChildren> children = new ConcurrentHashMap<>();

    KeySnapshot(byte[][] chunks, long[] refs, int[] sorted, byte delimiter, long version) {
        this.chunks = chunks;
        this.refs = refs;
        this.sorted = sorted;
        this.delimiter = delimiter;
        this.version = version;
    }

    /** Grows with every change of the index. */
    public long version() {
        return version;
    }

    public byte delimiter() {
        return delimiter;
    }

    /** The number of keys: the row count of the flat list. */
    public int size() {
        return sorted.length;
    }

    /** The exact bytes of the key of this rank (a fresh copy). */
    public byte[] key(int rank) {
        return bytes(sorted[rank]);
    }

    /** The key of this rank as text ({@link Keys#display}). */
    public String display(int rank) {
        return Keys.display(key(rank));
    }

    /** The rank of a key, or {@code -(insertion point) - 1} when it is not here. */
    public int rank(byte[] key) {
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compareTo(sorted[mid], key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    public boolean contains(byte[] key) {
        return rank(key) >= 0;
    }

    /** How many keys are under a folder (all depths). */
    public int count(byte[] prefix) {
        int[] r = range(prefix);
        return r[1] - r[0];
    }

    /** The direct children of a folder: sub-folders first, then keys, each group in {@link KeyOrder}. */
    public KeyChildren children(byte[] prefix) {
        return children.computeIfAbsent(new Prefix(prefix.clone()), p -> new KeyChildren(this, p.bytes));
    }

    byte[] bytes(int id) {
        long r = refs[id];
        int off = KeyRefs.offsetOf(r);
        return Arrays.copyOfRange(chunks[KeyRefs.chunkOf(r)], off, off + KeyRefs.lengthOf(chunks, r));
    }

    int lengthAt(int rank) {
        return KeyRefs.lengthOf(chunks, refs[sorted[rank]]);
    }

    /** The byte at {@code index} of the key of {@code rank}. */
    byte byteAt(int rank, int index) {
        long r = refs[sorted[rank]];
        return chunks[KeyRefs.chunkOf(r)][KeyRefs.offsetOf(r) + index];
    }

    int compareTo(int id, byte[] key) {
        long r = refs[id];
        return KeyOrder.compare(chunks[KeyRefs.chunkOf(r)], KeyRefs.offsetOf(r), KeyRefs.lengthOf(chunks, r), key, 0, key.length,
                delimiter);
    }

    boolean startsWith(int rank, byte[] prefix, int prefixLen) {
        long r = refs[sorted[rank]];
        if (KeyRefs.lengthOf(chunks, r) < prefixLen) {
            return false;
        }
        int off = KeyRefs.offsetOf(r);
        return Arrays.equals(chunks[KeyRefs.chunkOf(r)], off, off + prefixLen, prefix, 0, prefixLen);
    }

    /** Ranks {@code [from, to)} of the keys starting with the prefix: contiguous by {@link KeyOrder}. */
    int[] range(byte[] prefix) {
        if (prefix.length == 0) {
            return new int[]{0, sorted.length};
        }
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) { // first key >= prefix (as a key): every key under the folder is
            int mid = (lo + hi) >>> 1;
            if (compareTo(sorted[mid], prefix) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int end = endOfRun(lo, sorted.length, prefix, prefix.length);
        return new int[]{lo, end};
    }

    /** The first rank in {@code [from, limit)} not starting with the prefix; ranks from {@code from} on do. */
    int endOfRun(int from, int limit, byte[] prefix, int prefixLen) {
        if (from >= limit || !startsWith(from, prefix, prefixLen)) {
            return from;
        }
        // gallop: small runs (one key) cost a comparison or two, big ones log(size)
        int good = from;
        int step = 1;
        while (good + step < limit && startsWith(good + step, prefix, prefixLen)) {
            good += step;
            step <<= 1;
        }
        int lo = good + 1;
        int hi = Math.min(good + step, limit);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (startsWith(mid, prefix, prefixLen)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A prefix as a map key: byte content equality. */
    private record Prefix(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Prefix p && Arrays.equals(bytes, p.bytes);
        }
    
        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
