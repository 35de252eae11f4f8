package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes float test data as a tensor of any dtype (values are converted the simplest way; the bytes are what count). */
final class TestData {

    private TestData() {
    }

    /** The tensor's element data as one array from byte 0, wherever the tensor holds it. */
    static byte[] data(Tensor t) {
        byte[] out = new byte[Math.toIntExact(t.byteLength())];
        t.copyElements(0, t.elementCount(), out, 0);
        return out;
    }

    static Tensor tensor(DType dtype, ByteOrder order, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * dtype.size()).order(order);
        for (float v : values) {
            switch (dtype) {
                case FLOAT32 -> b.putFloat(v);
                case FLOAT64 -> b.putDouble(v);
                case FLOAT16, BFLOAT16, INT16 -> b.putShort((short) Float.floatToRawIntBits(v));
                case INT8, UINT8, FLOAT8_E4M3FN -> b.put((byte) Float.floatToRawIntBits(v));
                case INT32 -> b.putInt((int) v);
                case INT64, UINT64 -> b.putLong((long) v * 0x10001L);
                case COMPLEX64 -> b.putFloat(v).putFloat(-v / 2);
                default -> throw new IllegalArgumentException(dtype.toString());
            }
        }
        return Tensor.view("t", dtype, new long[] {values.length}, order, false, b.array(), 0);
    }
}
