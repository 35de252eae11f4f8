package dev.tensorlens.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.ValueContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arrays make_arrays.py had numpy write decode as numpy describes them in expected.json, so a test built on
 * these fixtures starts from files known to be good (and a regenerated set that Tensorlens cannot read shows here).
 */
class DataFixturesTest {

    static byte[] resource(String name) throws IOException {
        try (InputStream in = DataFixturesTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    static JsonNode expected(String file) throws IOException {
        JsonNode e = new ObjectMapper().readTree(resource("expected.json")).get("arrays").get(file);
        assertThat(e).as(file + " in expected.json").isNotNull();
        return e;
    }

    static Tensor decoded(byte[] value, ValueContext ctx) {
        DecodeResult result = Sniffer.decode(value, ctx);
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).tensors().get(0);
    }

    static void assertDescribedBy(Tensor t, JsonNode e) {
        assertThat(t.dtype().numpyName()).isEqualTo(e.get("dtype").asText());
        List<Long> shape = new ArrayList<>();
        e.get("shape").forEach(d -> shape.add(d.asLong()));
        assertThat(t.shape()).containsExactly(shape.stream().mapToLong(Long::longValue).toArray());
        assertThat(t.fortranOrder()).isEqualTo(e.get("fortran_order").asBoolean());
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (long i = 0; i < t.elementCount(); i++) {
            min = Math.min(min, t.getDouble(i));
            max = Math.max(max, t.getDouble(i));
        }
        assertThat(min).isEqualTo(e.get("min").asDouble());
        assertThat(max).isEqualTo(e.get("max").asDouble());
    }

    @Test
    void everyNpyDecodesWithNumpysDtypeShapeAndOrder() throws IOException {
        for (String file : List.of("batch_f32.npy", "fortran_f64.npy", "labels_i64.npy")) {
            Tensor t = decoded(resource(file), ValueContext.ofKey("x"));
            assertThat(t).as(file).satisfies(x -> assertDescribedBy(x, expected(file)));
        }
    }

    @Test
    void rawImageBytesDecodeWithTheFieldsBesideThem() throws IOException {
        JsonNode fields = new ObjectMapper().readTree(resource("images_u8.json"));
        Map<String, byte[]> siblings = Map.of(
                "dtype", fields.get("dtype").asText().getBytes(StandardCharsets.UTF_8),
                "shape", fields.get("shape").toString().getBytes(StandardCharsets.UTF_8));
        Tensor t = decoded(resource("images_u8.bin"), new ValueContext("x", "hash", siblings, List.of()));
        assertDescribedBy(t, expected("images_u8.bin"));
    }
}
