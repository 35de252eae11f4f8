package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Floats;
import dev.tensorlens.tensor.Tensor;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.tensorlens.tensor.ByteViews.SHORT_LE;
import static dev.tensorlens.tensor.ByteViews.SHORT_BE;
import static dev.tensorlens.tensor.ByteViews.INT_LE;
import static dev.tensorlens.tensor.ByteViews.INT_BE;
import static dev.tensorlens.tensor.ByteViews.LONG_LE;
import static dev.tensorlens.tensor.ByteViews.LONG_BE;
import static dev.tensorlens.tensor.ByteViews.FLOAT_LE;
import static dev.tensorlens.tensor.ByteViews.FLOAT_BE;
import static dev.tensorlens.tensor.ByteViews.DOUBLE_LE;
import static dev.tensorlens.tensor.ByteViews.DOUBLE_BE;

/**
 * Turns whole elements of a byte range into doubles, a block at a time, so that every statistic runs one tight
 * loop over a {@code double[]} whatever the dtype. The block is small (it stays in L1), so this is a register-sized
 * staging step, not a copy of the tensor.
 *
 * <p>The common dtypes have their own loop reading the bytes through a byte-array {@link VarHandle} (one switch per
 * block, none per element, so the JIT sees a monomorphic, unrollable loop). The rare ones (uint64, complex, float8)
 * go through {@link Tensor#getDouble(long)} on a throw-away view, which is zero-copy too and keeps their exact
 * conversion rules in one place.
 */
final class BlockDecoder {


    private BlockDecoder() {
    }

    /** Decodes {@code n} elements starting at {@code src[off]} into {@code dst[dstOff..dstOff+n)}. */
    static void decode(DType dtype, ByteOrder order, byte[] src, int off, int n, double[] dst, int dstOff) {
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        switch (dtype) {
            case FLOAT32 -> {
                if (le) {
                    floatsLE(src, off, n, dst, dstOff);
                } else {
                    floatsBE(src, off, n, dst, dstOff);
                }
            }
            case FLOAT64 -> {
                if (le) {
                    doublesLE(src, off, n, dst, dstOff);
                } else {
                    doublesBE(src, off, n, dst, dstOff);
                }
            }
            case FLOAT16, BFLOAT16, INT16, UINT16 -> shortsAs(dtype, le, src, off, n, dst, dstOff);
            case INT32 -> {
                if (le) {
                    intsLE(src, off, n, dst, dstOff);
                } else {
                    intsBE(src, off, n, dst, dstOff);
                }
            }
            case UINT32 -> {
                for (int i = 0; i < n; i++) {
                    int bits = le ? (int) INT_LE.get(src, off + (i << 2)) : (int) INT_BE.get(src, off + (i << 2));
                    dst[dstOff + i] = bits & 0xFFFFFFFFL;
                }
            }
            // int64 above 2^53 rounds to the nearest double, as numpy's float64 statistics do
            case INT64 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstOff + i] = le ? (long) LONG_LE.get(src, off + (i << 3)) : (long) LONG_BE.get(src, off + (i << 3));
                }
            }
            case UINT8 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstOff + i] = src[off + i] & 0xFF;
                }
            }
            case INT8 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstOff + i] = src[off + i];
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    dst[dstOff + i] = src[off + i] != 0 ? 1 : 0;
                }
            }
            default -> generic(dtype, order, src, off, n, dst, dstOff);
        }
    }

    /**
     * Copies {@code n} 4-byte elements as raw {@code int} bits: a bulk copy (a byte swap for the other order), no
     * per-element conversion.
     */
    static void bits32(ByteOrder order, byte[] src, int off, int n, int[] dst, int dstOff) {
        ByteBuffer.wrap(src, off, n << 2).order(order).asIntBuffer().get(dst, dstOff, n);
    }

    // Each loop names its VarHandle as a static final: only a constant handle is inlined down to a plain load
    // (and a byte swap for big-endian). A handle passed as an argument is dispatched per call.

    private static void floatsLE(byte[] src, int off, int n, double[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (float) FLOAT_LE.get(src, off + (i << 2));
        }
    }

    private static void floatsBE(byte[] src, int off, int n, double[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (float) FLOAT_BE.get(src, off + (i << 2));
        }
    }

    private static void doublesLE(byte[] src, int off, int n, double[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (double) DOUBLE_LE.get(src, off + (i << 3));
        }
    }

    private static void doublesBE(byte[] src, int off, int n, double[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (double) DOUBLE_BE.get(src, off + (i << 3));
        }
    }

    private static void intsLE(byte[] src, int off, int n, double[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (int) INT_LE.get(src, off + (i << 2));
        }
    }

    private static void intsBE(byte[] src, int off, int n, double[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (int) INT_BE.get(src, off + (i << 2));
        }
    }

    private static void shortsAs(DType dtype, boolean le, byte[] src, int off, int n, double[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            short bits = le ? (short) SHORT_LE.get(src, off + (i << 1)) : (short) SHORT_BE.get(src, off + (i << 1));
            dst[dstOff + i] = switch (dtype) {
                case FLOAT16 -> Floats.halfToFloat(bits);
                case BFLOAT16 -> Floats.bfloat16ToFloat(bits);
                case UINT16 -> bits & 0xFFFF;
                default -> bits;
            };
        }
    }

    private static void generic(DType dtype, ByteOrder order, byte[] src, int off, int n, double[] dst, int dstOff) {
        Tensor view = Tensor.view("", dtype, new long[] {n}, order, false, src, off);
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = view.getDouble(i);
        }
    }
}
