package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static dev.tensorlens.tensor.codec.Fixtures.floatsLE;
import static dev.tensorlens.tensor.codec.Fixtures.safetensors;
import static org.assertj.core.api.Assertions.assertThat;

class SafetensorsCodecTest {

    static String tensor(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    static Malformed malformed(DecodeResult r) {
        assertThat(r).isInstanceOf(Malformed.class);
        return (Malformed) r;
    }

    @Test
    void tensorsAndMetadataDecodeInOffsetOrder() {
        byte[] data = new byte[12];
        System.arraycopy(floatsLE(1.5f, -2f), 0, data, 4, 8);
        data[0] = 7;
        data[1] = -1;
        String json = "{\"__metadata__\":{\"format\":\"pt\"}," + tensor("w", "F32", "[2]", 4, 12) + ","
                + tensor("b", "I8", "[2,2]", 0, 4) + "}";
        Decoded d = (Decoded) SafetensorsCodec.decode(safetensors(json, data));
        assertThat(d.metadata()).containsEntry("format", "pt");
        assertThat(d.tensors()).extracting(t -> t.name()).containsExactly("b", "w");
        assertThat(d.tensors().get(0).dtype()).isEqualTo(DType.INT8);
        assertThat(d.tensors().get(0).getDouble(1)).isEqualTo(-1.0);
        assertThat(d.tensors().get(1).getDouble(0)).isEqualTo(1.5);
        assertThat(d.tensors().get(1).getDouble(1)).isEqualTo(-2.0);
    }

    @ParameterizedTest
    @CsvSource({"BOOL,BOOL", "U8,UINT8", "I16,INT16", "U16,UINT16", "U32,UINT32", "I64,INT64", "U64,UINT64",
            "F16,FLOAT16", "BF16,BFLOAT16", "F64,FLOAT64", "C64,COMPLEX64", "F8_E4M3,FLOAT8_E4M3FN",
            "F8_E5M2,FLOAT8_E5M2", "F8_E8M0,FLOAT8_E8M0FNU", "F8_E4M3FNUZ,FLOAT8_E4M3FNUZ", "F8_E5M2FNUZ,FLOAT8_E5M2FNUZ"})
    void everyWholeByteDtype(String name, DType expected) {
        int n = expected.size() * 2;
        Decoded d = (Decoded) SafetensorsCodec.decode(safetensors("{" + tensor("t", name, "[2]", 0, n) + "}", new byte[n]));
        assertThat(d.tensors().get(0).dtype()).isEqualTo(expected);
    }

    @Test
    void textAfterTheHeaderObjectIsRefusedAsTheReferenceDoes() {
        String one = "{" + tensor("t", "U8", "[2]", 0, 2) + "}";
        assertThat(SafetensorsCodec.decode(safetensors(one + "        ", new byte[2])))
                .as("space padding is allowed").isInstanceOf(Decoded.class);
        assertThat(SafetensorsCodec.decode(safetensors(one + "xyz", new byte[2]))).isInstanceOf(Malformed.class);
        assertThat(SafetensorsCodec.decode(safetensors(one + "{}", new byte[2]))).isInstanceOf(Malformed.class);
    }

    @Test
    void subByteDtypesAreUnsupported() {
        Malformed m = malformed(SafetensorsCodec.decode(safetensors("{" + tensor("t", "F4", "[4]", 0, 2) + "}", new byte[2])));
        assertThat(m.reason()).isEqualTo("tensor 't' has dtype F4, a sub-byte type (4 bits per element) that is not supported");
        Malformed odd = malformed(SafetensorsCodec.decode(safetensors("{" + tensor("t", "F6_E2M3", "[3]", 0, 2) + "}", new byte[2])));
        assertThat(odd.reason()).isEqualTo("tensor 't' of F6_E2M3 (3,) does not end on a whole byte (18 bits)");
    }

    @Test
    void validationRulesOfTheReferenceReader() {
        String ok = tensor("a", "F32", "[1]", 0, 4);
        assertThat(malformed(SafetensorsCodec.decode(new byte[5])).reason())
                .isEqualTo("only 5 bytes: the 8-byte header length is missing");
        assertThat(malformed(SafetensorsCodec.decode(Fixtures.safetensorsRaw(new byte[0], 100_000_001, new byte[0]))).reason())
                .isEqualTo("header length 100000001 is over the limit of 100000000 bytes");
        assertThat(malformed(SafetensorsCodec.decode(Fixtures.safetensorsRaw(new byte[4], 50, new byte[0]))).reason())
                .isEqualTo("header length 50 is more than the 4 bytes that follow");
        assertThat(malformed(SafetensorsCodec.decode(safetensors(" {" + ok + "}", new byte[4]))).reason())
                .isEqualTo("header does not start with '{'");
        assertThat(malformed(SafetensorsCodec.decode(safetensors("{" + ok + "," + ok + "}", new byte[4]))).reason())
                .startsWith("duplicate tensor name");
        assertThat(malformed(SafetensorsCodec.decode(safetensors("{" + tensor("a", "F32", "[1]", 4, 8) + "}", new byte[8]))).reason())
                .isEqualTo("tensor 'a' has data_offsets [4, 8] but must begin at 0 (tensors must cover the data buffer with no holes and no overlaps)");
        assertThat(malformed(SafetensorsCodec.decode(safetensors("{" + ok + "," + tensor("b", "F32", "[1]", 2, 6) + "}", new byte[6]))).reason())
                .startsWith("tensor 'b' has data_offsets [2, 6] but must begin at 4");
        assertThat(malformed(SafetensorsCodec.decode(safetensors("{" + tensor("a", "F32", "[2]", 0, 4) + "}", new byte[4]))).reason())
                .isEqualTo("tensor 'a' spans 4 bytes but F32 (2,) needs 8");
        assertThat(malformed(SafetensorsCodec.decode(safetensors("{" + tensor("a", "F64", "[4294967296,4294967296]", 0, 4) + "}", new byte[4]))).reason())
                .isEqualTo("tensor 'a' shape (4294967296, 4294967296) overflows");
        Malformed extra = malformed(SafetensorsCodec.decode(safetensors("{" + ok + "}", new byte[6])));
        assertThat(extra.reason()).isEqualTo("tensors cover 4 bytes of data but the file holds 6 bytes after the header "
                + "(8 + N + last end must equal the file length)");
        assertThat(malformed(SafetensorsCodec.decode(safetensors("{\"__metadata__\":{\"a\":1}}", new byte[0]))).reason())
                .isEqualTo("__metadata__ value of 'a' is not a string");
        assertThat(malformed(SafetensorsCodec.decode(safetensors("{" + tensor("a", "Q7", "[1]", 0, 4) + "}", new byte[4]))).reason())
                .isEqualTo("tensor 'a' has unknown dtype Q7");
        assertThat(malformed(SafetensorsCodec.decode(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]))).reason())
                .startsWith("tensor 'a' needs a string dtype");
    }

    @Test
    void invalidUtf8HeaderIsMalformed() {
        byte[] h = "{\"\u00e9\":1}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(malformed(SafetensorsCodec.decode(Fixtures.safetensorsRaw(h, h.length, new byte[0]))).reason())
                .isEqualTo("header is not valid UTF-8");
    }
}
