package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ValueReader;
import dev.tensorlens.support.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Values written by Python (numpy's np.save, safetensors, tobytes() with dtype/shape fields, json.dumps,
 * torch.save, pickle) decode with the dtype, shape and statistics numpy itself computed, and --head shows the rows
 * numpy prints. The fixtures and numpy's numbers and text come from make_fixtures.py and make_head_fixtures.py in
 * src/test/resources/dev/tensorlens/cli/inspect.
 */
class InspectCommandTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static JsonNode expected;
    /** numpy's text of the rows inspect --head 3 shows, from make_head_fixtures.py. */
    static JsonNode expectedHead;
    static RedisClient client;
    static StatefulRedisConnection<byte[], byte[]> raw;

    @BeforeAll
    static void loadFixtures() throws IOException {
        expected = new ObjectMapper().readTree(fixture("expected.json"));
        expectedHead = new ObjectMapper().readTree(fixture("head_expected.json"));
        client = RedisClient.create(redis.uri());
        raw = client.connect(ByteArrayCodec.INSTANCE);
        for (JsonNode fixtures : new JsonNode[] {expected, expectedHead}) {
            for (Iterator<String> names = fixtures.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode fields = fixtures.get(name).get("fields");
                if (fields == null) {
                    raw.sync().set(bytes(name), fixture(name));
                } else {
                    Map<byte[], byte[]> hash = new HashMap<>();
                    hash.put(bytes("data"), fixture(name));
                    fields.fields().forEachRemaining(f -> hash.put(bytes(f.getKey()), bytes(f.getValue().asText())));
                    raw.sync().hset(bytes(name), hash);
                }
            }
        }
        // a checkpoint hash: one .npy per layer, as a redis-py user writes it
        raw.sync().hset(bytes("model:v1"), Map.of(
                bytes("layer0.weight"), fixture("weights_f32.npy"),
                bytes("labels"), fixture("labels_u8.npy")));
    }

    @AfterAll
    static void close() {
        raw.close();
        client.shutdown();
    }

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int inspect(String... args) {
        CommandLine cl = TensorlensCommand.commandLine(options -> 0);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 3];
        full[0] = "inspect";
        full[1] = "--uri";
        full[2] = redis.uri();
        System.arraycopy(args, 0, full, 3, args.length);
        return cl.execute(full);
    }

    JsonNode json(String... args) throws IOException {
        String[] withJson = new String[args.length + 1];
        System.arraycopy(args, 0, withJson, 0, args.length);
        withJson[args.length] = "--json";
        out.getBuffer().setLength(0);
        int exit = inspect(withJson);
        JsonNode node = new ObjectMapper().readTree(out.toString());
        ((ObjectNode) node).put("exit", exit);
        return node;
    }

    @ParameterizedTest
    @ValueSource(strings = {"weights_f32.npy", "weights_f16.npy", "fortran_be_f64.npy", "labels_u8.npy",
            "model.safetensors", "raw_f32.bin", "list.json", "params.json"})
    void decodesWhatPythonWroteAsNumpySeesIt(String name) throws IOException {
        JsonNode got = json(name);
        JsonNode want = expected.get(name);

        assertThat(got.get("exit").asInt()).as(err.toString()).isZero();
        assertThat(got.get("format").asText()).isEqualTo(want.get("format").asText());
        assertThat(got.get("error").isNull()).isTrue();
        assertThat(got.get("tensors")).hasSameSizeAs(want.get("tensors"));
        for (JsonNode w : want.get("tensors")) {
            JsonNode g = matching(got.get("tensors"), w.get("name").asText());
            assertThat(g.get("dtype").asText()).as(name).isEqualTo(w.get("dtype").asText());
            assertThat(g.get("shape")).as(name).isEqualTo(w.get("shape"));
            JsonNode gs = g.get("stats");
            JsonNode ws = w.get("stats");
            for (String count : new String[] {"count", "nan", "posinf", "neginf", "zeros"}) {
                assertThat(gs.get(count).asLong()).as(name + " " + count).isEqualTo(ws.get(count).asLong());
            }
            for (String stat : new String[] {"min", "max", "mean", "std"}) {
                double want64 = ws.get(stat).asDouble();
                // float32 rounding of numpy's float64 result
                assertThat(gs.get(stat).asDouble()).as(name + " " + stat)
                        .isCloseTo(want64, within(Math.abs(want64) * 1e-6 + 1e-9));
            }
        }
    }

    @Test
    void everyTensorOfACheckpointHash() throws IOException {
        JsonNode got = json("model:v1");

        assertThat(got.get("exit").asInt()).isZero();
        assertThat(got.get("format").asText()).isEqualTo("npy");
        assertThat(got.get("tensors").findValuesAsText("name")).containsExactlyInAnyOrder("layer0.weight", "labels");
        assertThat(matching(got.get("tensors"), "layer0.weight").get("shape").toString()).isEqualTo("[64,32]");
    }

    @Test
    void oneFieldWithItsSiblingsDtypeAndShape() throws IOException {
        JsonNode got = json("raw_f32.bin", "--field", "data");

        assertThat(got.get("exit").asInt()).isZero();
        assertThat(got.get("field").asText()).isEqualTo("data");
        assertThat(got.get("tensors").get(0).get("dtype").asText()).isEqualTo("float32");
        assertThat(got.get("tensors").get(0).get("shape").toString()).isEqualTo("[10,20]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint.pt", "state.pkl"})
    void picklesAndTorchFilesAreRecognisedNeverRun(String name) throws IOException {
        JsonNode got = json(name);

        assertThat(got.get("exit").asInt()).isEqualTo(3);
        assertThat(got.get("format").asText()).isEqualTo(expected.get(name).get("format").asText());
        assertThat(got.get("tensors")).isEmpty();
        assertThat(got.get("note").asText()).isNotBlank();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void truncatedValueGetsFormatOffsetAndReason() throws IOException {
        JsonNode got = json("truncated.npy");

        assertThat(got.get("exit").asInt()).isEqualTo(3);
        assertThat(got.get("error").get("format").asText()).isEqualTo("npy");
        assertThat(got.get("error").get("offset").asLong()).isEqualTo(128);
        assertThat(got.get("error").get("reason").asText()).contains("8092").contains("8192");
    }

    @Test
    void textOutputShowsStatisticsAndAHistogram() {
        assertThat(inspect("weights_f32.npy", "--bins", "16")).isZero();

        assertThat(out.toString())
                .contains("format   npy")
                .contains("float32 (64, 32)")
                .contains("count 2,048   nan 1   +inf 1   -inf 1   zeros 4")
                .contains("in 16 bins");
    }

    @Test
    void histogramInJsonWhenBinsAreAsked() throws IOException {
        JsonNode got = json("labels_u8.npy", "--bins", "10");

        JsonNode hist = got.get("tensors").get(0).get("histogram");
        assertThat(hist.get("counts")).hasSize(10);
        long total = 0;
        for (JsonNode c : hist.get("counts")) {
            total += c.asLong();
        }
        assertThat(total).isEqualTo(100);
    }

    @Test
    void missingKeyAndBadServerAreUsageErrors() {
        assertThat(inspect("no:such:key")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("tensorlens: The key no:such:key does not exist.");

        StringWriter e2 = new StringWriter();
        CommandLine cl = TensorlensCommand.commandLine(options -> 0);
        cl.setErr(new PrintWriter(e2, true));
        assertThat(cl.execute("inspect", "--uri", "redis://127.0.0.1:1", "k")).isEqualTo(2);
        assertThat(e2.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aSetIsNotATensor() throws IOException {
        raw.sync().sadd(bytes("ids"), bytes("1"), bytes("2"));

        JsonNode got = json("ids");

        assertThat(got.get("exit").asInt()).isEqualTo(3);
        assertThat(got.get("note").asText()).isEqualTo("A set holds members, not a tensor value.");
    }

    @Test
    void plainTextIsSaidInOneSentenceNotAsAFailedDecode() throws IOException {
        String readme = "# Tensorlens demo\nThe keys under model: hold checkpoints.\n";
        raw.sync().set(bytes("notes:readme"), bytes(readme));
        String sentence = "notes:readme holds UTF-8 text of " + readme.length() + " bytes, not a tensor.";

        assertThat(inspect("notes:readme")).isEqualTo(3);
        assertThat(out.toString()).contains("note     " + sentence).doesNotContain("error").doesNotContain("not a valid");
        assertThat(err.toString()).isEmpty();

        JsonNode got = json("notes:readme");
        assertThat(got.get("exit").asInt()).isEqualTo(3);
        assertThat(got.get("format").asText()).isEqualTo("unknown");
        assertThat(got.get("tensors")).isEmpty();
        assertThat(got.get("note").asText()).isEqualTo(sentence);
        assertThat(got.get("error").isNull()).as("nothing failed: the value simply is no tensor").isTrue();
    }

    @Test
    void binaryAndEmptyValuesInNoFormatAreSaidSoToo() throws IOException {
        byte[] blob = new byte[64];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) (i * 37 + 200); // no magic number, not UTF-8
        }
        raw.sync().set(bytes("session:blob"), blob);
        raw.sync().set(bytes("session:empty"), new byte[0]);
        raw.sync().hset(bytes("run:7"), Map.of(bytes("weights"), fixture("labels_u8.npy"), bytes("comment"), bytes("lr 0.1")));

        JsonNode binary = json("session:blob");
        assertThat(binary.get("exit").asInt()).isEqualTo(3);
        assertThat(binary.get("note").asText()).isEqualTo("session:blob holds binary data of 64 bytes, not a tensor.");
        assertThat(binary.get("error").isNull()).isTrue();
        assertThat(json("session:empty").get("note").asText()).isEqualTo("session:empty holds an empty value, not a tensor.");
        assertThat(json("run:7", "--field", "comment").get("note").asText())
                .isEqualTo("run:7 field comment holds UTF-8 text of 6 bytes, not a tensor.");
        JsonNode hash = json("run:7");
        assertThat(hash.get("exit").asInt()).as("the hash holds a tensor").isZero();
        assertThat(hash.get("note").asText()).isEqualTo("comment: UTF-8 text of 6 bytes, not a tensor");
        assertThat(hash.get("error").isNull()).isTrue();
    }

    @Test
    void aFieldOfAKeyThatIsNoHashIsAUsageError() {
        assertThat(inspect("weights_f32.npy", "--field", "data")).isEqualTo(2);

        assertThat(err.toString().strip())
                .isEqualTo("tensorlens: The key weights_f32.npy is a string, not a hash, so it has no field data.");
    }

    @Test
    void aWholeHashOverTheLimitIsMeasuredByItsServerMemory() {
        assertThat(inspect("model:v1", "--max-bytes", "1000")).isEqualTo(2);

        assertThat(err.toString().strip()).matches("tensorlens: model:v1 takes about \\d+ bytes of server memory, "
                + "more than --max-bytes 1000; name one --field, or raise --max-bytes\\.");
    }

    @Test
    void valuesOverTheSizeLimitAreRefusedBeforeReading() {
        assertThat(inspect("weights_f32.npy", "--max-bytes", "1000")).isEqualTo(2);

        assertThat(err.toString().strip()).isEqualTo(
                "tensorlens: weights_f32.npy is 8320 bytes, more than --max-bytes 1000; raise it to read the value.");
    }

    @Test
    void fieldsWithTheirOwnDtypeAndShapeFields() throws IOException {
        raw.sync().hset(bytes("per-field"), Map.of(
                bytes("w"), floats(1, 2, 3, 4, 5, 6), bytes("w:dtype"), bytes("float32"), bytes("w:shape"), bytes("[2, 3]"),
                bytes("b"), floats(0.5f, -0.5f), bytes("b:dtype"), bytes("float32"), bytes("b:shape"), bytes("[2]")));

        JsonNode got = json("per-field");

        assertThat(got.get("exit").asInt()).isZero();
        assertThat(got.get("tensors").findValuesAsText("name")).containsExactlyInAnyOrder("w", "b");
        assertThat(matching(got.get("tensors"), "w").get("shape").toString()).isEqualTo("[2,3]");
        assertThat(matching(got.get("tensors"), "w").get("stats").get("mean").asDouble()).isEqualTo(3.5);
        assertThat(got.get("note").isNull()).as("dtype and shape fields are not tensors of their own").isTrue();

        JsonNode one = json("per-field", "--field", "b");
        assertThat(one.get("tensors").get(0).get("stats").get("min").asDouble()).isEqualTo(-0.5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "head_mnist_f32.npy        | first 3 rows of (32, 784)",
            "head_digits_u8.bin        | first 3 rows of image 0 of (8, 28, 28) (N×H×W)",
            "head_fortran_f64.npy      | first 3 rows of (6, 5)",
            "head_nchw_fortran_f32.npy | first 3 rows of image 0 of (4, 3, 8, 8) (N×C×H×W, each pixel's 3 channels side by side)"})
    void headShowsTheFirstRowsAsNumpyPrintsThem(String name, String title) throws IOException {
        List<String> rows = new ArrayList<>();
        expectedHead.get(name).get("lines").forEach(l -> rows.add(l.asText()));

        assertThat(inspect(name, "--head", "3")).as(err.toString()).isZero();
        List<String> lines = List.of(out.toString().split("\\R"));
        int at = lines.indexOf("  head  " + title);
        assertThat(at).as(out.toString()).isPositive();
        assertThat(lines.subList(at + 1, at + 4)).containsExactlyElementsOf(rows.stream().map(r -> "    " + r).toList());

        JsonNode got = json(name, "--head", "3");
        List<String> head = new ArrayList<>();
        got.get("tensors").get(0).get("head").forEach(l -> head.add(l.asText()));
        assertThat(head).isEqualTo(rows);
    }

    @Test
    void headIsClippedToTheRowsThereAreAndLeftOutUnlessAsked() throws IOException {
        assertThat(inspect("head_fortran_f64.npy", "--head", "100")).isZero();
        assertThat(out.toString()).contains("  head  first 6 rows of (6, 5)");
        assertThat(json("head_fortran_f64.npy", "--head", "100").get("tensors").get(0).get("head")).hasSize(6);

        assertThat(json("head_fortran_f64.npy").get("tensors").get(0).has("head")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2"})
    void headOfNoRowsIsAUsageError(String n) {
        assertThat(inspect("head_fortran_f64.npy", "--head", n)).isEqualTo(2);

        assertThat(err.toString()).contains("--head: " + n + " is not 1 or more");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aRedisAiKeyOnAServerWithoutTheModuleSaysWhy() {
        // TYPE of a real RedisAI tensor is AI_TENSOR; without the module the read fails in the server's words
        StringWriter e = new StringWriter();
        CommandLine cl = TensorlensCommand.commandLine(options -> 0);
        cl.setErr(new PrintWriter(e, true));
        RedisSession s = RedisSession.open(redis.profile()).join();
        try {
            assertThat(new ValueReader(s).readRedisAiTensor(bytes("t")))
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class)
                    .havingCause().withMessageContaining("AI.TENSORGET failed: the server replied \"ERR unknown command");
        } finally {
            s.close();
        }
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static JsonNode matching(JsonNode tensors, String name) {
        if (tensors.size() == 1) {
            return tensors.get(0); // a lone tensor is named after its key or field
        }
        for (JsonNode t : tensors) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no tensor named " + name + " in " + tensors);
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = InspectCommandTest.class.getResourceAsStream("/dev/tensorlens/cli/inspect/" + name)) {
            return in.readAllBytes();
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
