package dev.tensorlens.demo;

import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ValueWriter;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.tensor.write.RawBytes;
import dev.tensorlens.tensor.write.SafetensorsWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Fills a server with real ML state made in Java (see {@link DemoTraining}): the checkpoints of a small MLP
 * trained on synthetic digits, in the layouts of docs/STORAGE.md and a few from the wild; cached batches and
 * preprocessed data of every kind the Data view reads ({@link CachedData}); dataset splits with a deliberate
 * train/test leak and their labels beside them, the tutorial's {@code train_dataset} sets and a weighted split in a
 * sorted set; and some malformed and pickled values — so every view has something true to show. Seeding deletes its keys first, so seeding twice gives the same state.
 */
public final class DemoSeeder {

    /** The keys the seeder writes, so tests and the README can name them. */
    public static final List<String> KEYS = DemoKeys.all();

    /** Train ids that were also put into the test split, for the leak the datasets view should find. */
    public static final List<Integer> LEAKED_IDS = List.of(7, 123, 456, 1024, 1999);

    /** Reviews {@code 0 … 8} are the weighted train split of the reviews dataset, the rest its test split. */
    static final int REVIEWS_IN_TRAIN = 9;

    private DemoSeeder() {
    }

    /**
     * Starts the (deterministic, cached) training in the background, so it overlaps with opening the connection;
     * {@link #seed} then finds it done or waits for it.
     */
    public static CompletableFuture<Void> prepareAsync(Executor executor) {
        return CompletableFuture.runAsync(DemoTraining::get, executor);
    }

    /** {@link #prepareAsync(Executor)} on a thread of its own, for a command that has no executor to lend. */
    public static CompletableFuture<Void> prepareAsync() {
        return prepareAsync(task -> {
            Thread t = new Thread(task, "tensorlens-demo-training");
            t.setDaemon(true);
            t.start();
        });
    }

    /** Writes the demo, replacing these keys if they exist; the future gives the number of keys written. */
    public static CompletableFuture<Integer> seed(RedisSession session) {
        DemoTraining training;
        try {
            training = DemoTraining.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Writes w = new Writes(session);
        // One connection keeps commands in order, so the DEL lands before the writes (lists, sets and streams
        // would otherwise grow with every seed).
        w.add(w.writer.delete(KEYS.stream().map(DemoSeeder::utf8).toList()));
        w.set(DemoKeys.README, utf8("This is Tensorlens's demo server: a private redis-server that goes away when "
                + "the window closes. model:digits-mlp holds a 784-64-10 MLP trained in Java on synthetic digits."));
        writeModel(w, training);
        writeCachedBatches(w, training);
        writeCachedData(w, training);
        writeSplits(w, training);
        writeOddValues(w, training);
        return w.done().thenApply(v -> KEYS.size());
    }

    private static void writeModel(Writes w, DemoTraining training) {
        w.set(DemoKeys.CONFIG, utf8(String.format(Locale.ROOT, "{\"layers\": [%d, %d, %d], \"activation\": \"relu\", "
                        + "\"loss\": \"softmax_cross_entropy\", \"optimizer\": \"sgd\", \"lr\": %s, \"epochs\": %d, "
                        + "\"train_images\": %d, \"seed\": %d}", Mlp.INPUTS, Mlp.HIDDEN, Mlp.CLASSES,
                DemoTraining.LEARNING_RATE, DemoTraining.EPOCHS, DemoTraining.TRAIN, DemoTraining.SEED)));
        List<ValueWriter.Scored> versions = new ArrayList<>();
        Map<byte[], byte[]> metrics = new LinkedHashMap<>();
        for (Checkpoint checkpoint : training.checkpoints) {
            int epoch = checkpoint.epoch();
            versions.add(new ValueWriter.Scored(epoch, utf8(checkpoint.version())));
            metrics.put(utf8(checkpoint.version()), utf8(checkpoint.metricsJson()));

            Map<byte[], byte[]> npy = new LinkedHashMap<>();
            Map<byte[], byte[]> half = new LinkedHashMap<>();
            SafetensorsWriter safetensors = new SafetensorsWriter()
                    .metadata("format", "pt").metadata("epoch", Integer.toString(epoch))
                    .metadata("test_accuracy", String.format(Locale.ROOT, "%.4f", checkpoint.testAccuracy()));
            for (Checkpoint.Tensor t : checkpoint.tensors().values()) {
                byte[] tensorNpy = NpyWriter.float32(t.shape(), t.values());
                npy.put(utf8(t.name()), tensorNpy);
                half.put(utf8(t.name()), NpyWriter.float16(t.shape(), t.values()));
                safetensors.addFloat32(t.name(), t.shape(), t.values());
                w.set(DemoKeys.tensorKey(epoch, t.name()), tensorNpy);
            }
            w.hset(DemoKeys.npyHash(epoch), npy);
            w.hset(DemoKeys.float16Hash(epoch), half);
            w.set(DemoKeys.safetensors(epoch), safetensors.toBytes());

            Map<byte[], byte[]> event = new LinkedHashMap<>();
            event.put(utf8("epoch"), utf8(Integer.toString(epoch)));
            event.put(utf8("train_loss"), utf8(String.format(Locale.ROOT, "%.4f", checkpoint.trainLoss())));
            event.put(utf8("val_accuracy"), utf8(String.format(Locale.ROOT, "%.4f", checkpoint.valAccuracy())));
            w.add(w.writer.xadd(utf8(DemoKeys.EVENTS), event));
        }
        w.add(w.writer.zadd(utf8(DemoKeys.VERSIONS), versions));
        w.hset(DemoKeys.METRICS, metrics);

        Checkpoint last = training.checkpoints.get(training.checkpoints.size() - 1);
        Map<byte[], byte[]> params = new LinkedHashMap<>();
        params.put(utf8("layer1"), utf8("{\"weights\": " + jsonMatrix(last.layer1Weight(), Mlp.CLASSES, Mlp.HIDDEN)
                + ", \"biases\": " + jsonMatrix(last.layer1Bias(), 1, Mlp.CLASSES) + "}"));
        w.hset(DemoKeys.MODEL_PARAMS_JSON, params);
    }

    private static void writeCachedBatches(Writes w, DemoTraining training) {
        int size = DemoKeys.BATCH_SIZE;
        byte[][] names = new byte[DemoKeys.CACHED_BATCHES][];
        for (int b = 0; b < DemoKeys.CACHED_BATCHES; b++) {
            int from = b * size;
            float[] normalized = new float[size * DigitImages.PIXELS];
            long[] labels = new long[size];
            for (int i = 0; i < size; i++) {
                System.arraycopy(training.images.normalized(from + i), 0, normalized, i * DigitImages.PIXELS,
                        DigitImages.PIXELS);
                labels[i] = training.images.labels()[from + i];
            }
            w.set(DemoKeys.normalizedBatch(b), NpyWriter.float32(new long[] {size, DigitImages.PIXELS}, normalized));
            Map<byte[], byte[]> raw = new LinkedHashMap<>();
            raw.put(utf8("data"), RawBytes.bytes(training.images.rawImages(from, from + size)));
            raw.put(utf8("dtype"), utf8("uint8"));
            raw.put(utf8("shape"), utf8("[" + size + ", 28, 28]"));
            w.hset(DemoKeys.rawBatch(b), raw);
            w.set(DemoKeys.batchLabels(b), NpyWriter.write(DType.INT64, new long[] {size}, RawBytes.int64(labels)));
            names[b] = utf8(DemoKeys.normalizedBatch(b)); // the list names keys that exist
        }
        w.add(w.writer.rpush(utf8(DemoKeys.RECENT_BATCHES), names));
    }

    private static void writeCachedData(Writes w, DemoTraining training) {
        DigitImages images = training.images;
        Map<byte[], byte[]> preprocessed = new LinkedHashMap<>();
        preprocessed.put(utf8("features"), utf8(CachedData.featuresJson(images, CachedData.FEATURE_ROWS)));
        preprocessed.put(utf8("labels"), utf8(CachedData.labelsJson(images, CachedData.FEATURE_ROWS)));
        w.hset(DemoKeys.PREPROCESSED_DATA, preprocessed);
        w.set(DemoKeys.LABEL_NAMES, utf8(CachedData.jsonStrings(CachedData.LABEL_NAMES)));

        int n = CachedData.GRID_IMAGES;
        int side = CachedData.SIDE;
        int channels = CachedData.CHANNELS;
        byte[] labels = NpyWriter.write(DType.INT64, new long[] {n}, RawBytes.int64(CachedData.labels(images, n)));
        byte[] rgb = CachedData.rgbImages(images);
        w.set(DemoKeys.RGB_IMAGES, NpyWriter.uint8(new long[] {n, side, side, channels}, rgb));
        w.set(DemoKeys.RGB_TARGETS, labels);
        w.set(DemoKeys.CHW_IMAGES, NpyWriter.float32(new long[] {n, channels, side, side},
                CachedData.imagenetNormalizedChw(rgb)));
        w.set(DemoKeys.CHW_LABELS, labels);

        int rows = DemoKeys.BATCH_SIZE;
        w.set(DemoKeys.FORTRAN_FEATURES, NpyWriter.writeFortran(DType.FLOAT64,
                new long[] {rows, CachedData.FORTRAN_COLUMNS},
                RawBytes.float64(CachedData.featuresColumnMajor(images, rows))));

        List<String> vocabulary = CachedData.vocabulary();
        w.add(w.writer.rpush(utf8(DemoKeys.REVIEWS_TEXT), CachedData.REVIEWS.stream().map(DemoSeeder::utf8)
                .toArray(byte[][]::new)));
        w.add(w.writer.rpush(utf8(DemoKeys.REVIEWS_TOKENS), CachedData.tokenIdsJson(vocabulary).stream()
                .map(DemoSeeder::utf8).toArray(byte[][]::new)));
        w.set(DemoKeys.VOCAB, utf8(CachedData.jsonStrings(vocabulary)));
    }

    private static void writeSplits(Writes w, DemoTraining training) {
        w.sadd(DemoKeys.TRAIN, ids(training.trainIds));
        w.sadd(DemoKeys.VAL, ids(training.valIds));
        int[] test = Arrays.copyOf(training.testIds, training.testIds.length + LEAKED_IDS.size());
        for (int i = 0; i < LEAKED_IDS.size(); i++) {
            test[training.testIds.length + i] = LEAKED_IDS.get(i);
        }
        w.sadd(DemoKeys.TEST, ids(test));

        // the class of every id in the splits, beside them, as a training script that samples by class keeps it
        int[] labels = training.images.labels();
        Map<byte[], byte[]> classes = new LinkedHashMap<>();
        for (int[] split : List.of(training.trainIds, training.valIds, training.testIds)) {
            for (int id : split) {
                classes.put(utf8(Integer.toString(id)), utf8(Integer.toString(labels[id])));
            }
        }
        w.hset(DemoKeys.DIGITS_LABELS, classes);

        int rows = CachedData.FEATURE_ROWS; // the preprocessed_data rows: 48 / 8 / 8
        w.sadd(DemoKeys.TUTORIAL_TRAIN, ids(range(0, rows * 3 / 4)));
        w.sadd(DemoKeys.TUTORIAL_VAL, ids(range(rows * 3 / 4, rows * 7 / 8)));
        w.sadd(DemoKeys.TUTORIAL_TEST, ids(range(rows * 7 / 8, rows)));

        List<ValueWriter.Scored> weighted = new ArrayList<>();
        for (int review = 0; review < REVIEWS_IN_TRAIN; review++) {
            double weight = CachedData.isNegative(review) ? 2.0 : 1.0;
            weighted.add(new ValueWriter.Scored(weight, utf8(Integer.toString(review))));
        }
        w.add(w.writer.zadd(utf8(DemoKeys.REVIEWS_TRAIN), weighted));
        w.sadd(DemoKeys.REVIEWS_TEST, ids(range(REVIEWS_IN_TRAIN, CachedData.REVIEWS.size())));
    }

    private static int[] range(int from, int to) {
        int[] ids = new int[to - from];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = from + i;
        }
        return ids;
    }

    private static void writeOddValues(Writes w, DemoTraining training) {
        Checkpoint last = training.checkpoints.get(training.checkpoints.size() - 1);
        byte[] whole = NpyWriter.float32(new long[] {Mlp.HIDDEN}, last.layer0Bias());
        w.set(DemoKeys.TRUNCATED_NPY, Arrays.copyOf(whole, whole.length / 2)); // cut off mid-data, as a failed write would
        byte[] safetensors = new SafetensorsWriter().addFloat32("layer1.bias", new long[] {Mlp.CLASSES}, last.layer1Bias())
                .toBytes();
        safetensors[0] = (byte) 0xFF; // header length now points far past the end
        safetensors[1] = (byte) 0xFF;
        w.set(DemoKeys.BAD_SAFETENSORS, safetensors);
        String[] names = DemoKeys.TENSORS.toArray(String[]::new);
        int[] sizes = {last.layer0Weight().length, last.layer0Bias().length, last.layer1Weight().length,
                last.layer1Bias().length};
        w.set(DemoKeys.PICKLED_STATE_DICT, PickleBytes.torchStateDict(names, sizes));
        w.set(DemoKeys.PICKLED_NORMALIZER, PickleBytes.plainDict(0.0, 1.0 / 255, DemoTraining.EPOCHS));
    }

    private static String jsonMatrix(float[] values, int rows, int columns) {
        StringBuilder b = new StringBuilder();
        if (rows > 1) {
            b.append('[');
        }
        for (int r = 0; r < rows; r++) {
            b.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < columns; c++) {
                b.append(c == 0 ? "" : ", ").append(values[r * columns + c]);
            }
            b.append(']');
        }
        if (rows > 1) {
            b.append(']');
        }
        return b.toString();
    }

    private static byte[][] ids(int[] ids) {
        byte[][] members = new byte[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            members[i] = utf8(Integer.toString(ids[i]));
        }
        return members;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The pipelined writes of one seed; done when all of them are. */
    private static final class Writes {
        final ValueWriter writer;
        private final List<CompletableFuture<?>> pending = new ArrayList<>();

        Writes(RedisSession session) {
            this.writer = new ValueWriter(session);
        }

        void add(CompletableFuture<?> write) {
            pending.add(write);
        }

        void set(String key, byte[] value) {
            add(writer.set(utf8(key), value));
        }

        void hset(String key, Map<byte[], byte[]> fields) {
            add(writer.hset(utf8(key), fields));
        }

        void sadd(String key, byte[][] members) {
            add(writer.sadd(utf8(key), members));
        }

        CompletableFuture<Void> done() {
            return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        }
    }
}
