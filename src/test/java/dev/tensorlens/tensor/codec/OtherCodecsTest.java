package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.DecodeResult.Decoded;
import dev.tensorlens.tensor.DecodeResult.Malformed;
import dev.tensorlens.tensor.DecodeResult.Opaque;
import dev.tensorlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.tensorlens.tensor.codec.Fixtures.ascii;
import static dev.tensorlens.tensor.codec.Fixtures.floatsLE;
import static org.assertj.core.api.Assertions.assertThat;

class OtherCodecsTest {

    static Malformed malformed(DecodeResult r) {
        assertThat(r).isInstanceOf(Malformed.class);
        return (Malformed) r;
    }

    // ---- npz

    @Test
    void compressedNpzFromNumpyDecodesEveryMemberByName() {
        Decoded d = (Decoded) NpzCodec.decode(Fixtures.resource("weights_biases.npz"));
        assertThat(d.tensors()).extracting(Tensor::name).containsExactlyInAnyOrder("weights", "biases");
        Tensor w = d.tensors().stream().filter(t -> t.name().equals("weights")).findFirst().orElseThrow();
        assertThat(w.shape()).containsExactly(2, 2);
        assertThat(w.getDouble(w.storageIndex(1, 0))).isEqualTo(0.25);
    }

    @Test
    void storedNpzFromNumpy() {
        Tensor x = ((Decoded) NpzCodec.decode(Fixtures.resource("stored.npz"))).tensors().get(0);
        assertThat(x.name()).isEqualTo("x");
        assertThat(x.dtype()).isEqualTo(DType.UINT16);
        assertThat(x.getDouble(2)).isEqualTo(2.0);
    }

    @Test
    void zipBombIsRefusedByDeclaredAndByActualSize() {
        // 1 MB of zeros deflates to about 1 KB: far above 64x the input
        byte[] zip = Fixtures.zip(true, "bomb.npy", new byte[1 << 20]);
        assertThat(malformed(NpzCodec.decode(zip)).reason())
                .isEqualTo("members declare more than " + NpzCodec.capFor(zip.length)
                        + " uncompressed bytes, over the limit of 64× the input (a zip bomb?)");
        // the same archive lying about its size in the central directory (offset 24 of the entry)
        int central = indexOf(zip, new byte[]{'P', 'K', 1, 2});
        zip[central + 24] = 100;
        zip[central + 25] = 0;
        zip[central + 26] = 0;
        zip[central + 27] = 0;
        assertThat(malformed(NpzCodec.decode(zip)).reason())
                .startsWith("bomb.npy inflates to more than 100 bytes (declared 100");
    }

    static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (b[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void npzMemberThatIsNotNpyIsNamed() {
        Malformed m = malformed(NpzCodec.decode(Fixtures.zip(false, "a.npy", new byte[]{1, 2, 3})));
        assertThat(m.reason()).isEqualTo("member a.npy is not a valid .npy: does not start with the .npy magic \\x93NUMPY (at byte 0 of the member)");
        assertThat(malformed(NpzCodec.decode(new byte[]{'P', 'K', 3, 4})).reason()).startsWith("no end-of-central-directory record");
    }

    // ---- raw

    @Test
    void rawArraysWithSpecAndExactLength() {
        Tensor t = ((Decoded) RawCodec.decode(floatsLE(1, 2, 3, 4, 5, 6), new RawSpec(DType.FLOAT32, new long[]{2, 3}, true)))
                .tensors().get(0);
        assertThat(t.fortranOrder()).isTrue();
        assertThat(t.getDouble(t.storageIndex(0, 1))).isEqualTo(3.0);
        assertThat(malformed(RawCodec.decode(floatsLE(1, 2), new RawSpec(DType.FLOAT32, 3))).reason())
                .isEqualTo("expected 12 bytes for float32 (3,) but the value has 8 bytes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"float32;FLOAT32", "<f4;FLOAT32", "f4;FLOAT32", "np.float32;FLOAT32",
            "torch.float32;FLOAT32", "uint8;UINT8", "torch.bfloat16;BFLOAT16", "FLOAT16;FLOAT16", "torch.long;INT64",
            "|b1;BOOL", "numpy.int16;INT16"})
    void dtypeTexts(String text, DType expected) {
        assertThat(RawSpec.parseDtype(text)).contains(expected);
    }

    @Test
    void shapeOrderAndDtypeTextsThatAreRefused() {
        assertThat(RawSpec.parseShape("[2, 3]")).hasValueSatisfying(s -> assertThat(s).containsExactly(2, 3));
        assertThat(RawSpec.parseShape("(2, 3)")).hasValueSatisfying(s -> assertThat(s).containsExactly(2, 3));
        assertThat(RawSpec.parseShape("(5,)")).hasValueSatisfying(s -> assertThat(s).containsExactly(5));
        assertThat(RawSpec.parseShape("2,3")).hasValueSatisfying(s -> assertThat(s).containsExactly(2, 3));
        assertThat(RawSpec.parseShape("2x3")).hasValueSatisfying(s -> assertThat(s).containsExactly(2, 3));
        assertThat(RawSpec.parseShape("()")).hasValueSatisfying(s -> assertThat(s).isEmpty());
        assertThat(RawSpec.parseShape("(-1, 3)")).isEmpty();
        assertThat(RawSpec.parseShape("99999999999999999999")).isEmpty();
        assertThat(RawSpec.parseFortranOrder("F")).contains(true);
        assertThat(RawSpec.parseFortranOrder("C")).contains(false);
        assertThat(RawSpec.parseDtype(">f4")).isEmpty();
        assertThat(RawSpec.parseDtype("float33")).isEmpty();
    }

    @Test
    void keyRulesUseRedisGlobs() {
        RawSpec spec = new RawSpec(DType.FLOAT32, 4);
        assertThat(new KeyRule("emb:*", spec).matches("emb:user:1")).isTrue();
        assertThat(new KeyRule("emb:?", spec).matches("emb:12")).isFalse();
        assertThat(new KeyRule("layer[0-3]:w", spec).matches("layer2:w")).isTrue();
        assertThat(new KeyRule("layer[abc]:w", spec).matches("layerd:w")).isFalse();
        assertThat(new KeyRule("layer[^abc]:w", spec).matches("layerd:w")).isTrue();
        assertThat(new KeyRule("a\\*b", spec).matches("a*b")).isTrue();
        assertThat(new KeyRule("*a*a*a*a*a*a*a*b", spec).matches("a".repeat(5000))).isFalse();
    }

    // ---- json

    @Test
    void jsonNumbersListsAndObjects() {
        Tensor diverged = ((Decoded) JsonCodec.decode(ascii("[1.0, NaN, Infinity, -Infinity]"))).tensors().get(0);
        assertThat(diverged.getDouble(1)).as("json.dumps writes NaN for a diverged weight").isNaN();
        assertThat(diverged.getDouble(2)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(diverged.getDouble(3)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Sniffer.sniff(ascii("NaN"), ValueContext.none()).format()).isEqualTo(Format.JSON);
        Malformed huge = malformed(JsonCodec.decode(new byte[JsonCodec.MAX_JSON_BYTES + 1]));
        assertThat(huge.reason()).contains("limit for JSON tensors");
        Tensor scalar = ((Decoded) JsonCodec.decode(ascii("2.5"))).tensors().get(0);
        assertThat(scalar.rank()).isZero();
        assertThat(scalar.getDouble(0)).isEqualTo(2.5);
        Tensor ints = ((Decoded) JsonCodec.decode(ascii("[[1, 2, 3], [4, 5, 6]]"))).tensors().get(0);
        assertThat(ints.dtype()).isEqualTo(DType.INT64);
        assertThat(ints.shape()).containsExactly(2, 3);
        assertThat(ints.getDouble(ints.storageIndex(1, 2))).isEqualTo(6.0);
        Tensor floats = ((Decoded) JsonCodec.decode(ascii("[1, 2.5]"))).tensors().get(0);
        assertThat(floats.dtype()).isEqualTo(DType.FLOAT64);
        Decoded params = (Decoded) JsonCodec.decode(ascii("{\"weights\": [[0.1, 0.2]], \"biases\": [0.5], \"name\": \"x\"}"));
        assertThat(params.tensors()).extracting(Tensor::name).containsExactly("weights", "biases");
        assertThat(params.notes()).containsExactly("fields that are not numbers or lists were skipped: name");
    }

    @Test
    void raggedAndNonNumericJson() {
        Malformed ragged = malformed(JsonCodec.decode(ascii("{\"w\": [[1, 2], [3]]}")));
        assertThat(ragged.format()).isEqualTo("json");
        assertThat(ragged.reason()).isEqualTo("ragged lists: $.w[1] has 1 elements but the first row at that depth has 2");
        assertThat(malformed(JsonCodec.decode(ascii("[1, \"a\"]"))).reason()).isEqualTo("element $[1] is a string, not a number");
        assertThat(malformed(JsonCodec.decode(ascii("{\"name\": \"resnet\"}"))).reason()).isEqualTo("valid JSON, but it holds no numeric arrays");
        assertThat(malformed(JsonCodec.decode(ascii("[1, 2"))).reason()).startsWith("not valid JSON");
    }

    @Test
    void numpyTwoScalarReprs() {
        Tensor f = ((Decoded) JsonCodec.decode(ascii("np.float64(1.5)"))).tensors().get(0);
        assertThat(f.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(f.getDouble(0)).isEqualTo(1.5);
        Tensor i = ((Decoded) JsonCodec.decode(ascii("np.int64(3)"))).tensors().get(0);
        assertThat(i.dtype()).isEqualTo(DType.INT64);
        assertThat(i.getDouble(0)).isEqualTo(3.0);
        Tensor s = ((Decoded) JsonCodec.decode(ascii("np.float32(-0.25)"))).tensors().get(0);
        assertThat(s.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(s.getDouble(0)).isEqualTo(-0.25);
        Tensor yes = ((Decoded) JsonCodec.decode(ascii("np.True_"))).tensors().get(0);
        assertThat(yes.dtype()).isEqualTo(DType.BOOL);
        assertThat(yes.getDouble(0)).isEqualTo(1.0);
        assertThat(((Decoded) JsonCodec.decode(ascii("np.False_"))).tensors().get(0).getDouble(0)).isZero();
        assertThat(malformed(JsonCodec.decode(ascii("np.int64(1e999999999)"))).reason())
                .isEqualTo("np.int64 holds '1e999999999', not a number of that type");
    }

    // ---- RedisAI

    @Test
    void redisAiReplyWithByteArrayStrings() {
        List<Object> reply = List.of(ascii("dtype"), ascii("FLOAT"), ascii("shape"), List.of(2L, 2L), ascii("blob"),
                floatsLE(1, 2, 3, 4));
        Tensor t = ((Decoded) RedisAiCodec.decode(reply)).tensors().get(0);
        assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(t.shape()).containsExactly(2, 2);
        assertThat(t.getDouble(t.storageIndex(1, 0))).isEqualTo(3.0);
        assertThat(malformed(RedisAiCodec.decode(List.of("dtype", "INT16", "shape", List.of(3L), "blob", new byte[4]))).reason())
                .isEqualTo("blob is 4 bytes but INT16 (3,) needs 6");
        assertThat(RedisAiCodec.decode(List.of("dtype", "STRING", "shape", List.of(1L), "blob", new byte[4]))).isInstanceOf(Opaque.class);
        for (String name : List.of("DOUBLE", "INT8", "INT32", "INT64", "UINT8", "UINT16", "BOOL")) {
            DType d = RedisAiCodec.dtype(name);
            assertThat(RedisAiCodec.decode(List.of("dtype", name, "shape", List.of(1L), "blob", new byte[d.size()])))
                    .isInstanceOf(Decoded.class);
        }
    }

    // ---- opaque

    @Test
    void numpyPickleIsDescribedWithItsGlobals() {
        Opaque o = (Opaque) OpaqueRecognizer.recognize(Fixtures.resource("dict_of_arrays.pkl"), ValueContext.none()).orElseThrow();
        assertThat(o.format()).isEqualTo("pickle");
        assertThat(o.details()).contains("protocol 4");
        assertThat(o.details()).anySatisfy(d -> assertThat(d).contains("numpy._core.multiarray._reconstruct")
                .contains("numpy.ndarray").contains("numpy.dtype"));
    }

    @Test
    void torchZipLegacyTorchAndJavaSerialization() {
        Opaque torch = (Opaque) OpaqueRecognizer.recognize(Fixtures.torchZip(), ValueContext.none()).orElseThrow();
        assertThat(torch.format()).isEqualTo("torch");
        assertThat(torch.details()).contains("archive archive", "1 storage under archive/data/", "format version 3",
                "references collections.OrderedDict, torch._utils._rebuild_tensor_v2");
        Opaque legacy = (Opaque) OpaqueRecognizer.recognize(OpaqueRecognizer.LEGACY_TORCH_MAGIC, ValueContext.none()).orElseThrow();
        assertThat(legacy.format()).isEqualTo("torch-legacy");
        byte[] java = {(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72, 0, 17, 'j', 'a', 'v', 'a', '.', 'u', 't', 'i', 'l',
                '.', 'H', 'a', 's', 'h', 'M', 'a', 'p'};
        Opaque j = (Opaque) OpaqueRecognizer.recognize(java, ValueContext.none()).orElseThrow();
        assertThat(j.details()).containsExactly("first class java.util.HashMap");
    }

    @Test
    void feastRowsNeedTheSiblingFields() {
        byte[] value = {0x35, 0, 0, (byte) 0x80, 0x3f}; // field 6 (float_val), fixed32 1.0f
        ValueContext ctx = new ValueContext("k", "hash", Map.of("_ts:driver_stats", new byte[12]), List.of());
        Opaque o = (Opaque) OpaqueRecognizer.recognize(value, ctx).orElseThrow();
        assertThat(o.format()).isEqualTo("feast");
        assertThat(o.details()).containsExactly("feature view driver_stats", "protobuf feast.types.Value, probably float_val");
        assertThat(OpaqueRecognizer.recognize(value, ValueContext.none())).isEmpty();
    }
}
