package dev.tensorlens.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A value's bytes held in chunks of equal length (the last may be shorter) instead of one array. A big value is
 * read into arrays of a few MB because a Java array of hundreds of MB is zeroed by the VM in one go, during which the
 * thread that makes it cannot reach a safepoint, and every other thread (the FX thread too) waits at any safepoint
 * asked for meanwhile: a freeze of up to a second for a 200 MB value (docs/BENCHMARKS.md, "The big value").
 * Decoders that know chunks ({@link Tensor#chunked}) view them in place; the others take {@link #toArray()}.
 */
public final class ChunkedBytes {

    /**
     * Chunks a little under 4 MiB: large enough that G1 keeps each in regions of its own, never copying it, and
     * exactly filling them (a 4 MiB array plus its 16-byte header would take a region more); a multiple of 16, so
     * that elements of any dtype never straddle two chunks when the data starts at a multiple of their size.
     */
    public static final int DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024 - 16;

    private final List<byte[]> chunks;
    private final long length;

    private ChunkedBytes(List<byte[]> chunks, long length) {
        this.chunks = chunks;
        this.length = length;
    }

    /** The value in one array, not copied. */
    public static ChunkedBytes of(byte[] whole) {
        return new ChunkedBytes(List.of(whole), whole.length);
    }

    /**
     * The value in {@code chunks}, not copied: every chunk but the last of the first one's length, the last no longer.
     *
     * @throws IllegalArgumentException when the chunks are not so, or there is none, or several with the first empty
     */
    public static ChunkedBytes of(List<byte[]> chunks) {
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("no chunks; an empty value is one empty array");
        }
        int chunk = chunks.get(0).length;
        if (chunk == 0 && chunks.size() > 1) {
            throw new IllegalArgumentException("an empty first chunk among " + chunks.size());
        }
        long length = 0;
        for (int k = 0; k < chunks.size(); k++) {
            int n = chunks.get(k).length;
            if (k < chunks.size() - 1 ? n != chunk : n > chunk) {
                throw new IllegalArgumentException("chunk " + k + " is " + n + " bytes, "
                        + (k < chunks.size() - 1 ? "not " : "more than ") + chunk);
            }
            length += n;
        }
        return new ChunkedBytes(List.copyOf(chunks), length);
    }

    public long length() {
        return length;
    }

    /** The chunks, in order; not copies: do not change them. */
    public List<byte[]> chunks() {
        return chunks;
    }

    /** Whether the value is one array ({@link #oneArray()}). */
    public boolean isOneArray() {
        return chunks.size() == 1;
    }

    /** The one array of a value held in one. @throws IllegalStateException when held in several */
    public byte[] oneArray() {
        if (!isOneArray()) {
            throw new IllegalStateException("the value is held in " + chunks.size() + " chunks");
        }
        return chunks.get(0);
    }

    /** The length of every chunk but the last. */
    public int chunkBytes() {
        return chunks.get(0).length;
    }

    /** Byte {@code i} of the value. */
    public byte get(long i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("byte " + i + " of " + length);
        }
        int chunk = chunkBytes();
        return chunks.get((int) (i / chunk))[(int) (i % chunk)];
    }

    /** Bytes {@code [from, from + n)} copied into a new array; {@code n} is cut at the end of the value. */
    public byte[] copy(long from, int n) {
        if (from < 0 || from > length || n < 0) {
            throw new IndexOutOfBoundsException(n + " bytes from " + from + " of " + length);
        }
        byte[] out = new byte[(int) Math.min(n, length - from)];
        int chunk = chunkBytes();
        int done = 0;
        while (done < out.length) {
            long at = from + done;
            byte[] c = chunks.get((int) (at / chunk));
            int in = (int) (at % chunk);
            int take = Math.min(out.length - done, c.length - in);
            System.arraycopy(c, in, out, done, take);
            done += take;
        }
        return out;
    }

    /**
     * The value in one array: the array itself when held in one, else a copy — one big allocation, so only for
     * formats that need the whole value at once (JSON, zip, safetensors) or for small values.
     */
    public byte[] toArray() {
        return isOneArray() ? chunks.get(0) : copy(0, Math.toIntExact(length));
    }

    /**
     * Collects a value read in replies of any length into chunks of {@code chunkBytes}, each made when the first byte
     * for it comes (on the thread that appends, never the caller's), the last one no longer than the expected length
     * needs. Not thread-safe: one reader appends in order.
     */
    public static final class Builder {
        private final int chunkBytes;
        private final long expected;
        private final List<byte[]> chunks = new ArrayList<>();
        private long filled;

        /** @param expected the length measured before reading; the value may have changed meanwhile */
        public Builder(int chunkBytes, long expected) {
            if (chunkBytes < 1) {
                throw new IllegalArgumentException("chunkBytes " + chunkBytes);
            }
            this.chunkBytes = chunkBytes;
            this.expected = Math.max(0, expected);
        }

        public void append(byte[] reply) {
            int done = 0;
            while (done < reply.length) {
                int in = (int) (filled % chunkBytes);
                if (in == 0 && filled / chunkBytes == chunks.size()) {
                    chunks.add(new byte[(int) Math.min(chunkBytes, Math.max(expected - filled, reply.length - done))]);
                }
                byte[] last = chunks.get(chunks.size() - 1);
                if (in == last.length) { // the value grew meanwhile: the last chunk, made short, grows to full length
                    last = Arrays.copyOf(last, chunkBytes); // once; build() cuts it to what it holds
                    chunks.set(chunks.size() - 1, last);
                }
                int take = Math.min(reply.length - done, last.length - in);
                System.arraycopy(reply, done, last, in, take);
                done += take;
                filled += take;
            }
        }

        public long filled() {
            return filled;
        }

        /**
         * What was appended, the last chunk cut to what it holds (the value may have shrunk meanwhile). Called once,
         * after the last append.
         */
        public ChunkedBytes build() {
            if (chunks.isEmpty()) {
                return of(new byte[0]);
            }
            int in = (int) (filled - (long) (chunks.size() - 1) * chunkBytes);
            byte[] last = chunks.get(chunks.size() - 1);
            if (in < last.length) {
                chunks.set(chunks.size() - 1, Arrays.copyOf(last, in));
            }
            return of(chunks);
        }
    }
}
