package dev.tensorlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tensorlens.demo.DemoKeys;
import dev.tensorlens.demo.DemoSeeder;
import dev.tensorlens.mlstate.ModelVersion;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.tensor.write.NpyWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.tensorlens.cli.CommandTestSupport.names;
import static dev.tensorlens.support.PythonScripts.python3With;
import static dev.tensorlens.support.PythonScripts.runPythonScript;
import static dev.tensorlens.cli.CommandTestSupport.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code tensorlens models} against a real server: the demo's checkpoints in every layout, as JSON checked field by
 * field and as a table; a tensor whose header is broken; an empty database; an unreachable server; and checkpoints
 * written by Python (numpy, redis-py) compared with numpy's own dtypes and shapes, where python3 has both.
 * Each case has a database of its own.
 */
class ModelsCommandTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static final int DEMO_DB = 0;
    static final int BROKEN_DB = 2;
    static final int EMPTY_DB = 3;
    static final int PYTHON_DB = 4;

    static RedisClient client;
    static StatefulRedisConnection<byte[], byte[]> raw;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeAll
    static void seed() throws Exception {
        DemoSeeder.seed(redis.session()).get(60, TimeUnit.SECONDS);
        client = RedisClient.create(redis.uri());
        raw = client.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterAll
    static void close() {
        raw.close();
        client.shutdown();
    }

    int run(String... args) {
        return CommandTestSupport.run(out, err, args);
    }

    String uri(int db) {
        return redis.uri() + "/" + db;
    }

    @Test
    void theDemosModelsAsJsonFieldByField() throws Exception {
        assertThat(run("models", "--json", "--uri", uri(DEMO_DB))).as(err.toString()).isZero();

        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(names(root)).containsExactly("models");
        JsonNode models = root.get("models");
        List<String> found = new ArrayList<>();
        models.forEach(m -> found.add(m.get("name").asText() + "/" + m.get("layout").asText()
                + (m.has("variant") ? "/" + m.get("variant").asText() : "")));
        assertThat(found).as("the catalogue's order: name, layout, variant").containsExactly(
                "digits-mlp/HASH_PER_CHECKPOINT", "digits-mlp/HASH_PER_CHECKPOINT/fp16",
                "digits-mlp/BLOB_PER_CHECKPOINT/safetensors", "digits-mlp/KEY_PER_TENSOR", "model/JSON_PARAMS_HASH");
        for (JsonNode m : models) {
            assertThat(names(m)).isSubsetOf("name", "layout", "variant", "versions").contains("name", "layout", "versions");
            for (JsonNode v : m.get("versions")) {
                assertThat(names(v)).isSubsetOf("version", "key", "field", "format", "parameters", "bytes", "tensors")
                        .contains("version", "key", "format", "parameters", "bytes", "tensors");
                long parameters = 0;
                for (JsonNode t : v.get("tensors")) {
                    assertThat(names(t)).isSubsetOf("name", "key", "field", "dtype", "shape", "parameters")
                            .contains("name", "key", "dtype", "shape", "parameters");
                    long product = 1;
                    for (JsonNode d : t.get("shape")) {
                        product *= d.asLong();
                    }
                    assertThat(t.get("parameters").asLong()).isEqualTo(product);
                    parameters += product;
                }
                assertThat(v.get("parameters").asLong()).isEqualTo(parameters);
            }
        }

        // a hash per checkpoint: the hash is the version's key, its fields the tensors, in natural order
        JsonNode hash = model(models, "digits-mlp", "HASH_PER_CHECKPOINT", null);
        assertThat(versions(hash)).containsExactly("v1", "v2", "v3");
        JsonNode v3 = hash.get("versions").get(2);
        assertThat(v3.get("key").asText()).isEqualTo(DemoKeys.npyHash(3));
        assertThat(v3.has("field")).isFalse();
        assertThat(v3.get("format").asText()).isEqualTo("npy");
        assertThat(v3.get("parameters").asLong()).isEqualTo(64 * 784 + 64 + 10 * 64 + 10);
        long hashBytes = 0;
        for (String t : DemoKeys.TENSORS) {
            hashBytes += raw.sync().hstrlen(b(DemoKeys.npyHash(3)), b(t));
        }
        assertThat(v3.get("bytes").asLong()).isEqualTo(hashBytes);
        JsonNode w0 = v3.get("tensors").get(1);
        assertThat(texts(v3.get("tensors"), "name"))
                .containsExactly("layer0.bias", "layer0.weight", "layer1.bias", "layer1.weight");
        assertThat(w0.get("key").asText()).isEqualTo(DemoKeys.npyHash(3));
        assertThat(w0.get("field").asText()).isEqualTo("layer0.weight");
        assertThat(w0.get("dtype").asText()).isEqualTo("float32");
        assertThat(longs(w0.get("shape"))).containsExactly(64L, 784L);
        assertThat(w0.get("parameters").asLong()).isEqualTo(64 * 784);

        JsonNode fp16 = model(models, "digits-mlp", "HASH_PER_CHECKPOINT", "fp16");
        assertThat(texts(fp16.get("versions").get(0).get("tensors"), "dtype")).containsOnly("float16");

        // a safetensors blob: one key, every tensor in it, no field
        JsonNode blob = model(models, "digits-mlp", "BLOB_PER_CHECKPOINT", "safetensors").get("versions").get(0);
        assertThat(blob.get("key").asText()).isEqualTo(DemoKeys.safetensors(1));
        assertThat(blob.get("format").asText()).isEqualTo("safetensors");
        assertThat(blob.get("bytes").asLong()).isEqualTo(raw.sync().strlen(b(DemoKeys.safetensors(1))));
        assertThat(texts(blob.get("tensors"), "key")).containsOnly(DemoKeys.safetensors(1));
        assertThat(blob.get("tensors").get(0).has("field")).isFalse();
        assertThat(texts(blob.get("tensors"), "name"))
                .containsExactly("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias");

        // one key per tensor: the version's key is the glob of its keys
        JsonNode perTensor = model(models, "digits-mlp", "KEY_PER_TENSOR", null).get("versions").get(1);
        assertThat(perTensor.get("key").asText()).isEqualTo("model:digits-mlp:v2:*");
        assertThat(texts(perTensor.get("tensors"), "key")).contains(DemoKeys.tensorKey(2, "layer0.weight"));
        assertThat(perTensor.get("tensors").get(0).has("field")).isFalse();

        // model_params: one JSON field, so the version is that field; an array per tensor
        JsonNode params = model(models, "model", "JSON_PARAMS_HASH", null).get("versions").get(0);
        assertThat(params.get("version").asText()).isEqualTo("current");
        assertThat(params.get("key").asText()).isEqualTo(DemoKeys.MODEL_PARAMS_JSON);
        assertThat(params.get("field").asText()).isEqualTo("layer1");
        assertThat(params.get("format").asText()).isEqualTo("json");
        assertThat(texts(params.get("tensors"), "name")).containsExactly("layer1.weights", "layer1.biases");
        assertThat(texts(params.get("tensors"), "dtype")).containsOnly("float64");
        assertThat(longs(params.get("tensors").get(0).get("shape"))).containsExactly(10L, 64L);
    }

    @Test
    void theTableHasARowPerVersion() {
        assertThat(run("models", "--uri", uri(DEMO_DB))).isZero();

        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).matches("MODEL +LAYOUT +VERSION +FORMAT +TENSORS +PARAMETERS +BYTES +KEY");
        assertThat(lines).hasSize(1 + 3 * 4 + 1);
        long hashBytes = 0;
        for (String t : DemoKeys.TENSORS) {
            hashBytes += raw.sync().hstrlen(b(DemoKeys.npyHash(1)), b(t));
        }
        String v1 = "digits-mlp +hash per checkpoint +v1 +npy +4 +50,890 +"
                + String.format(Locale.ROOT, "%,d", hashBytes) + " +model:digits-mlp:v1";
        assertThat(lines).anyMatch(l -> l.matches(v1));
        assertThat(lines).anyMatch(l -> l.matches("digits-mlp \\(safetensors\\) +blob per checkpoint +v3 +safetensors .*"));
        assertThat(lines).anyMatch(l -> l.matches("digits-mlp +key per tensor +v2 +npy +4 .* model:digits-mlp:v2:\\*"));
        assertThat(lines).anyMatch(l -> l.matches("model +json params hash +current +json +2 +650 .* model_params field layer1"));
    }

    @Test
    void aTensorWhoseHeaderIsBrokenIsNamedWithItsReasonAndExitsThree() throws Exception {
        byte[] truncated = Arrays.copyOf(NpyWriter.float32(new long[] {2, 3}, new float[6]), 30);
        raw.sync().select(BROKEN_DB);
        try {
            raw.sync().hset(b("model:broken:v1"), Map.of(b("a"), truncated,
                    b("b"), NpyWriter.float32(new long[] {2}, new float[2])));
        } finally {
            raw.sync().select(0);
        }

        assertThat(run("models", "--json", "--uri", uri(BROKEN_DB))).isEqualTo(InspectCommand.EXIT_NOT_A_TENSOR);
        JsonNode a = new ObjectMapper().readTree(out.toString()).get("models").get(0).get("versions").get(0)
                .get("tensors").get(0);
        assertThat(a.get("name").asText()).isEqualTo("a");
        assertThat(a.get("dtype").isNull()).isTrue();
        assertThat(a.get("shape").isEmpty()).isTrue();
        assertThat(a.get("parameters").asLong()).isZero();
        assertThat(a.get("problem").asText()).isEqualTo("Not a valid npy value: at byte 8, header length 118 is more "
                + "than the 20 bytes that follow.");

        out.getBuffer().setLength(0);
        assertThat(run("models", "--uri", uri(BROKEN_DB))).isEqualTo(InspectCommand.EXIT_NOT_A_TENSOR);
        assertThat(out.toString()).contains("broken  hash per checkpoint  v1       npy")
                .contains("Tensors whose header could not be read:\n  broken v1 a: Not a valid npy value: at byte 8, "
                        + "header length 118 is more than the 20 bytes that follow.");
    }

    @Test
    void anEmptyDatabaseHasNoModels() throws Exception {
        assertThat(run("models", "--uri", uri(EMPTY_DB))).isZero();
        assertThat(out.toString().strip()).isEqualTo("No models found.");

        out.getBuffer().setLength(0);
        assertThat(run("models", "--json", "--uri", uri(EMPTY_DB))).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("models").isEmpty()).isTrue();
    }

    @Test
    void anUnreachableServerIsOneSentenceAndExitTwo() {
        assertThat(run("models", "--uri", "redis://127.0.0.1:1")).isEqualTo(TensorlensCommand.EXIT_USAGE_OR_CONNECTION);

        assertThat(err.toString().strip()).isEqualTo(
                "tensorlens: Connecting to 127.0.0.1:1 failed: the connection was refused: no Redis server is listening there.");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMalformedUriIsAUsageError() {
        assertThat(run("models", "--uri", "http://nope")).isEqualTo(TensorlensCommand.EXIT_USAGE_OR_CONNECTION);
        assertThat(err.toString()).contains("--uri");
    }

    @Test
    void aVersionsKeyIsItsOneKeyOrTheGlobOfItsKeys() {
        assertThat(ModelsCommand.versionKey(version("model:x:v1"))).isEqualTo("model:x:v1");
        assertThat(ModelsCommand.versionKey(version("model:x:v1:a.weight", "model:x:v1:a.bias"))).isEqualTo("model:x:v1:*");
        assertThat(ModelsCommand.versionKey(version("w:[r]:conv1", "w:[r]:conv2"))).isEqualTo("w:\\[r\\]:*");
        assertThat(ModelsCommand.versionKey(version("a:b", "a:b:c"))).isEqualTo("a:b*");
        assertThat(ModelsCommand.versionKey(version("x:1", "y:2"))).isEqualTo("*");
        assertThat(ModelsCommand.versionKey(new ModelVersion("v9", List.of()))).isNull();
    }

    /**
     * Checkpoints written by Python as docs/STORAGE.md shows (np.save into a hash, safetensors bytes, one key per
     * tensor, tobytes() with dtype/shape, json.dumps in model_params): every tensor's dtype and shape as numpy says.
     */
    @Test
    void checkpointsWrittenByPythonHaveNumpysDtypesAndShapes() throws Exception {
        String python = python3With("redis, numpy");
        assumeTrue(python != null, "python3 with redis and numpy is not installed");
        String printed = runPythonScript(python, "/dev/tensorlens/cli/models/write_checkpoints.py", redis.port(), PYTHON_DB);
        JsonNode numpy = new ObjectMapper().readTree(printed);

        assertThat(run("models", "--json", "--uri", uri(PYTHON_DB))).as(err.toString()).isZero();

        Map<String, JsonNode> listed = new HashMap<>();
        for (JsonNode m : new ObjectMapper().readTree(out.toString()).get("models")) {
            for (JsonNode v : m.get("versions")) {
                for (JsonNode t : v.get("tensors")) {
                    listed.put(t.get("key").asText() + "|" + (t.has("field") ? t.get("field").asText() : "") + "|"
                            + t.get("name").asText(), t);
                }
            }
        }
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(names(numpy));
        for (Iterator<Map.Entry<String, JsonNode>> it = numpy.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode t = listed.get(e.getKey());
            assertThat(t.get("dtype").asText()).as(e.getKey()).isEqualTo(e.getValue().get("dtype").asText());
            assertThat(longs(t.get("shape"))).as(e.getKey()).isEqualTo(longs(e.getValue().get("shape")));
        }
    }

    static ModelVersion version(String... keys) {
        return new ModelVersion("v1", Arrays.stream(keys).map(k -> TensorRef.wholeKey(k, k)).toList());
    }

    static JsonNode model(JsonNode models, String name, String layout, String variant) {
        for (JsonNode m : models) {
            if (m.get("name").asText().equals(name) && m.get("layout").asText().equals(layout)
                    && (variant == null ? !m.has("variant") : m.has("variant") && m.get("variant").asText().equals(variant))) {
                return m;
            }
        }
        throw new AssertionError("no model " + name + " " + layout + " " + variant);
    }

    static List<String> versions(JsonNode model) {
        return texts(model.get("versions"), "version");
    }

    static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
