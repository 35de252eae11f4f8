package dev.tensorlens.tensor.write;

import dev.tensorlens.tensor.DType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Byte-for-byte against files numpy 1.24 wrote (see make_reference.py next to them): a user who saves with
 * Tensorlens's writers gets what {@code np.save}, {@code tobytes()} and {@code astype(np.float16)} give.
 */
class WriterReferenceTest {

    static byte[] reference(String name) throws IOException {
        try (InputStream in = WriterReferenceTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void float32MatrixIsWhatNpSaveWrites() throws IOException {
        float[] data = new float[6];
        for (int i = 0; i < 6; i++) {
            data[i] = i / 4f - 0.5f;
        }
        assertThat(NpyWriter.float32(new long[] {2, 3}, data)).isEqualTo(reference("f32_2x3.npy"));
    }

    @Test
    void otherDtypesAreWhatNpSaveWrites() throws IOException {
        assertThat(NpyWriter.float64(new long[] {4}, new double[] {1.5, -2.0, 3.25, 1e-3}))
                .isEqualTo(reference("f64_4.npy"));
        assertThat(NpyWriter.int32(new long[] {2, 2}, new int[] {1, -2, 300000, -400000}))
                .isEqualTo(reference("i32_2x2.npy"));
        assertThat(NpyWriter.int16(new long[] {5}, new short[] {0, 1, -1, 32767, -32768}))
                .isEqualTo(reference("i16_5.npy"));
        byte[] u8 = new byte[12];
        for (int i = 0; i < 12; i++) {
            u8[i] = (byte) (i * 20);
        }
        assertThat(NpyWriter.uint8(new long[] {3, 4}, u8)).isEqualTo(reference("u8_3x4.npy"));
        assertThat(NpyWriter.float16(new long[] {2, 2}, new float[] {0.5f, -1.25f, 100f, 1e-3f}))
                .isEqualTo(reference("f16_2x2.npy"));
    }

    @Test
    void fortranOrderIsWhatNpSaveWritesForAnAsfortranarray() throws IOException {
        // [[1.5, -2.0], [3.25, 1e-3], [100.0, -0.5]] column by column
        byte[] columnMajor = RawBytes.float64(new double[] {1.5, 3.25, 100.0, -2.0, 1e-3, -0.5});
        assertThat(NpyWriter.writeFortran(DType.FLOAT64, new long[] {3, 2}, columnMajor))
                .isEqualTo(reference("f64_fortran_3x2.npy"));
        assertThatThrownBy(() -> NpyWriter.writeFortran(DType.FLOAT64, new long[] {3, 3}, columnMajor))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scalarAndTallShapesPadLikeNumpy() throws IOException {
        assertThat(NpyWriter.float32(new long[0], new float[] {7f})).isEqualTo(reference("f32_scalar.npy"));
        float[] ones = new float[1000];
        Arrays.fill(ones, 1f);
        assertThat(NpyWriter.float32(new long[] {1000, 1}, ones)).isEqualTo(reference("f32_1000x1.npy"));
    }

    @Test
    void dataAlwaysStartsAtAMultipleOf64() {
        for (int rank = 0; rank < 12; rank++) {
            long[] shape = new long[rank];
            Arrays.fill(shape, 1);
            byte[] header = NpyWriter.header(DType.FLOAT32, shape);
            assertThat(header.length % 64).as("rank %d", rank).isZero();
            assertThat(header[header.length - 1]).isEqualTo((byte) '\n');
        }
    }

    @Test
    void float16RoundsLikeNumpy() throws IOException {
        ByteBuffer in = ByteBuffer.wrap(reference("f16_cases_input_f32.bin")).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[in.remaining() / 4];
        in.asFloatBuffer().get(values);

        assertThat(RawBytes.float16(values)).isEqualTo(reference("f16_cases_expected.bin"));
    }

    @Test
    void float16TiesGoToEven() {
        assertThat(HalfFloat.fromFloat(1.00048828125f)).as("halfway between 1 and next: stays even").isEqualTo((short) 0x3C00);
        assertThat(HalfFloat.fromFloat(1.00146484375f)).as("halfway, odd below: rounds up").isEqualTo((short) 0x3C02);
        assertThat(HalfFloat.fromFloat(65520f)).as("overflows to infinity").isEqualTo((short) 0x7C00);
        assertThat(HalfFloat.fromFloat(0x1p-25f)).as("half the smallest subnormal: ties to zero").isEqualTo((short) 0);
    }

    @Test
    void safetensorsMatchesTheSpecLayout() throws IOException {
        float[] w = new float[6];
        for (int i = 0; i < 6; i++) {
            w[i] = i / 8f;
        }
        byte[] file = new SafetensorsWriter()
                .metadata("format", "pt").metadata("epoch", "3")
                .addFloat32("layer0.weight", new long[] {3, 2}, w)
                .addInt32("layer0.bias", new long[] {3}, new int[] {1, 2, 3})
                .toBytes();

        assertThat(file).isEqualTo(reference("two_tensors.safetensors"));
        long headerLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(8 + headerLength + 24 + 12).isEqualTo(file.length);
    }

    @Test
    void rawBytesAreLittleEndian() {
        assertThat(RawBytes.float32(new float[] {1f})).containsExactly(0, 0, (byte) 0x80, 0x3F);
        assertThat(RawBytes.int32(new int[] {0x01020304})).containsExactly(4, 3, 2, 1);
    }

    @Test
    void wrongSizesAndDuplicateNamesAreRefused() {
        assertThatThrownBy(() -> NpyWriter.float32(new long[] {2, 2}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 16 bytes, got 12");
        assertThatThrownBy(() -> new SafetensorsWriter().addFloat32("a", new long[] {1}, new float[1])
                .addFloat32("a", new long[] {1}, new float[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NpyWriter.header(DType.FLOAT8_E4M3FN, new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
