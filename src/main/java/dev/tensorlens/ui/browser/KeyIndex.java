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
 * {@link KeySnapshot}: an immutable view of the keys at one moment, published through {@link #published()} (a volatile
 * field). Writers never change anything a published snapshot reads: chunks are append-only, refs of an id never
 * change, and every snapshot gets its own sorted array (copy on write), so no reader ever waits for a writer.
 * New keys arrive in an unsorted pending list; {@link #snapshot()} sorts the pending keys and inserts them by
 * binary search, O(pending · log n) comparisons plus one array copy.
 */
public final class KeyIndex {

    public static final byte DEFAULT_DELIMITER = ':';

    private static final int CHUNK_SIZE = KeyRefs.CHUNK_SIZE;

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
    private KeySnapshot last;
    private volatile KeySnapshot published;

    public KeyIndex() {
        this(DEFAULT_DELIMITER);
    }

    public KeyIndex(byte delimiter) {
        this.delimiter = checkDelimiter(delimiter);
        this.last = new KeySnapshot(chunks, refs, sorted, delimiter, 0);
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
        KeySnapshot s = snapshot();
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
        IdOrder.sort(ids, ids.length, this::compareIds);
        sorted = ids;
        version++;
        last = null;
    }

    /**
     * The keys as they are now, as an immutable snapshot, which also becomes {@link #published()}. Cheap when
     * nothing changed since the last call. Writer thread only.
     */
    public KeySnapshot snapshot() {
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
            IdOrder.sort(pending, pendingCount, this::compareIds);
            base = IdOrder.mergeIn(base, pending, pendingCount, this::compareIds);
            pendingCount = 0;
            if (pending.length > 4096) {
                pending = new int[256];
            }
        }
        sorted = base;
        version++;
        last = new KeySnapshot(chunks, refs, sorted, delimiter, version);
        published = last;
        return last;
    }

    /** The last snapshot taken by the writer: safe to call from any thread. */
    public KeySnapshot published() {
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
        if (len >= KeyRefs.LONG_KEY) {
            ref = KeyRefs.ref(addChunk(key.clone()), 0, KeyRefs.LONG_KEY);
            chunkFill = CHUNK_SIZE; // the long key's chunk is last now and full: the next key opens a new one
        } else {
            if (chunkCount == 0 || chunkFill + len > CHUNK_SIZE) {
                addChunk(new byte[CHUNK_SIZE]);
                chunkFill = 0;
            }
            System.arraycopy(key, 0, chunks[chunkCount - 1], chunkFill, len);
            ref = KeyRefs.ref(chunkCount - 1, chunkFill, len);
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

    private boolean keyEquals(int id, byte[] key) {
        long r = refs[id];
        int len = KeyRefs.lengthOf(chunks, r);
        if (len != key.length) {
            return false;
        }
        int off = KeyRefs.offsetOf(r);
        return Arrays.equals(chunks[KeyRefs.chunkOf(r)], off, off + len, key, 0, len);
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
        return KeyOrder.compare(chunks[KeyRefs.chunkOf(ra)], KeyRefs.offsetOf(ra), KeyRefs.lengthOf(chunks, ra),
                chunks[KeyRefs.chunkOf(rb)], KeyRefs.offsetOf(rb), KeyRefs.lengthOf(chunks, rb), delimiter);
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

}
