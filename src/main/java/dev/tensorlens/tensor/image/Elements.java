package dev.tensorlens.tensor.image;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Floats;
import dev.tensorlens.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.tensorlens.tensor.ByteViews.DOUBLE_BE;
import static dev.tensorlens.tensor.ByteViews.DOUBLE_LE;
import static dev.tensorlens.tensor.ByteViews.FLOAT_BE;
import static dev.tensorlens.tensor.ByteViews.FLOAT_LE;
import static dev.tensorlens.tensor.ByteViews.INT_BE;
import static dev.tensorlens.tensor.ByteViews.INT_LE;
import static dev.tensorlens.tensor.ByteViews.LONG_BE;
import static dev.tensorlens.tensor.ByteViews.LONG_LE;
import static dev.tensorlens.tensor.ByteViews.SHORT_BE;
import static dev.tensorlens.tensor.ByteViews.SHORT_LE;

/**
 * Reads runs of a tensor's elements as floats, straight from its bytes: {@code count} elements from storage index
 * {@code start}, {@code stride} elements apart. The dtype is chosen once per run, not per element, so a row of a
 * 4096-wide float32 matrix costs about what copying it would. Values are what {@link Tensor#getDouble} gives
 * (complex: the magnitude; bool: 0 or 1), as float; every NaN comes out as {@link Float#NaN}.
 */
final class Elements {

    private Elements() {
    }

    static void read(Tensor t, long start, long stride, int count, float[] dst, int off) {
        if (count <= 0) {
            return;
        }
        long last = start + stride * (count - 1);
        if (start < 0 || last < 0 || start >= t.elementCount() || last >= t.elementCount()) {
            throw new IndexOutOfBoundsException(count + " elements from " + start + " by " + stride + " of " + t);
        }
        byte[] b = t.bytes();
        int size = t.dtype().size();
        int at = t.offset() + (int) (start * size);
        int step = (int) (stride * size);
        boolean le = t.byteOrder() == ByteOrder.LITTLE_ENDIAN;
        switch (t.dtype()) {
            case FLOAT32 -> {
                if (stride == 1) {
                    ByteBuffer.wrap(b, at, count * 4).slice().order(t.byteOrder()).asFloatBuffer().get(dst, off, count);
                } else if (le) {
                    for (int i = 0; i < count; i++, at += step) {
                        dst[off + i] = (float) FLOAT_LE.get(b, at);
                    }
                } else {
                    for (int i = 0; i < count; i++, at += step) {
                        dst[off + i] = (float) FLOAT_BE.get(b, at);
                    }
                }
                canonicalNan(dst, off, count);
            }
            case FLOAT64 -> {
                for (int i = 0; i < count; i++, at += step) {
                    dst[off + i] = (float) (double) (le ? DOUBLE_LE : DOUBLE_BE).get(b, at);
                }
                canonicalNan(dst, off, count);
            }
            case FLOAT16 -> {
                for (int i = 0; i < count; i++, at += step) {
                    dst[off + i] = Floats.halfToFloat((short) (le ? SHORT_LE : SHORT_BE).get(b, at));
                }
                canonicalNan(dst, off, count);
            }
            case BFLOAT16 -> {
                for (int i = 0; i < count; i++, at += step) {
                    dst[off + i] = Floats.bfloat16ToFloat((short) (le ? SHORT_LE : SHORT_BE).get(b, at));
                }
                canonicalNan(dst, off, count);
            }
            case BOOL -> {
                for (int i = 0; i < count; i++, at += step) {
                    dst[off + i] = b[at] != 0 ? 1 : 0;
                }
            }
            case UINT8 -> {
                for (int i = 0; i < count; i++, at += step) {
                    dst[off + i] = b[at] & 0xFF;
                }
            }
            case INT8 -> {
                for (int i = 0; i < count; i++, at += step) {
                    dst[off + i] = b[at];
                }
            }
            case UINT16 -> {
                for (int i = 0; i < count; i++, at += step) {
                    dst[off + i] = (short) (le ? SHORT_LE : SHORT_BE).get(b, at) & 0xFFFF;
                }
            }
            case INT16 -> {
                for (int i = 0; i < count; i++, at += step) {
                    dst[off + i] = (short) (le ? SHORT_LE : SHORT_BE).get(b, at);
                }
            }
            case UINT32 -> {
                for (int i = 0; i < count; i++, at += step) {
                    dst[off + i] = (int) (le ? INT_LE : INT_BE).get(b, at) & 0xFFFFFFFFL;
                }
            }
            case INT32 -> {
                for (int i = 0; i < count; i++, at += step) {
                    dst[off + i] = (int) (le ? INT_LE : INT_BE).get(b, at);
                }
            }
            case UINT64, INT64 -> {
                boolean unsigned = t.dtype() == DType.UINT64;
                for (int i = 0; i < count; i++, at += step) {
                    long v = (long) (le ? LONG_LE : LONG_BE).get(b, at);
                    dst[off + i] = unsigned && v < 0 ? (float) ((double) (v >>> 1) * 2.0 + (v & 1)) : v;
                }
            }
            default -> { // complex, the float8 family: rare enough for the general path
                for (int i = 0; i < count; i++) {
                    dst[off + i] = (float) t.getDouble(start + stride * i);
                }
                canonicalNan(dst, off, count);
            }
        }
    }

    static float get(Tensor t, long index) {
        float[] one = new float[1];
        read(t, index, 1, 1, one, 0);
        return one[0];
    }

    /** Every NaN as {@link Float#NaN}: a NaN with all bits set would otherwise read as a gap. */
    private static void canonicalNan(float[] v, int off, int count) {
        for (int i = off, end = off + count; i < end; i++) {
            if (v[i] != v[i]) {
                v[i] = Float.NaN;
            }
        }
    }
}
