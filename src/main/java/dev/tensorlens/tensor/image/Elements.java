package dev.tensorlens.tensor.image;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Floats;
import dev.tensorlens.tensor.Tensor;

import java.nio.ByteBuffer;


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
        // a tensor held in chunks is read a chunk's share of the elements at a time
        long at = start;
        int done = 0;
        while (done < count) {
            int n = (int) Math.min(count - done, (t.runRemaining(at) - 1) / Math.max(1, stride) + 1);
            readInOneArray(t, at, stride, n, dst, off + done);
            done += n;
            at += stride * n;
        }
    }

    private static void readInOneArray(Tensor t, long start, long stride, int count, float[] dst, int off) {
        byte[] b = t.arrayOf(start);
        int size = t.dtype().size();
        int at = t.positionOf(start);
        int step = (int) (stride * size);
        // one small method per dtype over a ByteBuffer in the tensor's order: a single method with a loop per dtype
        // over VarHandles picked by a ternary made C2 (JDK 17.0.15) crash while compiling it
        ByteBuffer buf = ByteBuffer.wrap(b).order(t.byteOrder());
        switch (t.dtype()) {
            case FLOAT32 -> {
                if (stride == 1) {
                    ByteBuffer.wrap(b, at, count * 4).slice().order(t.byteOrder()).asFloatBuffer().get(dst, off, count);
                } else {
                    float32(buf, at, step, count, dst, off);
                }
                canonicalNan(dst, off, count);
            }
            case FLOAT64 -> {
                float64(buf, at, step, count, dst, off);
                canonicalNan(dst, off, count);
            }
            case FLOAT16, BFLOAT16 -> {
                halves(buf, at, step, count, dst, off, t.dtype() == DType.BFLOAT16);
                canonicalNan(dst, off, count);
            }
            case BOOL, UINT8, INT8 -> bytes(b, at, step, count, dst, off, t.dtype());
            case UINT16, INT16 -> shorts(buf, at, step, count, dst, off, t.dtype() == DType.UINT16);
            case UINT32, INT32 -> ints(buf, at, step, count, dst, off, t.dtype() == DType.UINT32);
            case UINT64, INT64 -> longs(buf, at, step, count, dst, off, t.dtype() == DType.UINT64);
            default -> { // complex, the float8 family: rare enough for the general path
                for (int i = 0; i < count; i++) {
                    dst[off + i] = (float) t.getDouble(start + stride * i);
                }
                canonicalNan(dst, off, count);
            }
        }
    }

    private static void float32(ByteBuffer buf, int at, int step, int count, float[] dst, int off) {
        for (int i = 0; i < count; i++, at += step) {
            dst[off + i] = buf.getFloat(at);
        }
    }

    private static void float64(ByteBuffer buf, int at, int step, int count, float[] dst, int off) {
        for (int i = 0; i < count; i++, at += step) {
            dst[off + i] = (float) buf.getDouble(at);
        }
    }

    private static void halves(ByteBuffer buf, int at, int step, int count, float[] dst, int off, boolean bfloat) {
        for (int i = 0; i < count; i++, at += step) {
            short h = buf.getShort(at);
            dst[off + i] = bfloat ? Floats.bfloat16ToFloat(h) : Floats.halfToFloat(h);
        }
    }

    private static void bytes(byte[] b, int at, int step, int count, float[] dst, int off, DType dtype) {
        for (int i = 0; i < count; i++, at += step) {
            dst[off + i] = switch (dtype) {
                case BOOL -> b[at] != 0 ? 1 : 0;
                case UINT8 -> b[at] & 0xFF;
                default -> b[at];
            };
        }
    }

    private static void shorts(ByteBuffer buf, int at, int step, int count, float[] dst, int off, boolean unsigned) {
        for (int i = 0; i < count; i++, at += step) {
            short v = buf.getShort(at);
            dst[off + i] = unsigned ? v & 0xFFFF : v;
        }
    }

    private static void ints(ByteBuffer buf, int at, int step, int count, float[] dst, int off, boolean unsigned) {
        for (int i = 0; i < count; i++, at += step) {
            int v = buf.getInt(at);
            dst[off + i] = unsigned ? v & 0xFFFFFFFFL : v;
        }
    }

    private static void longs(ByteBuffer buf, int at, int step, int count, float[] dst, int off, boolean unsigned) {
        for (int i = 0; i < count; i++, at += step) {
            long v = buf.getLong(at);
            dst[off + i] = unsigned && v < 0 ? (float) ((double) (v >>> 1) * 2.0 + (v & 1)) : v;
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
