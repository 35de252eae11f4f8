package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Floats;
import dev.tensorlens.tensor.Tensor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT_BE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE_LE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE_BE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    private BlockDecoder() {
    }

    /** Decodes {@code n} elements starting at {@code src[off]} into {@code dst[dstOff..dstOff+n)}. */
    static void decode(DType dtype, ByteOrder order, byte[] src, int off, int n, double[] dst, int dstOff) {
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        switch (dtype) {
            case FLOAT32 -> floats(le ? FLOAT_LE : FLOAT_BE, src, off, n, dst, dstOff);
            case FLOAT64 -> doubles(le ? DOUBLE_LE : DOUBLE_BE, src, off, n, dst, dstOff);
            case FLOAT16 -> halves(le ? SHORT_LE : SHORT_BE, src, off, n, dst, dstOff);
            case BFLOAT16 -> bfloat16s(le ? SHORT_LE : SHORT_BE, src, off, n, dst, dstOff);
            case INT16 -> shorts(le ? SHORT_LE : SHORT_BE, src, off, n, dst, dstOff, false);
            case UINT16 -> shorts(le ? SHORT_LE : SHORT_BE, src, off, n, dst, dstOff, true);
            case INT32 -> ints(le ? INT_LE : INT_BE, src, off, n, dst, dstOff, false);
            case UINT32 -> ints(le ? INT_LE : INT_BE, src, off, n, dst, dstOff, true);
            case INT64 -> longs(le ? LONG_LE : LONG_BE, src, off, n, dst, dstOff);
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

    private static void floats(VarHandle h, byte[] src, int off, int n, double[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (float) h.get(src, off + (i << 2));
        }
    }

    private static void doubles(VarHandle h, byte[] src, int off, int n, double[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (double) h.get(src, off + (i << 3));
        }
    }

    private static void halves(VarHandle h, byte[] src, int off, int n, double[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = Floats.halfToFloat((short) h.get(src, off + (i << 1)));
        }
    }

    private static void bfloat16s(VarHandle h, byte[] src, int off, int n, double[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = Floats.bfloat16ToFloat((short) h.get(src, off + (i << 1)));
        }
    }

    private static void shorts(VarHandle h, byte[] src, int off, int n, double[] dst, int dstOff, boolean unsigned) {
        if (unsigned) {
            for (int i = 0; i < n; i++) {
                dst[dstOff + i] = (short) h.get(src, off + (i << 1)) & 0xFFFF;
            }
        } else {
            for (int i = 0; i < n; i++) {
                dst[dstOff + i] = (short) h.get(src, off + (i << 1));
            }
        }
    }

    private static void ints(VarHandle h, byte[] src, int off, int n, double[] dst, int dstOff, boolean unsigned) {
        if (unsigned) {
            for (int i = 0; i < n; i++) {
                dst[dstOff + i] = (int) h.get(src, off + (i << 2)) & 0xFFFFFFFFL;
            }
        } else {
            for (int i = 0; i < n; i++) {
                dst[dstOff + i] = (int) h.get(src, off + (i << 2));
            }
        }
    }

    /** int64 above 2^53 rounds to the nearest double, as numpy's float64 statistics do. */
    private static void longs(VarHandle h, byte[] src, int off, int n, double[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (long) h.get(src, off + (i << 3));
        }
    }

    private static void generic(DType dtype, ByteOrder order, byte[] src, int off, int n, double[] dst, int dstOff) {
        Tensor view = Tensor.view("", dtype, new long[] {n}, order, false, src, off);
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = view.getDouble(i);
        }
    }
}
