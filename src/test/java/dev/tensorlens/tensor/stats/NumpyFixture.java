package dev.tensorlens.tensor.stats;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;

/** The arrays and numpy's answers in numpy_expected.json (written by make_fixture.py next to it). */
final class NumpyFixture {

    private static final JsonNode ROOT = load();

    private NumpyFixture() {
    }

    private static JsonNode load() {
        try (InputStream in = NumpyFixture.class.getResourceAsStream("numpy_expected.json")) {
            return JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> cases() {
        return StreamSupport.stream(ROOT.get("cases").spliterator(), false).toList();
    }

    static List<JsonNode> comparisons() {
        return StreamSupport.stream(ROOT.get("comparisons").spliterator(), false).toList();
    }

    static Tensor tensor(JsonNode c) {
        return tensor(c.get("name").asText(), c.get("dtype").asText(), c.get("order").asText(), c.get("hex").asText());
    }

    static Tensor tensor(String name, String dtype, String order, String hex) {
        DType type = DType.fromNumpyName(dtype).orElseThrow();
        byte[] bytes = HexFormat.of().parseHex(hex);
        return Tensor.view(name, type, new long[] {bytes.length / type.size()},
                "BE".equals(order) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, false, bytes, 0);
    }

    /** A number, or NaN for JSON null (numpy has no value: nothing finite). */
    static double number(JsonNode c, String field) {
        JsonNode n = c.get(field);
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    static double[] doubles(JsonNode c, String field) {
        return StreamSupport.stream(c.get(field).spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
    }

    static long[] longs(JsonNode c, String field) {
        return StreamSupport.stream(c.get(field).spliterator(), false).mapToLong(JsonNode::asLong).toArray();
    }
}
