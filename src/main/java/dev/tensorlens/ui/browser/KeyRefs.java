package dev.tensorlens.ui.browser;

/**
 * How {@link KeyIndex} finds a key's bytes: a {@code long} ref packs the chunk (20 bits), the offset in it (24 bits)
 * and the length (20 bits; a key too long for that gets a chunk of its own, marked by the largest length).
 */
final class KeyRefs {

    static final int CHUNK_BITS = 20;
    static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    static final int LEN_BITS = 20;
    static final int LONG_KEY = (1 << LEN_BITS) - 1;
    static final int OFF_BITS = 24;

    private KeyRefs() {
    }

    static long ref(int chunk, int offset, int len) {
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
}
