package dev.tensorlens.tensor.write;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes numpy's {@code ndarray.tobytes()} gives on x86 and ARM: elements in C order, little-endian, no header.
 * Readers need the dtype and shape from elsewhere (sibling hash fields, a key-name rule).
 */
public final class RawBytes {

    private RawBytes() {
    }

    public static byte[] float32(float[] values) {
        ByteBuffer b = little(values.length * 4L);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    public static byte[] float64(double[] values) {
        ByteBuffer b = little(values.length * 8L);
        b.asDoubleBuffer().put(values);
        return b.array();
    }

    public static byte[] int32(int[] values) {
        ByteBuffer b = little(values.length * 4L);
        b.asIntBuffer().put(values);
        return b.array();
    }

    public static byte[] int64(long[] values) {
        ByteBuffer b = little(values.length * 8L);
        b.asLongBuffer().put(values);
        return b.array();
    }

    public static byte[] int16(short[] values) {
        ByteBuffer b = little(values.length * 2L);
        b.asShortBuffer().put(values);
        return b.array();
    }

    /** uint8 or int8: one byte per element, so only a copy. */
    public static byte[] bytes(byte[] values) {
        return values.clone();
    }

    /** float32 values rounded to float16 ({@code arr.astype(np.float16).tobytes()}). */
    public static byte[] float16(float[] values) {
        return int16(HalfFloat.fromFloats(values));
    }

    private static ByteBuffer little(long size) {
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException(size + " bytes do not fit in one Java array");
        }
        return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
