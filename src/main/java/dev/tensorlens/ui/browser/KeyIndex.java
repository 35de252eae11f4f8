package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.Keys;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every key a SCAN has returned, stored compactly, de-duplicated, sorted in {@link KeyOrder} and viewable as a
 * namespace tree or a flat list. Pure Java: no JavaFX, no Redis.
 *
 * <h2>Storage</h2>
 * Key bytes are packed back to back into 1 MiB chunks; a key is an int id whose {@code long} ref encodes
 * chunk (20 bits), offset (24 bits) and length (20 bits; longer keys get a chunk of their own). An open-addressing
 * hash set of ids (linear probing, load at most 1/2, the key's hash kept per id) drops duplicates, and the sorted
 * order is an {@code int[]} of ids. About 30-40 bytes per key on top of the key bytes, and no object per key.
 *
 * <h2>Threads</h2>
 * The writer methods ({@link #add}, {@link #remove}, {@link #removeFolder}, {@link #clear}, {@link #setDelimiter},
 * {@link #snapshot}) must all be called from one thread at a time: the index is confined to one background
 * executor (see {@link KeyTreeModel}); it takes no locks. Readers on any thread, the FX thread included, use a
 * {@link Snapshot}: an immutable view of the keys at one moment, published through {@link #published()} (a volatile
 * field). Writers never change anything a published snapshot reads: chunks are append-only, refs of an id never
 * change, and every snapshot gets its own sorted array (copy on write), so no reader ever waits for a writer.
 * New keys arrive in an unsorted pending list; {@link #snapshot()} sorts the pending keys and inserts them by
 * binary search, O(pending · log n) comparisons plus one array copy.
 */
public final class KeyIndex {

    public static final byte DEFAULT_DELIMITER = ':';

    private static final int CHUNK_BITS = 20;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int LEN_BITS = 20;
    private static final int LONG_KEY = (1 << LEN_BITS) - 1;
    private static final int OFF_BITS = 24;

    private byte delimiter;

    // key storage: append-only
    private byte[][] chunks = new byte[4][];
    private int chunkCount;
    private int chunkFill = CHUNK_SIZE; // the current chunk is full: the first key opens one
    private long[] refs = new long[1024];
    private int[] hashes = new int[1024];
    private int nextId;

    // de-duplication: id + 1, 0 = empty, -1 = removed
    private int[] table = new int[2048];
    private int tableUsed; // live + removed slots
    private int live;

    // order
    private int[] sorted = new int[0];          // shared with the last snapshot: never written in place
    private int[] pending = new int[256];
    private int pendingCount;
    private final BitSet dead = new BitSet();
    private boolean deadPending;

    private long version;
    private Snapshot last;
    private volatile Snapshot published;

    public KeyIndex() {
        this(DEFAULT_DELIMITER);
    }

    public KeyIndex(byte delimiter) {
        this.delimiter = checkDelimiter(delimiter);
        this.last = new Snapshot(chunks, refs, sorted, delimiter, 0);
        this.published = last;
    }

    private static byte checkDelimiter(byte delimiter) {
        if (KeyOrder.isDigit(delimiter)) {
            throw new IllegalArgumentException("A digit cannot be the namespace delimiter");
        }
        return delimiter;
    }

    public byte delimiter() {
        return delimiter;
    }

    /** The number of distinct keys held, pending ones included. */
    public int size() {
        return live;
    }

    // ---------------------------------------------------------------- writing

    /** Adds a page of keys as SCAN returned them; keys already held are ignored. Returns how many were new. */
    public int add(List<byte[]> page) {
        int added = 0;
        for (byte[] key : page) {
            if (add(key)) {
                added++;
            }
        }
        return added;
    }

    /** Adds one key (the bytes are copied); false when it is already held. */
    public boolean add(byte[] key) {
        Objects.requireNonNull(key, "key");
        int h = hash(key);
        int slot = find(key, h);
        if (slot >= 0) {
            return false;
        }
        int id = store(key, h);
        insertSlot(~slot, id);
        live++;
        if (pendingCount == pending.length) {
            pending = Arrays.copyOf(pending, pendingCount * 2);
        }
        pending[pendingCount++] = id;
        growTableIfNeeded();
        return true;
    }

    /** Forgets a key (deleted, or renamed away); false when it was not held. */
    public boolean remove(byte[] key) {
        int slot = find(key, hash(key));
        if (slot < 0) {
            return false;
        }
        kill(slot);
        return true;
    }

    /**
     * Forgets every key under a folder: the keys that start with {@code prefix}, which ends with the delimiter
     * ({@code "a:b:"}); the empty prefix is the root and forgets everything. Returns how many keys went.
     */
    public int removeFolder(byte[] prefix) {
        if (prefix.length == 0) {
            int n = live;
            clear();
            return n;
        }
        Snapshot s = snapshot();
        int[] range = s.range(prefix);
        int removed = 0;
        for (int r = range[0]; r < range[1]; r++) {
            int id = s.sorted[r];
            int slot = find(s.bytes(id), hashes[id]);
            if (slot >= 0) {
                kill(slot);
                removed++;
            }
        }
        return removed;
    }

    /** Forgets all keys (a new scan, another database). Published snapshots keep what they saw. */
    public void clear() {
        chunks = new byte[4][];
        chunkCount = 0;
        chunkFill = CHUNK_SIZE;
        refs = new long[1024];
        hashes = new int[1024];
        nextId = 0;
        table = new int[2048];
        tableUsed = 0;
        live = 0;
        sorted = new int[0];
        pendingCount = 0;
        dead.clear();
        deadPending = false;
        version++;
        last = null;
    }

    /** Changes the namespace delimiter: a full re-sort (O(n log n)), done on the writer's thread. */
    public void setDelimiter(byte newDelimiter) {
        checkDelimiter(newDelimiter);
        if (newDelimiter == delimiter) {
            return;
        }
        snapshot(); // settle removals and pending keys first
        delimiter = newDelimiter;
        int[] ids = sorted.clone();
        sortIds(ids, ids.length);
        sorted = ids;
        version++;
        last = null;
    }

    /**
     * The keys as they are now, as an immutable snapshot, which also becomes {@link #published()}. Cheap when
     * nothing changed since the last call. Writer thread only.
     */
    public Snapshot snapshot() {
        if (last != null && pendingCount == 0 && !deadPending) {
            return last;
        }
        int[] base = sorted;
        if (deadPending) {
            base = without(base, base.length);
            int kept = 0;
            for (int p = 0; p < pendingCount; p++) {
                if (!dead.get(pending[p])) {
                    pending[kept++] = pending[p];
                }
            }
            pendingCount = kept;
            deadPending = false;
        }
        if (pendingCount > 0) {
            sortIds(pending, pendingCount);
            base = mergeIn(base, pending, pendingCount);
            pendingCount = 0;
            if (pending.length > 4096) {
                pending = new int[256];
            }
        }
        sorted = base;
        version++;
        last = new Snapshot(chunks, refs, sorted, delimiter, version);
        published = last;
        return last;
    }

    /** The last snapshot taken by the writer: safe to call from any thread. */
    public Snapshot published() {
        return published;
    }

    /** Bytes held by the index's own arrays (keys, refs, hashes, set, order), for measurements. */
    public long footprintBytes() {
        long bytes = 0;
        for (int c = 0; c < chunkCount; c++) {
            bytes += chunks[c].length;
        }
        bytes += 8L * refs.length + 4L * hashes.length + 4L * table.length + 4L * sorted.length + 4L * pending.length;
        return bytes;
    }

    // ---------------------------------------------------------------- storage

    private int store(byte[] key, int h) {
        int len = key.length;
        long ref;
        if (len >= LONG_KEY) {
            ref = ref(addChunk(key.clone()), 0, LONG_KEY);
            chunkFill = CHUNK_SIZE; // the long key's chunk is last now and full: the next key opens a new one
        } else {
            if (chunkCount == 0 || chunkFill + len > CHUNK_SIZE) {
                addChunk(new byte[CHUNK_SIZE]);
                chunkFill = 0;
            }
            System.arraycopy(key, 0, chunks[chunkCount - 1], chunkFill, len);
            ref = ref(chunkCount - 1, chunkFill, len);
            chunkFill += len;
        }
        if (nextId == refs.length) {
            int n = refs.length + (refs.length >> 1);
            refs = Arrays.copyOf(refs, n);
            hashes = Arrays.copyOf(hashes, n);
        }
        refs[nextId] = ref;
        hashes[nextId] = h;
        return nextId++;
    }

    /** Appends a chunk; copies the chunk table when it grows, so published snapshots keep theirs. */
    private int addChunk(byte[] chunk) {
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunkCount * 2);
        }
        chunks[chunkCount] = chunk;
        return chunkCount++;
    }

    private static long ref(int chunk, int offset, int len) {
        if (chunk >= (1 << (64 - OFF_BITS - LEN_BITS))) {
            throw new IllegalStateException("Key index full");
        }
        return ((long) chunk << (OFF_BITS + LEN_BITS)) | ((long) offset << LEN_BITS) | len;
    }

    static int chunkOf(long ref) {
        return (int) (ref >>> (OFF_BITS + LEN_BITS));
    }

    static int offsetOf(long ref) {
        return (int) (ref >>> LEN_BITS) & ((1 << OFF_BITS) - 1);
    }

    static int lengthOf(byte[][] chunks, long ref) {
        int len = (int) ref & LONG_KEY;
        return len == LONG_KEY ? chunks[chunkOf(ref)].length : len;
    }

    private boolean keyEquals(int id, byte[] key) {
        long r = refs[id];
        int len = lengthOf(chunks, r);
        if (len != key.length) {
            return false;
        }
        int off = offsetOf(r);
        return Arrays.equals(chunks[chunkOf(r)], off, off + len, key, 0, len);
    }

    // ---------------------------------------------------------------- hash set

    static int hash(byte[] key) {
        int h = 0x9E3779B9;
        for (byte b : key) {
            h = 31 * h + b;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    /** The slot holding the key, or {@code ~slot} for where it would go (the first removed or empty slot). */
    private int find(byte[] key, int h) {
        int mask = table.length - 1;
        int firstFree = -1;
        for (int s = h & mask; ; s = (s + 1) & mask) {
            int t = table[s];
            if (t == 0) {
                return ~(firstFree >= 0 ? firstFree : s);
            }
            if (t < 0) {
                if (firstFree < 0) {
                    firstFree = s;
                }
            } else if (hashes[t - 1] == h && keyEquals(t - 1, key)) {
                return s;
            }
        }
    }

    private void insertSlot(int slot, int id) {
        if (table[slot] == 0) {
            tableUsed++;
        }
        table[slot] = id + 1;
    }

    private void kill(int slot) {
        int id = table[slot] - 1;
        table[slot] = -1;
        dead.set(id);
        deadPending = true;
        live--;
    }

    private void growTableIfNeeded() {
        if (tableUsed * 2L <= table.length) {
            return;
        }
        int cap = table.length;
        while (live * 2L > cap / 2) { // after the rehash, load at most 1/4 .. 1/2
            cap *= 2;
        }
        int[] t = new int[Math.max(cap, 16)];
        int mask = t.length - 1;
        for (int old : table) {
            if (old > 0) {
                int s = hashes[old - 1] & mask;
                while (t[s] != 0) {
                    s = (s + 1) & mask;
                }
                t[s] = old;
            }
        }
        table = t;
        tableUsed = live;
    }

    // ---------------------------------------------------------------- order

    private int compareIds(int a, int b) {
        long ra = refs[a];
        long rb = refs[b];
        return KeyOrder.compare(chunks[chunkOf(ra)], offsetOf(ra), lengthOf(chunks, ra),
                chunks[chunkOf(rb)], offsetOf(rb), lengthOf(chunks, rb), delimiter);
    }

    private int[] without(int[] ids, int n) {
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!dead.get(ids[i])) {
                out[k++] = ids[i];
            }
        }
        return k == n ? out : Arrays.copyOf(out, k);
    }

    /** A new array: {@code base} with the sorted {@code add[0..n)} inserted by binary search. */
    private int[] mergeIn(int[] base, int[] add, int n) {
        int[] out = new int[base.length + n];
        int from = 0; // next base element to copy
        int o = 0;
        for (int p = 0; p < n; p++) {
            int id = add[p];
            int lo = from;
            int hi = base.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compareIds(base[mid], id) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            System.arraycopy(base, from, out, o, lo - from);
            o += lo - from;
            from = lo;
            out[o++] = id;
        }
        System.arraycopy(base, from, out, o, base.length - from);
        return out;
    }

    private void sortIds(int[] ids, int n) {
        if (n < 2) {
            return;
        }
        int[] tmp = Arrays.copyOf(ids, n);
        mergeSort(tmp, ids, 0, n);
    }

    /** Sorts {@code dst[lo..hi)}; {@code src} holds the same elements on entry. */
    private void mergeSort(int[] src, int[] dst, int lo, int hi) {
        int n = hi - lo;
        if (n < 16) {
            for (int i = lo + 1; i < hi; i++) {
                int v = dst[i];
                int j = i - 1;
                while (j >= lo && compareIds(dst[j], v) > 0) {
                    dst[j + 1] = dst[j];
                    j--;
                }
                dst[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(dst, src, lo, mid);
        mergeSort(dst, src, mid, hi);
        if (compareIds(src[mid - 1], src[mid]) <= 0) {
            System.arraycopy(src, lo, dst, lo, n);
            return;
        }
        for (int i = lo, p = lo, q = mid; i < hi; i++) {
            if (q >= hi || (p < mid && compareIds(src[p], src[q]) <= 0)) {
                dst[i] = src[p++];
            } else {
                dst[i] = src[q++];
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * The keys at one moment, immutable, safe to read from any thread. Ranks are positions in {@link KeyOrder};
     * folders are named by their prefix, which ends with the delimiter ({@code "model:resnet:"}); the root is the
     * empty prefix. Children of a folder are computed on first request and cached in the snapshot.
     */
    public static final class Snapshot {

        private final byte[][] chunks;
        private final long[] refs;
        private final int[] sorted;
        private final byte delimiter;
        private final long version;
        private final ConcurrentHashMap<Prefix, Children> children = new ConcurrentHashMap<>();

        Snapshot(byte[][] chunks, long[] refs, int[] sorted, byte delimiter, long version) {
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
        public Children children(byte[] prefix) {
            return children.computeIfAbsent(new Prefix(prefix.clone()), p -> new Children(this, p.bytes));
        }

        byte[] bytes(int id) {
            long r = refs[id];
            int off = offsetOf(r);
            return Arrays.copyOfRange(chunks[chunkOf(r)], off, off + lengthOf(chunks, r));
        }

        int lengthAt(int rank) {
            return lengthOf(chunks, refs[sorted[rank]]);
        }

        /** The byte at {@code index} of the key of {@code rank}. */
        byte byteAt(int rank, int index) {
            long r = refs[sorted[rank]];
            return chunks[chunkOf(r)][offsetOf(r) + index];
        }

        int compareTo(int id, byte[] key) {
            long r = refs[id];
            return KeyOrder.compare(chunks[chunkOf(r)], offsetOf(r), lengthOf(chunks, r), key, 0, key.length,
                    delimiter);
        }

        boolean startsWith(int rank, byte[] prefix, int prefixLen) {
            long r = refs[sorted[rank]];
            if (lengthOf(chunks, r) < prefixLen) {
                return false;
            }
            int off = offsetOf(r);
            return Arrays.equals(chunks[chunkOf(r)], off, off + prefixLen, prefix, 0, prefixLen);
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
    }

    /**
     * The direct children of one folder. Child {@code i < folderCount()} is a sub-folder, the rest are keys.
     * Sub-folders are ranges of ranks, keys are ranks, so a child costs 4-8 bytes until it is shown.
     */
    public static final class Children {

        private final Snapshot s;
        private final byte[] prefix;
        private final int from;
        private final int to;
        private final int[] folderStart;
        private final int[] folderEnd;
        private final int folders;
        private final int[] leaves;
        private final int leafCount;

        Children(Snapshot s, byte[] prefix) {
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
                while (d < len && s.byteAt(r, d) != s.delimiter) {
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
            while (first[d] != s.delimiter) {
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
