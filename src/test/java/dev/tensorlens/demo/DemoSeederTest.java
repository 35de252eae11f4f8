package dev.tensorlens.demo;

import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ValueReader;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.tensor.write.HalfFloat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a user would check after {@code tensorlens seed-demo}, read back from a real server. */
class DemoSeederTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;
    static long seedMillis;

    @BeforeAll
    static void seed() {
        session = RedisSession.open(redis.profile()).join();
        long start = System.nanoTime();
        assertThat(DemoSeeder.seed(session).join()).isEqualTo(DemoSeeder.KEYS.size());
        seedMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("seeded %d keys in %d ms%n", DemoSeeder.KEYS.size(), seedMillis);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    static byte[] get(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        ValueReader reader = new ValueReader(session);
        return reader.readString(k, reader.describe(k).join().size(), n -> { }).join();
    }

    static byte[] hget(String key, String field) {
        return new ValueReader(session).readHashField(key.getBytes(StandardCharsets.UTF_8),
                field.getBytes(StandardCharsets.UTF_8)).join();
    }

    @Test
    void everyListedKeyExistsAndNothingElse() {
        assertThat(redis.sync().dbsize()).isEqualTo(DemoSeeder.KEYS.size());
        assertThat(redis.sync().exists(DemoSeeder.KEYS.toArray(String[]::new))).isEqualTo(DemoSeeder.KEYS.size());
        assertThat(redis.sync().type(DemoKeys.npyHash(1))).isEqualTo("hash");
        assertThat(redis.sync().type(DemoKeys.VERSIONS)).isEqualTo("zset");
        assertThat(redis.sync().type(DemoKeys.TRAIN)).isEqualTo("set");
    }

    @Test
    void seedingAgainGivesTheSameState() {
        byte[] before = get(DemoKeys.safetensors(2));
        assertThat(DemoSeeder.seed(session).join()).isEqualTo(DemoSeeder.KEYS.size());
        assertThat(redis.sync().dbsize()).isEqualTo(DemoSeeder.KEYS.size());
        assertThat(redis.sync().xlen(DemoKeys.EVENTS)).isEqualTo(DemoKeys.EPOCHS);
        assertThat(redis.sync().llen(DemoKeys.RECENT_BATCHES)).isEqualTo(DemoKeys.CACHED_BATCHES);
        assertThat(get(DemoKeys.safetensors(2))).isEqualTo(before);
    }

    @Test
    void trainingFromScratchGivesTheSameModel() {
        // seed() reuses the training of this JVM; a fresh run must give the same weights (speed is measured
        // in docs/BENCHMARKS.md, not asserted here)
        assertThat(DemoTraining.run().checkpoints.get(2).layer0Weight())
                .isEqualTo(DemoTraining.get().checkpoints.get(2).layer0Weight());
    }

    @Test
    void checkpointsAreNpyAndDifferBetweenEpochs() {
        byte[] v1 = hget(DemoKeys.npyHash(1), "layer0.weight");
        byte[] v3 = hget(DemoKeys.npyHash(3), "layer0.weight");
        assertThat(Arrays.copyOf(v1, 6)).isEqualTo(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        assertThat(new String(v1, 10, 60, StandardCharsets.ISO_8859_1)).contains("'shape': (64, 784)");
        assertThat(v1.length).isEqualTo(128 + 64 * 784 * 4);
        assertThat(v1).isNotEqualTo(v3);
        assertThat(get(DemoKeys.tensorKey(3, "layer0.weight"))).as("per-tensor key = hash field").isEqualTo(v3);
    }

    @Test
    void float16CopyIsTheFloat32CheckpointRounded() {
        ByteBuffer f32 = ByteBuffer.wrap(hget(DemoKeys.npyHash(2), "layer1.bias")).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer f16 = ByteBuffer.wrap(hget(DemoKeys.float16Hash(2), "layer1.bias")).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(f16.array(), 10, 30, StandardCharsets.ISO_8859_1)).contains("'<f2'");
        for (int i = 0; i < 10; i++) {
            assertThat(f16.getShort(128 + 2 * i)).isEqualTo(HalfFloat.fromFloat(f32.getFloat(128 + 4 * i)));
        }
    }

    @Test
    void safetensorsBlobHoldsTheSameTensors() {
        byte[] blob = get(DemoKeys.safetensors(3));
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = b.getLong();
        String header = new String(blob, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"pt\",\"epoch\":\"3\"")
                .contains("\"layer0.weight\":{\"dtype\":\"F32\",\"shape\":[64,784],\"data_offsets\":[0,200704]}");
        assertThat(blob.length).isEqualTo(8 + headerLength + 4L * (64 * 784 + 64 + 10 * 64 + 10));
        byte[] npy = hget(DemoKeys.npyHash(3), "layer0.weight");
        assertThat(Arrays.copyOfRange(blob, (int) (8 + headerLength), (int) (8 + headerLength + 200704)))
                .isEqualTo(Arrays.copyOfRange(npy, 128, npy.length));
    }

    @Test
    void versionsAreOrderedByEpochWithTheirMetrics() {
        assertThat(redis.sync().zrange(DemoKeys.VERSIONS, 0, -1)).containsExactly("v1", "v2", "v3");
        Map<String, String> metrics = redis.sync().hgetall(DemoKeys.METRICS);
        assertThat(metrics).containsKeys("v1", "v2", "v3");
        assertThat(metrics.get("v3")).startsWith("{\"epoch\": 3,").contains("\"test_accuracy\": 0.9");
        assertThat(redis.sync().hget(DemoKeys.MODEL_PARAMS_JSON, "layer1")).startsWith("{\"weights\": [[");
    }

    @Test
    void leakedIdsAreInTrainAndTest() {
        Set<String> train = redis.sync().smembers(DemoKeys.TRAIN);
        Set<String> test = redis.sync().smembers(DemoKeys.TEST);
        Set<String> val = redis.sync().smembers(DemoKeys.VAL);
        List<String> leaked = DemoSeeder.LEAKED_IDS.stream().map(String::valueOf).toList();
        assertThat(train).containsAll(leaked);
        assertThat(test).containsAll(leaked);
        assertThat(test.stream().filter(train::contains).toList()).as("only the deliberate leak")
                .containsExactlyInAnyOrderElementsOf(leaked);
        assertThat(val).doesNotContainAnyElementsOf(train).doesNotContainAnyElementsOf(test);
    }

    @Test
    void cachedBatchesCarryTheirDtypeAndShape() {
        Map<String, String> raw = redis.sync().hgetall(DemoKeys.rawBatch(0));
        assertThat(raw).containsEntry("dtype", "uint8").containsEntry("shape", "[32, 28, 28]");
        assertThat(hget(DemoKeys.rawBatch(0), "data")).hasSize(32 * 28 * 28);
        byte[] normalized = get(DemoKeys.normalizedBatch(0));
        assertThat(normalized).hasSize(128 + 32 * 784 * 4);
        // The first pixel of image 0, scaled: same value in both encodings.
        int rawFirst = hget(DemoKeys.rawBatch(0), "data")[0] & 0xFF;
        float scaled = ByteBuffer.wrap(normalized).order(ByteOrder.LITTLE_ENDIAN).getFloat(128);
        assertThat(scaled).isEqualTo(rawFirst / 255f);
        assertThat(new String(get(DemoKeys.batchLabels(0)), 10, 30, StandardCharsets.ISO_8859_1)).contains("'<i8'");
    }

    @Test
    void malformedValuesReallyAreMalformed() {
        byte[] truncated = get(DemoKeys.TRUNCATED_NPY);
        assertThat(truncated.length).isLessThan(128 + 64 * 4);
        long headerLength = ByteBuffer.wrap(get(DemoKeys.BAD_SAFETENSORS)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength).isGreaterThan(get(DemoKeys.BAD_SAFETENSORS).length);
    }

    @Test
    void picklesAreProtocolFourAndNameTheirGlobals() {
        byte[] pickle = get(DemoKeys.PICKLED_STATE_DICT);
        assertThat(pickle[0]).isEqualTo((byte) 0x80);
        assertThat(pickle[1]).isEqualTo((byte) 4);
        assertThat(pickle[2]).as("FRAME").isEqualTo((byte) 0x95);
        long frame = ByteBuffer.wrap(pickle, 3, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(frame).isEqualTo(pickle.length - 11);
        assertThat(pickle[pickle.length - 1]).as("STOP").isEqualTo((byte) '.');
        String text = new String(pickle, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("ccollections\nOrderedDict\n").contains("ctorch._utils\n_rebuild_tensor_v2\n")
                .contains("layer0.weight");
        assertThat(get(DemoKeys.PICKLED_NORMALIZER)).startsWith((byte) 0x80, (byte) 4, (byte) 0x95);
    }
}
