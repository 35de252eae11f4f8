package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.tensor.write.SafetensorsWriter;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static dev.tensorlens.tensor.codec.Fixtures.npy;
import static dev.tensorlens.tensor.codec.Fixtures.safetensors;
import static dev.tensorlens.tensor.codec.Fixtures.safetensorsRaw;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header readers behind a checkpoint's layer table: from the first bytes of a value they say what its tensors
 * are, or how many bytes hold the header (checked before anyone reads them), or why the header is not valid; and
 * on a whole value they agree with the decoders.
 */
class HeaderReadTest {

    @Test
    void anNpyHeaderFromTheValuesFirstBytes() {
        byte[] file = NpyWriter.float32(new long[] {64, 32}, new float[64 * 32]);

        HeaderRead.Parsed p = parsed(NpyCodec.readHeader(Arrays.copyOf(file, 200), file.length));

        assertThat(p.format()).isEqualTo("npy");
        assertThat(p.dataStart()).isEqualTo(128);
        TensorHeader t = p.tensors().get(0);
        assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(t.dtypeName()).isEqualTo("<f4");
        assertThat(t.shape()).containsExactly(64, 32);
        assertThat(t.dataOffset()).isEqualTo(128);
        assertThat(t.dataLength()).isEqualTo(64 * 32 * 4);
        assertThat(t.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(t.fortranOrder()).isFalse();
        assertThat(t.problem()).isNull();
    }

    @Test
    void anNpyHeaderLongerThanTheBytesGivenAsksForExactlyItsBytes() {
        byte[] file = NpyWriter.float32(new long[] {2, 3}, new float[6]);

        assertThat(NpyCodec.readHeader(Arrays.copyOf(file, 4), file.length))
                .isEqualTo(new HeaderRead.NeedsBytes("npy", 12));
        assertThat(NpyCodec.readHeader(Arrays.copyOf(file, 40), file.length))
                .isEqualTo(new HeaderRead.NeedsBytes("npy", 128));
    }

    @Test
    void anNpyHeaderThatRunsPastTheValueOrItsDataIsInvalidWithoutAskingForMore() {
        byte[] file = NpyWriter.float32(new long[] {2, 3}, new float[6]);

        assertThat(NpyCodec.readHeader(Arrays.copyOf(file, 40), 60)).isEqualTo(new HeaderRead.Invalid("npy", 8,
                "header length 118 is more than the 50 bytes that follow"));
        assertThat(NpyCodec.readHeader(Arrays.copyOf(file, 128), 130)).isEqualTo(new HeaderRead.Invalid("npy", 128,
                "data is 2 bytes but shape (2, 3) of <f4 needs 24 bytes"));
        byte[] notNpy = "{'descr': '<f4'}".getBytes();
        assertThat(NpyCodec.readHeader(notNpy, 1000)).isInstanceOf(HeaderRead.Invalid.class);
    }

    @Test
    void anObjectArrayHasAHeaderButItsDataIsAPickle() {
        byte[] file = npy("|O", "(3,)", false, new byte[40]);

        TensorHeader t = parsed(NpyCodec.readHeader(file, file.length)).tensors().get(0);

        assertThat(t.dtype()).isNull();
        assertThat(t.problem()).isEqualTo("numpy object array: the data is a pickle, not decoded");
    }

    @Test
    void safetensorsHeadersAskForTheirLengthThenGiveEachTensorsOffsetInTheValue() {
        byte[] blob = new SafetensorsWriter().metadata("epoch", "3")
                .addFloat32("b", new long[] {4}, new float[4])
                .add("w", DType.BFLOAT16, new long[] {2, 3}, new byte[12])
                .toBytes();
        long n = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).getLong(0);

        assertThat(SafetensorsCodec.readHeader(Arrays.copyOf(blob, 5), blob.length))
                .isEqualTo(new HeaderRead.NeedsBytes("safetensors", 8));
        assertThat(SafetensorsCodec.readHeader(Arrays.copyOf(blob, 16), blob.length))
                .isEqualTo(new HeaderRead.NeedsBytes("safetensors", 8 + n));
        HeaderRead.Parsed p = parsed(SafetensorsCodec.readHeader(Arrays.copyOf(blob, (int) (8 + n)), blob.length));

        assertThat(p.metadata()).containsEntry("epoch", "3");
        assertThat(p.dataStart()).isEqualTo(8 + n);
        assertThat(p.tensors()).extracting(TensorHeader::name).containsExactly("b", "w");
        assertThat(p.tensors()).extracting(TensorHeader::dataOffset).containsExactly(8 + n, 8 + n + 16);
        assertThat(p.tensors()).extracting(TensorHeader::dataLength).containsExactly(16L, 12L);
        assertThat(p.tensors().get(1).dtype()).isEqualTo(DType.BFLOAT16);
        assertThat(p.tensors().get(1).dtypeName()).isEqualTo("BF16");
    }

    @Test
    void aSafetensorsHeaderLengthIsCheckedAgainstTheValueAndTheLimitBeforeAnythingMoreIsAskedFor() {
        byte[] runsPast = safetensorsRaw("{\"a\":1}".getBytes(), 5_000, new byte[0]);
        assertThat(SafetensorsCodec.readHeader(Arrays.copyOf(runsPast, 16), 1_000)).isEqualTo(new HeaderRead.Invalid(
                "safetensors", 0, "header length 5000 is more than the 992 bytes that follow"));
        byte[] huge = safetensorsRaw("{\"a\":1}".getBytes(), 200_000_000L, new byte[0]);
        assertThat(SafetensorsCodec.readHeader(Arrays.copyOf(huge, 16), 500_000_000L)).isEqualTo(new HeaderRead.Invalid(
                "safetensors", 0, "header length 200000000 is over the limit of 100000000 bytes"));
        String json = "{" + SafetensorsCodecTest.tensor("t", "F32", "[2]", 0, 8) + "}";
        byte[] blob = safetensors(json, new byte[8]);
        assertThat(SafetensorsCodec.readHeader(blob, blob.length + 4)).isInstanceOfSatisfying(HeaderRead.Invalid.class,
                i -> assertThat(i.reason()).startsWith("tensors cover 8 bytes of data but the file holds 12 bytes"));
    }

    @Test
    void aSubByteTensorIsListedWithItsProblemAndTheOthersStayReadable() {
        String json = "{" + SafetensorsCodecTest.tensor("q", "F4", "[4]", 0, 2) + ","
                + SafetensorsCodecTest.tensor("s", "F32", "[1]", 2, 6) + "}";
        byte[] blob = safetensors(json, new byte[6]);

        HeaderRead.Parsed p = parsed(SafetensorsCodec.readHeader(blob, blob.length));

        assertThat(p.tensors().get(0).dtype()).isNull();
        assertThat(p.tensors().get(0).problem()).contains("sub-byte");
        assertThat(p.tensors().get(1).dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void onAWholeValueTheHeaderReadersAgreeWithTheDecoders() {
        byte[] npyFile = Fixtures.resource("/dev/tensorlens/cli/inspect/weights_f16.npy");
        byte[] blob = Fixtures.resource("/dev/tensorlens/cli/inspect/model.safetensors");

        for (byte[] value : new byte[][] {npyFile, blob}) {
            Decoded d = (Decoded) Sniffer.decode(value, ValueContext.none());
            HeaderRead read = d.format().equals("npy") ? NpyCodec.readHeader(value, value.length)
                    : SafetensorsCodec.readHeader(value, value.length);
            HeaderRead.Parsed p = parsed(read);
            assertThat(p.tensors()).hasSameSizeAs(d.tensors());
            for (int i = 0; i < p.tensors().size(); i++) {
                Tensor t = d.tensors().get(i);
                TensorHeader h = p.tensors().get(i);
                assertThat(h.name()).isEqualTo(t.name());
                assertThat(h.dtype()).isEqualTo(t.dtype());
                assertThat(h.shape()).containsExactly(t.shape());
                assertThat(h.dataOffset()).isEqualTo(t.positionOf(0));
                assertThat(h.dataLength()).isEqualTo(t.byteLength());
            }
        }
    }

    static HeaderRead.Parsed parsed(HeaderRead r) {
        assertThat(r).isInstanceOf(HeaderRead.Parsed.class);
        return (HeaderRead.Parsed) r;
    }
}
