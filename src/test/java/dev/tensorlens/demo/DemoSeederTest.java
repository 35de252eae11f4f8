package dev.tensorlens.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ValueReader;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.Sniffer;
import dev.tensorlens.tensor.codec.ValueContext;
import dev.tensorlens.tensor.write.HalfFloat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

    static Tensor decode(String key) {
        DecodeResult result = Sniffer.decode(get(key), ValueContext.ofKey(key));
        assertThat(result).as(key).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).tensors().get(0);
    }

    @Test
    void rgbBatchIsUint8NhwcAndItsTargetsAreTheDigitsDrawn() {
        Tensor rgb = decode(DemoKeys.RGB_IMAGES);
        assertThat(rgb.dtype()).isEqualTo(DType.UINT8);
        assertThat(rgb.shape()).containsExactly(16, 32, 32, 3);
        Tensor targets = decode(DemoKeys.RGB_TARGETS);
        assertThat(targets.dtype()).isEqualTo(DType.INT64);
        assertThat(targets.shape()).containsExactly(16);
        // the same first 16 images as cached batch 0: its labels, and its pixels padded by 2
        Tensor batchLabels = decode(DemoKeys.batchLabels(0));
        byte[] raw = hget(DemoKeys.rawBatch(0), "data");
        List<List<Integer>> inkColours = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            assertThat(targets.getDouble(i)).as("target %d", i).isEqualTo(batchLabels.getDouble(i));
            List<Integer> ink = null;
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean inside = y >= 2 && y < 30 && x >= 2 && x < 30;
                    int grey = inside ? raw[i * 784 + (y - 2) * 28 + x - 2] & 0xFF : 0;
                    List<Integer> pixel = List.of((int) rgb.getDouble(rgb.storageIndex(i, y, x, 0)),
                            (int) rgb.getDouble(rgb.storageIndex(i, y, x, 1)),
                            (int) rgb.getDouble(rgb.storageIndex(i, y, x, 2)));
                    if (grey == 0) {
                        assertThat(pixel).as("image %d background at (%d, %d)", i, y, x).containsExactly(18, 20, 38);
                    } else if (grey == 255) {
                        ink = pixel;
                    }
                }
            }
            assertThat(ink).as("image %d has full-ink pixels", i).isNotNull();
            inkColours.add(ink);
        }
        assertThat(inkColours).as("one hue per image").doesNotHaveDuplicates();
        assertThat(inkColours).allSatisfy(c -> assertThat(c.stream().distinct().count()).as("coloured, not grey")
                .isGreaterThan(1));
    }

    @Test
    void chwBatchUndoneWithTheImagenetMeanAndStdGivesBackThePixels() {
        Tensor x = decode(DemoKeys.CHW_IMAGES);
        assertThat(x.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(x.shape()).containsExactly(16, 3, 32, 32);
        Tensor rgb = decode(DemoKeys.RGB_IMAGES);
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        for (int i = 0; i < 16; i++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int col = 0; col < 32; col++) {
                        double undone = x.getDouble(x.storageIndex(i, c, y, col)) * std[c] + mean[c];
                        assertThat(undone).isCloseTo(rgb.getDouble(rgb.storageIndex(i, y, col, c)) / 255,
                                within(1 / 255.0));
                    }
                }
            }
        }
        assertThat(get(DemoKeys.CHW_LABELS)).as("the same labels").isEqualTo(get(DemoKeys.RGB_TARGETS));
    }

    @Test
    void theDigitsLabelsGiveTheClassOfEveryIdInTheSplits() {
        Map<String, String> labels = redis.sync().hgetall(DemoKeys.DIGITS_LABELS);
        Set<String> ids = new HashSet<>(redis.sync().smembers(DemoKeys.TRAIN));
        ids.addAll(redis.sync().smembers(DemoKeys.VAL));
        ids.addAll(redis.sync().smembers(DemoKeys.TEST));
        assertThat(labels.keySet()).isEqualTo(ids);
        int[] digits = DemoTraining.get().images.labels();
        assertThat(labels).allSatisfy((id, digit) -> assertThat(digit).isEqualTo(Integer.toString(digits[Integer.parseInt(id)])));
        assertThat(new HashSet<>(labels.values())).as("every class present").hasSize(10);
    }

    @Test
    void theTutorialSetsSplitThePreprocessedRowsWithoutALeakAndTheReviewsSplitIsWeighted() {
        Set<String> train = redis.sync().smembers(DemoKeys.TUTORIAL_TRAIN);
        Set<String> val = redis.sync().smembers(DemoKeys.TUTORIAL_VAL);
        Set<String> test = redis.sync().smembers(DemoKeys.TUTORIAL_TEST);
        assertThat(List.of(train.size(), val.size(), test.size())).containsExactly(48, 8, 8);
        Set<String> all = new HashSet<>(train);
        all.addAll(val);
        all.addAll(test);
        assertThat(all).as("ids 0 … 63, each in one split").hasSize(64)
                .allMatch(id -> Integer.parseInt(id) >= 0 && Integer.parseInt(id) < 64);

        assertThat(redis.sync().type(DemoKeys.REVIEWS_TRAIN)).isEqualTo("zset");
        assertThat(redis.sync().zrange(DemoKeys.REVIEWS_TRAIN, 0, -1)).hasSize(9)
                .allMatch(i -> Integer.parseInt(i) <= 8);
        assertThat(redis.sync().zscore(DemoKeys.REVIEWS_TRAIN, "1")).as("a complaint, weighted up").isEqualTo(2.0);
        assertThat(redis.sync().zscore(DemoKeys.REVIEWS_TRAIN, "0")).isEqualTo(1.0);
        assertThat(redis.sync().smembers(DemoKeys.REVIEWS_TEST)).containsExactlyInAnyOrder("9", "10", "11");
        assertThat(redis.sync().llen(DemoKeys.REVIEWS_TEXT)).as("the indexes point into the reviews").isEqualTo(12);
    }

    @Test
    void preprocessedDataIsTheTutorialsJsonHash() throws Exception {
        Map<String, String> hash = redis.sync().hgetall(DemoKeys.PREPROCESSED_DATA);
        assertThat(hash).containsOnlyKeys("features", "labels");
        ObjectMapper json = new ObjectMapper();
        JsonNode features = json.readTree(hash.get("features"));
        JsonNode labels = json.readTree(hash.get("labels"));
        assertThat(features).hasSize(64);
        assertThat(labels).hasSize(64);
        assertThat(features).allSatisfy(row -> {
            assertThat(row).hasSize(8);
            assertThat(row).allSatisfy(v -> assertThat(v.isDouble()).as("a Python float: %s", v).isTrue());
        });
        int[] digits = DemoTraining.get().images.labels();
        for (int i = 0; i < 64; i++) {
            assertThat(labels.get(i).intValue()).isEqualTo(digits[i]);
            assertThat(features.get(i).get(3).doubleValue()).as("ink rows").isBetween(1.0, 28.0);
        }
        // Python's json.dumps: ", " between items, floats as repr writes them (19.0, 0.1234)
        assertThat(hash.get("features")).startsWith("[[").contains("], [").doesNotContain(",[").doesNotContain("E");
        assertThat(hash.get("labels")).matches("\\[\\d(, \\d){63}]");
        assertThat(json.readTree(redis.sync().get(DemoKeys.LABEL_NAMES)).get(3).asText()).isEqualTo("three");
    }

    @Test
    void fortranFeaturesSayFortranOrderAndReadByColumns() {
        byte[] npy = get(DemoKeys.FORTRAN_FEATURES);
        assertThat(new String(npy, 10, 60, StandardCharsets.ISO_8859_1))
                .contains("'descr': '<f8', 'fortran_order': True, 'shape': (32, 6)");
        Tensor t = decode(DemoKeys.FORTRAN_FEATURES);
        assertThat(t.fortranOrder()).isTrue();
        double[] image1 = CachedData.features(DemoTraining.get().images, 1);
        for (int c = 0; c < 6; c++) {
            assertThat(t.getDouble(t.storageIndex(1, c))).isEqualTo(image1[c]);
        }
    }

    @Test
    void reviewsTokensAndVocabularyLineUp() throws Exception {
        List<String> text = redis.sync().lrange(DemoKeys.REVIEWS_TEXT, 0, -1);
        List<String> tokens = redis.sync().lrange(DemoKeys.REVIEWS_TOKENS, 0, -1);
        assertThat(text).hasSize(12);
        assertThat(tokens).hasSameSizeAs(text);
        ObjectMapper json = new ObjectMapper();
        JsonNode vocab = json.readTree(redis.sync().get(DemoKeys.VOCAB));
        assertThat(vocab.get(0).asText()).isEqualTo("<pad>");
        List<Integer> lengths = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            StringBuilder decoded = new StringBuilder();
            json.readTree(tokens.get(i)).forEach(id -> decoded.append(vocab.get(id.intValue()).asText()));
            assertThat(decoded.toString()).as("review %d read back", i)
                    .isEqualTo(text.get(i).toLowerCase(Locale.ROOT).replace(" ", ""));
            lengths.add(json.readTree(tokens.get(i)).size());
        }
        assertThat(lengths.stream().distinct().count()).as("ragged").isGreaterThan(3);
    }

    @Test
    void cachedDataValuesStaySmall() {
        for (String key : List.of(DemoKeys.RGB_IMAGES, DemoKeys.CHW_IMAGES, DemoKeys.FORTRAN_FEATURES, DemoKeys.VOCAB)) {
            assertThat(redis.sync().strlen(key)).as(key).isLessThan(1 << 20);
        }
        assertThat(redis.sync().hstrlen(DemoKeys.PREPROCESSED_DATA, "features")).isLessThan(1 << 20);
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
