package dev.tensorlens.tensor;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** Reference values from IEEE 754 binary16, bfloat16 and the OCP 8-bit float specification. */
class FloatsTest {

    @Test
    void half() {
        assertThat(Floats.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(Floats.halfToFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(Floats.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(Floats.halfToFloat((short) 0x0001)).isEqualTo(5.9604645e-8f);
        assertThat(Floats.halfToFloat((short) 0x03FF)).isEqualTo(6.097555e-5f);
        assertThat(Floats.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Floats.halfToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Floats.halfToFloat((short) 0x7E00)).isNaN();
        assertThat(1 / Floats.halfToFloat((short) 0x8000)).isEqualTo(Float.NEGATIVE_INFINITY);
    }

    @Test
    void bfloat16() {
        assertThat(Floats.bfloat16ToFloat((short) 0x3F80)).isEqualTo(1.0f);
        assertThat(Floats.bfloat16ToFloat((short) 0xC049)).isEqualTo(-3.140625f);
        assertThat(Floats.bfloat16ToFloat((short) 0x7F80)).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void float8() {
        assertThat(Floats.float8E4M3FN((byte) 0x7E)).isEqualTo(448f);
        assertThat(Floats.float8E4M3FN((byte) 0x7F)).isNaN();
        assertThat(Floats.float8E4M3FN((byte) 0x38)).isEqualTo(1.0f);
        assertThat(Floats.float8E4M3FN((byte) 0x01)).isEqualTo(0x1p-9f);
        assertThat(Floats.float8E5M2((byte) 0x7B)).isEqualTo(57344f);
        assertThat(Floats.float8E5M2((byte) 0x7C)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Floats.float8E5M2((byte) 0x3C)).isEqualTo(1.0f);
        assertThat(Floats.float8E8M0((byte) 127)).isEqualTo(1.0f);
        assertThat(Floats.float8E8M0((byte) 0xFF)).isNaN();
        assertThat(Floats.float8E4M3FNUZ((byte) 0x80)).isNaN();
        assertThat(Floats.float8E4M3FNUZ((byte) 0x40)).isEqualTo(1.0f);
        assertThat(Floats.float8E5M2FNUZ((byte) 0x40)).isEqualTo(1.0f);
    }

    @Test
    void tensorReadsEveryTypeInBothByteOrders() {
        byte[] le = {0, 0, (byte) 0x80, 0x3F}; // 1.0f little-endian
        byte[] be = {0x3F, (byte) 0x80, 0, 0};
        assertThat(Tensor.view("x", DType.FLOAT32, new long[] {1}, le, 0).getDouble(0)).isEqualTo(1.0);
        assertThat(Tensor.view("x", DType.FLOAT32, new long[] {}, ByteOrder.BIG_ENDIAN, false, be, 0).getDouble(0))
                .isEqualTo(1.0);
        byte[] u64 = {-1, -1, -1, -1, -1, -1, -1, -1};
        assertThat(Tensor.view("x", DType.UINT64, new long[] {1}, u64, 0).getDouble(0)).isEqualTo(18446744073709551615.0);
        assertThat(Tensor.view("x", DType.INT64, new long[] {1}, u64, 0).getDouble(0)).isEqualTo(-1.0);
    }

    @Test
    void storageIndexFollowsTheOrder() {
        byte[] six = new byte[6];
        Tensor c = Tensor.view("c", DType.UINT8, new long[] {2, 3}, ByteOrder.LITTLE_ENDIAN, false, six, 0);
        Tensor f = Tensor.view("f", DType.UINT8, new long[] {2, 3}, ByteOrder.LITTLE_ENDIAN, true, six, 0);

        assertThat(c.storageIndex(1, 2)).isEqualTo(5);
        assertThat(c.storageIndex(1, 0)).isEqualTo(3);
        assertThat(f.storageIndex(1, 0)).isEqualTo(1);
        assertThat(f.storageIndex(0, 2)).isEqualTo(4);
        assertThat(Tensor.shapeText(new long[] {5})).isEqualTo("(5,)");
        assertThat(Tensor.shapeText(new long[] {})).isEqualTo("()");
        assertThat(Tensor.elementCount(new long[] {Long.MAX_VALUE, 2})).isEqualTo(-1);
    }
}
