package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Feeds element data that arrives in pieces cut anywhere (Redis GETRANGE replies) to a {@link BlockSink} as
 * blocks of doubles. An element split across two pieces is carried over in a few bytes.
 *
 * <p>Blocks are always {@link #BLOCK} elements long except the last one before a {@link #flush()}: where the
 * pieces were cut does not change where blocks start, so a statistic computed from pieces is bit-for-bit the one
 * computed from the whole value.
 */
final class ChunkDecoder {

    /** Elements per block: 16 KiB of doubles, well inside L1/L2 while the block is reread by the kernels. */
    static final int BLOCK = 2048;

    /** Receives consecutive decoded elements. */
    interface BlockSink {
        void accept(double[] values, int count);
    }

    /** Receives consecutive float32 elements as their raw IEEE bits (see {@link #ChunkDecoder(ByteOrder, BitsSink)}). */
    interface BitsSink {
        void accept(int[] bits, int count);
    }

    private final DType dtype;
    private final ByteOrder order;
    private final BlockSink sink;
    private final BitsSink bitsSink;
    private final int width;
    private final double[] block;
    private final int[] bitsBlock;
    private int filled;
    private final byte[] partial;
    private int partialLength;
    private long elements;

    ChunkDecoder(DType dtype, ByteOrder order, BlockSink sink) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.order = Objects.requireNonNull(order, "order");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.bitsSink = null;
        this.width = dtype.size();
        this.partial = new byte[width];
        this.block = new double[BLOCK];
        this.bitsBlock = null;
    }

    /**
     * For float32 kernels that work on the raw bits: blocks of {@code int} bit patterns, copied from the bytes in
     * bulk (no conversion to double here; the kernel converts while it sums and works on the bits for min, max,
     * zeros and finiteness with integer operations the JIT can vectorise).
     */
    ChunkDecoder(ByteOrder order, BitsSink sink) {
        this.dtype = DType.FLOAT32;
        this.order = Objects.requireNonNull(order, "order");
        this.sink = null;
        this.bitsSink = Objects.requireNonNull(sink, "sink");
        this.width = Float.BYTES;
        this.partial = new byte[width];
        this.block = null;
        this.bitsBlock = new int[BLOCK];
    }

    DType dtype() {
        return dtype;
    }

    ByteOrder order() {
        return order;
    }

    /** Takes {@code chunk[off..off+len)}, the next bytes of element data. */
    void accept(byte[] chunk, int off, int len) {
        Objects.checkFromIndexSize(off, len, chunk.length);
        int end = off + len;
        if (partialLength > 0) {
            int take = Math.min(width - partialLength, len);
            System.arraycopy(chunk, off, partial, partialLength, take);
            partialLength += take;
            off += take;
            if (partialLength < width) {
                return;
            }
            decodeInto(partial, 0, 1);
            partialLength = 0;
        }
        int whole = (end - off) / width;
        while (whole > 0) {
            int n = Math.min(whole, BLOCK - filled);
            decodeInto(chunk, off, n);
            off += n * width;
            whole -= n;
        }
        partialLength = end - off;
        System.arraycopy(chunk, off, partial, 0, partialLength);
    }

    private void decodeInto(byte[] src, int off, int n) {
        if (bitsSink != null) {
            BlockDecoder.bits32(order, src, off, n, bitsBlock, filled);
        } else {
            BlockDecoder.decode(dtype, order, src, off, n, block, filled);
        }
        filled += n;
        elements += n;
        if (filled == BLOCK) {
            hand(BLOCK);
            filled = 0;
        }
    }

    private void hand(int n) {
        if (bitsSink != null) {
            bitsSink.accept(bitsBlock, n);
        } else {
            sink.accept(block, n);
        }
    }

    /** Hands over the elements of an unfinished block. */
    void flush() {
        if (filled > 0) {
            hand(filled);
            filled = 0;
        }
    }

    /** Bytes of an element still waiting for the rest of it. */
    int pendingBytes() {
        return partialLength;
    }

    /** Whole elements decoded so far. */
    long elements() {
        return elements;
    }
}
