package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.Sniff.Confidence;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.tensorlens.tensor.codec.Fixtures.ascii;
import static dev.tensorlens.tensor.codec.Fixtures.floatsLE;
import static org.assertj.core.api.Assertions.assertThat;

class SnifferTest {

    static Format sniffed(byte[] b) {
        return Sniffer.sniff(b, ValueContext.none()).format();
    }

    @Test
    void magicNumbersAreRecognisedWithHighConfidence() {
        assertThat(sniffed(Fixtures.resource("arange_2x3_f4.npy"))).isEqualTo(Format.NPY);
        assertThat(sniffed(Fixtures.resource("weights_biases.npz"))).isEqualTo(Format.NPZ);
        assertThat(sniffed(Fixtures.torchZip())).isEqualTo(Format.TORCH);
        assertThat(sniffed(Fixtures.resource("dict_of_arrays.pkl"))).isEqualTo(Format.PICKLE);
        assertThat(sniffed(OpaqueRecognizer.LEGACY_TORCH_MAGIC)).isEqualTo(Format.TORCH_LEGACY);
        assertThat(sniffed(new byte[]{(byte) 0xAC, (byte) 0xED, 0, 5, 0x74, 0, 0})).isEqualTo(Format.JAVA_SERIALIZATION);
        byte[] st = Fixtures.safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", floatsLE(1));
        Sniff s = Sniffer.sniff(st, ValueContext.none());
        assertThat(s.format()).isEqualTo(Format.SAFETENSORS);
        assertThat(s.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(sniffed(ascii("np.float64(1.5)"))).isEqualTo(Format.JSON);
        assertThat(sniffed(ascii("np.True_"))).isEqualTo(Format.JSON);
        assertThat(Sniffer.sniff(ascii(" [1, 2]"), ValueContext.none()).confidence()).isEqualTo(Confidence.MEDIUM);
        assertThat(sniffed(ascii("(lp0\nI1\na."))).isEqualTo(Format.PICKLE); // protocol 0 list [1]
    }

    @Test
    void siblingFieldsDoNotCaptureAJsonValueOfAnotherLength() {
        ValueContext ctx = new ValueContext("k", "hash",
                Map.of("dtype", "float32".getBytes(), "shape", "[3]".getBytes()), List.of());
        byte[] json = "[1.0, 2.0, 3.0]".getBytes();

        assertThat(Sniffer.sniff(json, ctx).format()).isEqualTo(Format.JSON);
        assertThat(Sniffer.decode(json, ctx)).isInstanceOf(DecodeResult.Decoded.class);
        byte[] wrongLength = new byte[10];
        assertThat(Sniffer.decode(wrongLength, ctx)).isInstanceOfSatisfying(DecodeResult.Malformed.class,
                m -> assertThat(m.format()).isEqualTo("raw"));
    }

    @Test
    void siblingFieldsGiveRawArraysTheirDtypeAndShape() {
        ValueContext ctx = new ValueContext("model:1:w", "hash", Map.of("dtype", ascii("float32"),
                "shape", ascii("(2, 2)"), "order", ascii("F")), List.of());
        Sniff s = Sniffer.sniff(floatsLE(1, 2, 3, 4), ctx);
        assertThat(s.format()).isEqualTo(Format.RAW);
        assertThat(s.reason()).isEqualTo("sibling fields give dtype and shape: float32 (2, 2) F-order");
        Tensor t = ((Decoded) Sniffer.decode(floatsLE(1, 2, 3, 4), ctx)).tensors().get(0);
        assertThat(t.fortranOrder()).isTrue();
        assertThat(t.getDouble(t.storageIndex(0, 1))).isEqualTo(3.0);
    }

    @Test
    void userRulesMatchKeys() {
        ValueContext ctx = new ValueContext("emb:42", "string", Map.of(),
                List.of(new KeyRule("other:*", new RawSpec(DType.INT8, 8)), new KeyRule("emb:*", new RawSpec(DType.FLOAT32, 2))));
        Tensor t = ((Decoded) Sniffer.decode(floatsLE(0.5f, 1f), ctx)).tensors().get(0);
        assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(t.getDouble(0)).isEqualTo(0.5);
    }

    @Test
    void unknownBytesSayNoFormatMatched() {
        DecodeResult r = Sniffer.decode(new byte[]{1, 2, 3, 4, 5}, ValueContext.none());
        assertThat(r).isInstanceOf(Malformed.class);
        assertThat(r.format()).isEqualTo("unknown");
        assertThat(((Malformed) r).reason()).startsWith("no known tensor format matched");
    }

    @Test
    void theUserCanForceFormatDtypeAndShape() {
        byte[] npy = Fixtures.resource("arange_2x3_f4.npy");
        DecodeResult forced = Sniffer.decode(floatsLE(1, 2, 3, 4), Format.RAW, new RawSpec(DType.INT16, 8));
        assertThat(((Decoded) forced).tensors().get(0).dtype()).isEqualTo(DType.INT16);
        assertThat(Sniffer.decode(npy, Format.SAFETENSORS, null)).isInstanceOf(Malformed.class);
        assertThat(Sniffer.decode(npy, Format.NPY, null)).isInstanceOf(Decoded.class);
    }
}
