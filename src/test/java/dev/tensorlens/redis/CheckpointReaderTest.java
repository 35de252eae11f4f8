package dev.tensorlens.redis;

import dev.tensorlens.mlstate.CheckpointContents;
import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.mlstate.MlStateIndex;
import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelLayout;
import dev.tensorlens.mlstate.ModelVersion;
import dev.tensorlens.mlstate.TensorEncoding;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.support.LocalCluster;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Floats;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.SafetensorsCodec;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.tensor.write.RawBytes;
import dev.tensorlens.tensor.write.SafetensorsWriter;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a checkpoint holds, from headers alone, against a real server: checkpoints written with the project's writers
 * in every layout the catalogue finds, the commands that reach the server (headers, never whole values), what a
 * broken or vanished value says, a server that runs no scripts, a cluster; and a layer's values loaded by range.
 */
class CheckpointReaderTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    /** {@code EVAL} renamed away, as managed services and hardened configs do. */
    @RegisterExtension
    static final RedisServerExtension noEval = new RedisServerExtension("--rename-command", "EVAL", "");

    static RedisSession session;
    static ExecutorService decoderThread;
    static CheckpointReader reader;

    static final float[] W0 = range(64 * 32, 0.01f);
    static final float[] B0 = range(64, -0.5f);
    static final float[] W1 = range(10 * 64, 0.003f);
    static final float[] B1 = range(10, 1f);
    static byte[] blob;

    @BeforeAll
    static void start() {
        session = redis.session();
        decoderThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-decoder"));
        reader = new CheckpointReader(session, decoderThread, 4096);
        redis.sync().flushall();
        // a hash per checkpoint, .npy per field; a versions zset scored by epoch
        hset("model:mlp:v1", Map.of("layer0.weight", NpyWriter.float32(new long[] {64, 32}, W0),
                "layer0.bias", NpyWriter.float32(new long[] {64}, B0),
                "layer1.weight", NpyWriter.float16(new long[] {10, 64}, W1),
                "layer1.bias", NpyWriter.float32(new long[] {10}, B1)));
        hset("model:mlp:v2", Map.of("layer0.weight", NpyWriter.float32(new long[] {64, 32}, W0)));
        session.write("ZADD", c -> c.zadd(b("model:mlp:versions"), 1.0, b("v1"))).join();
        session.write("ZADD", c -> c.zadd(b("model:mlp:versions"), 2.0, b("v2"))).join();
        // one safetensors blob per checkpoint: float32, float16 and bfloat16
        blob = new SafetensorsWriter().metadata("epoch", "1")
                .addFloat32("layer0.weight", new long[] {64, 32}, W0)
                .addFloat16("layer0.bias", new long[] {64}, B0)
                .add("layer1.weight", DType.BFLOAT16, new long[] {10, 64}, bfloat16(W1))
                .addFloat32("layer1.bias", new long[] {10}, B1)
                .toBytes();
        set("model:mlp:v1:safetensors", blob);
        // raw tobytes() with per-field dtype/shape siblings
        hset("model:raw:v1", Map.of("w", RawBytes.float32(W1), "w:dtype", b("float32"), "w:shape", b("[10, 64]"),
                "b", RawBytes.float16(B1), "b:dtype", b("float16"), "b:shape", b("(10,)")));
        // one key per tensor
        set("model:pt:v1:layer0.weight", NpyWriter.float32(new long[] {64, 32}, W0));
        set("model:pt:v1:layer0.bias", NpyWriter.float32(new long[] {64}, B0));
        // redis-py's model_params: json.dumps({"weights": [...], "biases": [...]}) per layer
        hset("model_params", Map.of(
                "layer1", b("{\"weights\": [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], \"biases\": [0.0, 1.0]}"),
                "layer2", b("{\"weights\": [[1.5], [2.5], [3.5]], \"biases\": [0.25]}")));
    }

    @AfterAll
    static void stop() {
        decoderThread.shutdownNow();
    }

    static MlStateIndex walk(RedisSession s) throws Exception {
        return new MlStateCatalogue(s, index -> { }).scan(p -> { }).result().get(60, TimeUnit.SECONDS);
    }

    static CheckpointContents contents(CheckpointReader r, ModelEntry model, String version) throws Exception {
        return r.contents(model, model.version(version).orElseThrow()).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aHashOfNpyFieldsIsListedFromItsHeadersWithoutReadingAValue() throws Exception {
        ModelEntry mlp = walk(session).model("mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();
        long hgets = calls("hget") + calls("hgetall") + calls("hscan");
        long evals = calls("eval");

        CheckpointContents v1 = contents(reader, mlp, "v1");

        assertThat(v1.layers()).extracting(LayerInfo::name)
                .as("in natural order, as the catalogue lists the fields")
                .containsExactly("layer0.bias", "layer0.weight", "layer1.bias", "layer1.weight");
        LayerInfo w0 = v1.byName().get("layer0.weight");
        assertThat(w0.format()).isEqualTo("npy");
        assertThat(w0.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(w0.shape()).containsExactly(64, 32);
        assertThat(w0.parameters()).isEqualTo(64 * 32);
        assertThat(w0.bytes()).isEqualTo(128 + 64 * 32 * 4);
        assertThat(w0.part()).isNull();
        assertThat(w0.dataOffset()).as("a hash field has no range read").isEqualTo(-1);
        assertThat(w0.source()).isEqualTo(TensorRef.field("layer0.weight", "model:mlp:v1", "layer0.weight",
                TensorEncoding.SNIFF));
        assertThat(v1.byName().get("layer1.weight").dtype()).isEqualTo(DType.FLOAT16);
        assertThat(v1.byName().get("layer1.weight").shape()).containsExactly(10, 64);
        assertThat(v1.parameters()).isEqualTo(64 * 32 + 64 + 640 + 10);
        assertThat(v1.bytes()).isEqualTo((128 + 64 * 32 * 4) + (128 + 64 * 4) + (128 + 640 * 2) + (128 + 10 * 4));
        assertThat(v1.format()).isEqualTo("npy");
        assertThat(v1.layers()).allMatch(LayerInfo::readable);

        assertThat(calls("eval") - evals).as("one head script per field").isEqualTo(4);
        assertThat(calls("hget") + calls("hgetall") + calls("hscan") - hgets)
                .as("no field was read whole: every HGET ran inside the head script").isEqualTo(4);
    }

    @Test
    void aRememberingReaderReadsAHeaderAgainOnlyOnceItsKeyWasWritten() throws Exception {
        MlStateIndex index = walk(session);
        ModelEntry mlp = index.model("mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();
        CheckpointReader remembering = new CheckpointReader(session, decoderThread).remembering();
        contents(remembering, mlp, "v1");
        contents(remembering, mlp, "v2");
        long evals = calls("eval");

        CheckpointContents again = contents(remembering, mlp, "v1");
        contents(remembering, mlp, "v2");

        assertThat(calls("eval") - evals).as("nothing read again").isZero();
        assertThat(again.layers()).hasSize(4);

        remembering.forget(List.of("model:mlp:v1"));
        contents(remembering, mlp, "v1");
        contents(remembering, mlp, "v2");

        assertThat(calls("eval") - evals).as("v1's four fields read again, v2's not").isEqualTo(4);
    }

    @Test
    void onlyTheHeadersTravelHoweverBigTheValues() throws Exception {
        float[] big = new float[1024 * 1024]; // 4 MiB each
        hset("model:big:v1", Map.of("a", NpyWriter.float32(new long[] {1024, 1024}, big),
                "b", NpyWriter.float32(new long[] {1024, 1024}, big)));
        set("model:big:v1:safetensors", new SafetensorsWriter().addFloat32("a", new long[] {1024, 1024}, big)
                .addFloat32("b", new long[] {1024, 1024}, big).toBytes());
        MlStateIndex index = walk(session);
        long before = netOutputBytes();

        CheckpointContents hash = contents(reader, index.model("big", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow(), "v1");
        CheckpointContents st = contents(reader, index.model("big", ModelLayout.BLOB_PER_CHECKPOINT, "safetensors")
                .orElseThrow(), "v1");

        assertThat(hash.layers()).allSatisfy(l -> assertThat(l.shape()).containsExactly(1024, 1024));
        assertThat(st.layers()).allSatisfy(l -> assertThat(l.shape()).containsExactly(1024, 1024));
        assertThat(hash.bytes() + st.bytes()).isGreaterThan(16L << 20);
        assertThat(netOutputBytes() - before).as("bytes the server sent, its INFO replies included")
                .isLessThan(32 * 1024);
    }

    @Test
    void aFieldTooLongForAHeadScriptIsListedSayingWhyAndTheScriptsCopyLittleAtATime() throws Exception {
        ModelEntry mlp = walk(session).model("mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();
        CheckpointReader small = new CheckpointReader(session, decoderThread, 4096, CheckpointReader.WHOLE_VALUE_MAX_BYTES,
                2000);
        long evals = calls("eval");

        CheckpointContents v1 = contents(small, mlp, "v1");

        LayerInfo w0 = v1.byName().get("layer0.weight");
        assertThat(w0.readable()).isFalse();
        assertThat(w0.bytes()).isEqualTo(8320);
        assertThat(w0.problem()).isEqualTo("Its header was not read for the table: Redis has no range read of a hash "
                + "field, and a field of 8320 bytes is read only whole, or copied whole into a script on the server, "
                + "which holds the server up about 1 ms per 100 KB; fields over 2000 bytes are read whole only when the "
                + "layer itself is read.");
        assertThat(w0.loadable()).as("its value can still be read whole").isTrue();
        assertThat(v1.byName().get("layer0.bias").readable()).isTrue();
        assertThat(v1.byName().get("layer1.bias").readable()).isTrue();
        assertThat(v1.byName().get("layer1.weight").readable()).as("1408 bytes").isTrue();
        assertThat(calls("eval") - evals).isEqualTo(3);
        Tensor loaded = small.load(w0, 1 << 20, TensorLoader.Progress.NONE).get(30, TimeUnit.SECONDS);
        assertThat(loaded.shape()).containsExactly(64, 32);
    }

    @Test
    void aSafetensorsBlobGivesOneLayerPerTensorInTheOrderOfItsDataWithItsOffset() throws Exception {
        ModelEntry st = walk(session).model("mlp", ModelLayout.BLOB_PER_CHECKPOINT, "safetensors").orElseThrow();
        long gets = calls("get");
        long getranges = calls("getrange");

        CheckpointContents v1 = contents(reader, st, "v1");

        long n = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(v1.layers()).extracting(LayerInfo::name)
                .containsExactly("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias");
        assertThat(v1.layers()).extracting(LayerInfo::part)
                .containsExactly("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias");
        assertThat(v1.layers()).extracting(LayerInfo::dtype)
                .containsExactly(DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16, DType.FLOAT32);
        assertThat(v1.layers()).extracting(LayerInfo::bytes).containsExactly(64 * 32 * 4L, 64 * 2L, 640 * 2L, 10 * 4L);
        assertThat(v1.layers()).extracting(LayerInfo::dataOffset)
                .containsExactly(8 + n, 8 + n + 8192, 8 + n + 8192 + 128, 8 + n + 8192 + 128 + 1280);
        assertThat(v1.layers()).extracting(LayerInfo::format).containsOnly("safetensors");
        assertThat(v1.byName().get("layer1.weight").shape()).containsExactly(10, 64);
        assertThat(v1.bytes()).as("the blob, once").isEqualTo(blob.length);
        assertThat(calls("get")).as("not read whole").isEqualTo(gets);
        assertThat(calls("getrange") - getranges).as("the first 4 KiB hold the header").isEqualTo(1);
    }

    @Test
    void aSafetensorsHeaderLongerThanTheFirstBytesIsReadWithOneMoreRangeOfExactlyItsLength() throws Exception {
        SafetensorsWriter many = new SafetensorsWriter();
        for (int i = 0; i < 200; i++) {
            many.addFloat32(String.format(Locale.ROOT, "encoder.layer.%d.attention.output.dense.weight", i),
                    new long[] {2, 2}, new float[] {i, i, i, i});
        }
        byte[] big = many.toBytes();
        set("model:wide:v1", big);
        ModelEntry wide = walk(session).model("wide", ModelLayout.BLOB_PER_CHECKPOINT, "").orElseThrow();
        long getranges = calls("getrange");

        CheckpointContents v1 = contents(reader, wide, "v1");

        assertThat(big.length - 200 * 16).as("header").isGreaterThan(CheckpointReader.HEAD_BYTES);
        assertThat(v1.layers()).hasSize(200);
        assertThat(v1.layers().get(199).name()).isEqualTo("encoder.layer.199.attention.output.dense.weight");
        assertThat(v1.layers().get(199).dataOffset()).isEqualTo(big.length - 16);
        assertThat(calls("getrange") - getranges).isEqualTo(2);
    }

    @Test
    void loadingASafetensorsPartReadsExactlyItsBytesAndEqualsTheTensorDecodedFromTheWholeBlob() throws Exception {
        ModelEntry st = walk(session).model("mlp", ModelLayout.BLOB_PER_CHECKPOINT, "safetensors").orElseThrow();
        CheckpointContents v1 = contents(reader, st, "v1");
        DecodeResult.Decoded whole = (DecodeResult.Decoded) SafetensorsCodec.decode(blob);

        for (LayerInfo layer : v1.layers()) {
            List<long[]> progress = new CopyOnWriteArrayList<>();
            long getranges = calls("getrange");
            Tensor loaded = reader.load(layer, 1 << 20, (done, total) -> progress.add(new long[] {done, total}))
                    .get(30, TimeUnit.SECONDS);
            Tensor expected = whole.tensors().stream().filter(t -> t.name().equals(layer.part())).findFirst().orElseThrow();

            assertThat(loaded.name()).isEqualTo(layer.name());
            assertThat(loaded.dtype()).isEqualTo(expected.dtype());
            assertThat(loaded.shape()).containsExactly(expected.shape());
            for (long i = 0; i < expected.elementCount(); i++) {
                assertThat(loaded.getDouble(i)).as("%s[%d]", layer.name(), i).isEqualTo(expected.getDouble(i));
            }
            assertThat(progress.get(progress.size() - 1)).containsExactly(layer.bytes(), layer.bytes());
            assertThat(calls("getrange") - getranges).as("chunks of 4 KiB").isEqualTo((layer.bytes() + 4095) / 4096);
        }
    }

    @Test
    void aLayerTooLargeIsRefusedBeforeAnyOfItIsReadAndACancelledLoadStops() throws Exception {
        ModelEntry st = walk(session).model("mlp", ModelLayout.BLOB_PER_CHECKPOINT, "safetensors").orElseThrow();
        LayerInfo w0 = contents(reader, st, "v1").byName().get("layer0.weight");
        long getranges = calls("getrange");

        assertThatThrownBy(() -> reader.load(w0, 1000, TensorLoader.Progress.NONE).join()).cause()
                .isInstanceOfSatisfying(ValueTooLargeException.class, e -> {
                    assertThat(e.bytes()).isEqualTo(8192);
                    assertThat(e.limit()).isEqualTo(1000);
                })
                .hasMessage("model:mlp:v1:safetensors tensor layer0.weight is 8192 bytes, more than the 1000 allowed.");
        assertThat(calls("getrange")).isEqualTo(getranges);

        // cancelled by the first chunk's own report: no second chunk goes out
        CheckpointReader inKilobytes = new CheckpointReader(session, Runnable::run, 1024);
        CompletableFuture<CompletableFuture<Tensor>> started = new CompletableFuture<>();
        List<Long> chunks = new CopyOnWriteArrayList<>();
        CountDownLatch reported = new CountDownLatch(1);
        redis.sync().clientPause(200);
        CompletableFuture<Tensor> load = inKilobytes.load(w0, 1 << 20, (done, total) -> {
            chunks.add(done);
            started.orTimeout(5, TimeUnit.SECONDS).join().cancel(true);
            reported.countDown();
        });
        started.complete(load);
        assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
        session.ping().get(10, TimeUnit.SECONDS);
        session.ping().get(10, TimeUnit.SECONDS);
        assertThat(load).isCancelled();
        assertThat(chunks).containsExactly(1024L);
        assertThat(calls("getrange") - getranges).isEqualTo(1);
    }

    @Test
    void npyLayersLoadThroughTheTensorLoader() throws Exception {
        ModelEntry mlp = walk(session).model("mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();
        LayerInfo w1 = contents(reader, mlp, "v1").byName().get("layer1.weight");

        Tensor t = reader.load(w1, 1 << 20, TensorLoader.Progress.NONE).get(30, TimeUnit.SECONDS);

        assertThat(t.name()).isEqualTo("layer1.weight");
        assertThat(t.dtype()).isEqualTo(DType.FLOAT16);
        assertThat(t.shape()).containsExactly(10, 64);
        assertThat(t.getDouble(5)).isEqualTo(W1[5], Offset.offset(1e-3));
    }

    @Test
    void rawFieldsTakeTheirDtypeAndShapeFromTheirSiblings() throws Exception {
        ModelEntry raw = walk(session).model("raw", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();
        long hgets = calls("hget");

        CheckpointContents v1 = contents(reader, raw, "v1");

        assertThat(v1.layers()).extracting(LayerInfo::name).containsExactly("b", "w");
        assertThat(v1.layers()).extracting(LayerInfo::format).containsOnly("raw");
        assertThat(v1.byName().get("w").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(v1.byName().get("w").shape()).containsExactly(10, 64);
        assertThat(v1.byName().get("w").bytes()).isEqualTo(640 * 4);
        assertThat(v1.byName().get("b").dtype()).isEqualTo(DType.FLOAT16);
        assertThat(v1.byName().get("b").shape()).containsExactly(10);
        assertThat(v1.bytes()).as("the data fields, not their dtype and shape").isEqualTo(640 * 4 + 10 * 2);
        assertThat(calls("hget")).isEqualTo(hgets);

        Tensor b = reader.load(v1.byName().get("b"), 1 << 20, TensorLoader.Progress.NONE).get(30, TimeUnit.SECONDS);
        assertThat(b.getDouble(9)).isEqualTo(B1[9], Offset.offset(1e-2));
    }

    @Test
    void aRawFieldWhoseSiblingsDoNotFitIsUnreadableWithTheReason() throws Exception {
        hset("model:badraw:v1", Map.of("w", RawBytes.float32(new float[] {1, 2, 3}), "w:dtype", b("float32"),
                "w:shape", b("[2, 2]")));
        ModelEntry bad = walk(session).model("badraw", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();

        LayerInfo w = contents(reader, bad, "v1").layers().get(0);

        assertThat(w.readable()).isFalse();
        assertThat(w.format()).isEqualTo("raw");
        assertThat(w.bytes()).isEqualTo(12);
        assertThat(w.problem()).isEqualTo("Raw bytes of float32 (2, 2) are 16 bytes, but the field holds 12.");
    }

    @Test
    void keysPerTensorAreOneVersion() throws Exception {
        ModelEntry pt = walk(session).model("pt", ModelLayout.KEY_PER_TENSOR, "").orElseThrow();

        CheckpointContents v1 = contents(reader, pt, "v1");

        assertThat(v1.layers()).extracting(LayerInfo::name).containsExactly("layer0.bias", "layer0.weight");
        assertThat(v1.layers()).extracting(l -> l.source().key())
                .containsExactly("model:pt:v1:layer0.bias", "model:pt:v1:layer0.weight");
        assertThat(v1.byName().get("layer0.weight").shape()).containsExactly(64, 32);
        assertThat(v1.bytes()).isEqualTo(128 + 64 * 4 + 128 + 64 * 32 * 4);
    }

    @Test
    void theModelParamsHashGivesOneLayerPerArrayOfEachJsonField() throws Exception {
        ModelEntry params = walk(session).models().stream()
                .filter(m -> m.layout() == ModelLayout.JSON_PARAMS_HASH).findFirst().orElseThrow();

        CheckpointContents current = contents(reader, params, "current");

        assertThat(current.layers()).extracting(LayerInfo::name)
                .containsExactly("layer1.weights", "layer1.biases", "layer2.weights", "layer2.biases");
        assertThat(current.layers()).extracting(LayerInfo::part).containsExactly("weights", "biases", "weights", "biases");
        LayerInfo w = current.byName().get("layer1.weights");
        assertThat(w.format()).isEqualTo("json");
        assertThat(w.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(w.shape()).containsExactly(2, 3);
        assertThat(current.byName().get("layer2.biases").shape()).containsExactly(1);
        long layer1 = "{\"weights\": [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], \"biases\": [0.0, 1.0]}".length();
        assertThat(w.bytes() + current.byName().get("layer1.biases").bytes()).as("the field's length, shared")
                .isEqualTo(layer1);
        assertThat(current.parameters()).isEqualTo(6 + 2 + 3 + 1);

        Tensor biases = reader.load(current.byName().get("layer1.biases"), 1 << 20, TensorLoader.Progress.NONE)
                .get(30, TimeUnit.SECONDS);
        assertThat(biases.name()).isEqualTo("layer1.biases");
        assertThat(biases.getDouble(1)).isEqualTo(1.0);
    }

    @Test
    void aMalformedNpyHeaderIsAnUnreadableLayerWithTheReasonAndTheOthersStay() throws Exception {
        byte[] truncated = Arrays.copyOf(NpyWriter.float32(new long[] {2, 3}, new float[6]), 30);
        hset("model:broken:v1", Map.of("a", truncated, "b", NpyWriter.float32(new long[] {2}, new float[2]),
                "c", b("trained on digits")));
        ModelEntry broken = walk(session).model("broken", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();

        CheckpointContents v1 = contents(reader, broken, "v1");

        LayerInfo a = v1.byName().get("a");
        assertThat(a.readable()).isFalse();
        assertThat(a.format()).isEqualTo("npy");
        assertThat(a.dtype()).isNull();
        assertThat(a.bytes()).isEqualTo(30);
        assertThat(a.problem()).isEqualTo("Not a valid npy value: at byte 8, header length 118 is more than the 20 "
                + "bytes that follow.");
        assertThat(v1.byName().get("b").readable()).isTrue();
        LayerInfo c = v1.byName().get("c");
        assertThat(c.readable()).isFalse();
        assertThat(c.problem()).isEqualTo("model:broken:v1 field c holds UTF-8 text of 17 bytes, not a tensor.");
        assertThat(v1.format()).isEqualTo("mixed");

        assertThatThrownBy(() -> reader.load(a, 1 << 20, TensorLoader.Progress.NONE).join()).cause()
                .isInstanceOf(RedisOperationException.class)
                .hasMessage("model:broken:v1 field a is not a valid npy value: at byte 8, header length 118 is more "
                        + "than the 20 bytes that follow.");
        assertThatThrownBy(() -> reader.load(c, 1 << 20, TensorLoader.Progress.NONE).join()).cause()
                .hasMessage("model:broken:v1 field c holds UTF-8 text of 17 bytes, not a tensor.");
    }

    @Test
    void aKeyRemovedAfterTheListingIsSaidSoAndAVersionOfOnlySuchKeysIsMissing() throws Exception {
        set("model:gone:v1:layer0.weight", NpyWriter.float32(new long[] {2}, new float[2]));
        set("model:gone:v1:layer0.bias", NpyWriter.float32(new long[] {2}, new float[2]));
        hset("model:gone:v2", Map.of("w", NpyWriter.float32(new long[] {2}, new float[2])));
        MlStateIndex index = walk(session);
        ModelEntry perTensor = index.model("gone", ModelLayout.KEY_PER_TENSOR, "").orElseThrow();
        ModelEntry hash = index.model("gone", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();
        session.write("DEL", c -> c.del(b("model:gone:v1:layer0.bias"), b("model:gone:v2"))).join();

        CheckpointContents v1 = contents(reader, perTensor, "v1");
        CheckpointContents v2 = contents(reader, hash, "v2");

        LayerInfo bias = v1.byName().get("layer0.bias");
        assertThat(bias.format()).isEqualTo(CheckpointReader.MISSING);
        assertThat(bias.problem()).isEqualTo("The key model:gone:v1:layer0.bias no longer exists: it was removed "
                + "after the listing.");
        assertThat(v1.byName().get("layer0.weight").readable()).isTrue();
        assertThat(v1.bytes()).isEqualTo(NpyWriter.float32(new long[] {2}, new float[2]).length);
        assertThat(v2.format()).isEqualTo(CheckpointReader.MISSING);
        assertThat(v2.layers().get(0).problem()).isEqualTo("The key model:gone:v2 no longer exists: it was removed "
                + "after the listing.");
        assertThat(v2.bytes()).isZero();

        // a version a versions zset names, without keys of its own: empty, not an error
        CheckpointContents empty = reader.contents(perTensor, new ModelVersion("v9", List.of())).get(10, TimeUnit.SECONDS);
        assertThat(empty.layers()).isEmpty();
        assertThat(empty.format()).isEqualTo("empty");
    }

    @Test
    void cancellingTheContentsSendsNothingMore() throws Exception {
        ModelEntry mlp = walk(session).model("mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();
        long evals = calls("eval");
        long hstrlens = calls("hstrlen");

        // the server holds the HSTRLENs a moment; the head scripts would follow their replies
        redis.sync().clientPause(300);
        CompletableFuture<CheckpointContents> v1 = reader.contents(mlp, mlp.version("v1").orElseThrow());
        Thread.sleep(100); // written to the socket by then, held by the server
        v1.cancel(true);
        session.ping().get(10, TimeUnit.SECONDS);
        session.ping().get(10, TimeUnit.SECONDS);

        assertThat(v1).isCancelled();
        assertThat(calls("hstrlen") - hstrlens).as("sent before the cancel").isEqualTo(4);
        assertThat(calls("eval") - evals).as("no head script after it").isZero();
    }

    @Test
    void everyVersionOfAModelAtOnce() throws Exception {
        ModelEntry mlp = walk(session).model("mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();

        List<CheckpointContents> all = reader.contentsOf(mlp).get(30, TimeUnit.SECONDS);

        assertThat(all).extracting(c -> c.version().version()).containsExactly("v1", "v2");
        assertThat(all.get(1).layers()).extracting(LayerInfo::name).containsExactly("layer0.weight");
    }

    @Test
    void withoutScriptingAnAclUserStillGetsTheTableFromSmallFieldsReadWhole() throws Exception {
        redis.sync().dispatch(CommandType.ACL,
                new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("SETUSER")
                        .add("noscripts").add("on").add(">secret").add("~*").add("&*").add("+@all").add("-@scripting"));
        ConnectionProfile limited = redis.profile().toBuilder().username("noscripts").password("secret").build();
        try (RedisSession s = RedisSession.open(limited).get(10, TimeUnit.SECONDS)) {
            ModelEntry mlp = walk(s).model("mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();
            long evals = calls("eval");
            long hgets = calls("hget");

            CheckpointContents v1 = new CheckpointReader(s, decoderThread).contents(mlp, mlp.version("v1").orElseThrow())
                    .get(30, TimeUnit.SECONDS);

            assertThat(v1.layers()).allMatch(LayerInfo::readable);
            assertThat(v1.byName().get("layer0.weight").shape()).containsExactly(64, 32);
            assertThat(v1.byName().get("layer1.weight").dtype()).isEqualTo(DType.FLOAT16);
            assertThat(calls("hget") - hgets).as("each field read whole instead").isEqualTo(4);
            assertThat(calls("eval") - evals).as("refused by the ACL before it ran").isZero();
            assertThat(rejected("eval")).isPositive();

            // a field over the limit for whole reads is listed, saying why its header was not read
            CheckpointContents strict = new CheckpointReader(s, decoderThread, 4096, 1000, CheckpointReader.HEAD_SCRIPT_MAX_BYTES)
                    .contents(mlp, mlp.version("v1").orElseThrow()).get(30, TimeUnit.SECONDS);
            LayerInfo w0 = strict.byName().get("layer0.weight");
            assertThat(w0.readable()).isFalse();
            assertThat(w0.bytes()).isEqualTo(128 + 64 * 32 * 4);
            assertThat(w0.problem()).startsWith("Its header was not read: Redis has no range read of a hash field, "
                    + "the script that reads the first bytes of one was refused (NOPERM").endsWith(
                    "and reading all 8320 bytes for the table is more than the 1000 allowed; it is read whole when "
                            + "the layer itself is read.");
            assertThat(w0.loadable()).isTrue();
            assertThat(strict.byName().get("layer0.bias").readable()).as("small enough").isTrue();
            Tensor loaded = new CheckpointReader(s, decoderThread).load(w0, 1 << 20, TensorLoader.Progress.NONE)
                    .get(30, TimeUnit.SECONDS);
            assertThat(loaded.shape()).containsExactly(64, 32);
        }
    }

    @Test
    void withEvalRenamedAwayTheTableIsStillListed() throws Exception {
        RedisSession s = noEval.session();
        s.write("HSET", c -> c.hset(b("model:mlp:v1"), Map.of(b("w"), NpyWriter.float32(new long[] {3, 2}, new float[6]),
                b("b"), NpyWriter.float16(new long[] {3}, new float[3])))).join();
        ModelEntry mlp = walk(s).model("mlp", ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();

        CheckpointContents v1 = new CheckpointReader(s, decoderThread).contents(mlp, mlp.version("v1").orElseThrow())
                .get(30, TimeUnit.SECONDS);

        assertThat(v1.layers()).extracting(LayerInfo::name).containsExactly("b", "w");
        assertThat(v1.byName().get("w").shape()).containsExactly(3, 2);
        assertThat(v1.byName().get("b").dtype()).isEqualTo(DType.FLOAT16);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void throughAClusterEveryKeyIsReadOnTheMasterThatOwnsIt() throws Exception {
        try (LocalCluster cluster = LocalCluster.start("checkpoint-reader")) {
            RedisSession s = cluster.session();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 12; i++) { // spread over the three masters' slots
                String name = "layer" + i + ".weight";
                names.add(name);
                s.write("SET", c -> c.set(b("model:spread:v1:" + name), NpyWriter.float32(new long[] {4, 2}, new float[8])))
                        .get(10, TimeUnit.SECONDS);
            }
            s.write("HSET", c -> c.hset(b("model:spread:v2"), Map.of(b("w"), NpyWriter.float32(new long[] {5}, new float[5]))))
                    .get(10, TimeUnit.SECONDS);
            s.write("SET", c -> c.set(b("model:spread:v3:safetensors"), blob)).get(10, TimeUnit.SECONDS);
            MlStateIndex index = walk(s);
            CheckpointReader clustered = new CheckpointReader(s, decoderThread, 4096);

            CheckpointContents perTensor = contents(clustered, index.model("spread", ModelLayout.KEY_PER_TENSOR, "")
                    .orElseThrow(), "v1");
            CheckpointContents hash = contents(clustered, index.model("spread", ModelLayout.HASH_PER_CHECKPOINT, "")
                    .orElseThrow(), "v2");
            CheckpointContents st = contents(clustered, index.model("spread", ModelLayout.BLOB_PER_CHECKPOINT,
                    "safetensors").orElseThrow(), "v3");

            assertThat(perTensor.layers()).hasSize(12).allMatch(LayerInfo::readable);
            assertThat(perTensor.layers()).allSatisfy(l -> assertThat(l.shape()).containsExactly(4, 2));
            assertThat(hash.layers().get(0).shape()).containsExactly(5);
            assertThat(st.layers()).hasSize(4).allMatch(LayerInfo::readable);
            Tensor w1 = clustered.load(st.byName().get("layer1.weight"), 1 << 20, TensorLoader.Progress.NONE)
                    .get(30, TimeUnit.SECONDS);
            assertThat(w1.dtype()).isEqualTo(DType.BFLOAT16);
            assertThat(w1.getDouble(3)).isEqualTo(Floats.bfloat16ToFloat(bfloat16(W1[3])));
        }
    }

    // ---- helpers ----

    static long netOutputBytes() {
        return redis.sync().info("stats").lines().filter(l -> l.startsWith("total_net_output_bytes:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip())).sum();
    }

    static long calls(String command) {
        return redis.sync().info("commandstats").lines()
                .filter(l -> l.startsWith("cmdstat_" + command + ":"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf("calls=") + 6, l.indexOf(','))))
                .sum();
    }

    /** Commands the server refused before running them (an ACL, a wrong arity): {@code rejected_calls}. */
    static long rejected(String command) {
        return redis.sync().info("commandstats").lines()
                .filter(l -> l.startsWith("cmdstat_" + command + ":"))
                .mapToLong(l -> {
                    int at = l.indexOf("rejected_calls=") + "rejected_calls=".length();
                    int end = l.indexOf(',', at);
                    return Long.parseLong(l.substring(at, end < 0 ? l.length() : end));
                })
                .sum();
    }

    static float[] range(int n, float step) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i - n / 2) * step;
        }
        return v;
    }

    static byte[] bfloat16(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buf.putShort(bfloat16(v));
        }
        return buf.array();
    }

    /** Rounded to nearest even, as ml_dtypes and torch round float32 to bfloat16. */
    static short bfloat16(float v) {
        int bits = Float.floatToIntBits(v);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    static void set(String key, byte[] value) {
        session.write("SET", c -> c.set(b(key), value)).join();
    }

    static void hset(String key, Map<String, byte[]> fields) {
        Map<byte[], byte[]> raw = new HashMap<>();
        fields.forEach((f, v) -> raw.put(b(f), v));
        session.write("HSET", c -> c.hset(b(key), raw)).join();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
