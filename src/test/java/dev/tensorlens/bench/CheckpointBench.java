package dev.tensorlens.bench;

import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.mlstate.CheckpointContents;
import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.mlstate.MlStateIndex;
import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelLayout;
import dev.tensorlens.redis.CheckpointReader;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.MlStateCatalogue;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.TensorLoader;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.tensor.write.NpyWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * How fast a checkpoint's layer table comes ({@link CheckpointReader#contents}, headers only) and how fast all its
 * layers are loaded and summarised ({@link CheckpointReader#load} + {@link TensorStats}), on a private redis-server
 * holding a BERT-base-like checkpoint of 500 float32 tensors, ~0.97 GB: 31 encoder layers of 16 tensors (q, k, v,
 * output 768×768 and their biases, two LayerNorms, the 3072×768 and 768×3072 MLP and their biases) and the word,
 * position and type embeddings with their LayerNorm weight. Not a JUnit test.
 *
 * <p>Arguments: [layout: {@code keys} (one {@code .npy} string per tensor, the default) or {@code hash} (one hash,
 * an {@code .npy} per field)] [rounds of the layer table, default 5] [rounds of the full load, default 1].
 */
public final class CheckpointBench {

    static final int HIDDEN = 768;
    static final int MLP = 3072;
    static final int LAYERS = 31;

    public static void main(String[] args) throws Exception {
        String layout = args.length > 0 ? args[0] : "keys";
        int tableRounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int loadRounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        if (!layout.equals("keys") && !layout.equals("hash")) {
            throw new IllegalArgumentException("layout is keys or hash, not " + layout);
        }
        RedisBinary binary = RedisBinary.locate(Path.of("target/redis-bin"));
        Path root = Files.createDirectories(Path.of("target/redis-servers"));
        ExecutorService decoder = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-decoder");
            t.setDaemon(true);
            return t;
        });
        try (RedisProcess server = RedisProcess.start(binary, Files.createTempDirectory(root, "checkpoint-bench-"), List.of())) {
            long written = write(server.uri(), layout, "model:bert-bench:v1", shapes(), (name, values) -> { });
            try (RedisSession session = RedisSession.open(ConnectionProfile.fromUri(server.uri())).get(30, TimeUnit.SECONDS)) {
                long walkStart = System.nanoTime();
                MlStateIndex index = new MlStateCatalogue(session, i -> { }).scan(p -> { }).result().get(5, TimeUnit.MINUTES);
                long walk = System.nanoTime() - walkStart;
                ModelEntry model = index.model("bert-bench", layout.equals("keys") ? ModelLayout.KEY_PER_TENSOR
                        : ModelLayout.HASH_PER_CHECKPOINT, "").orElseThrow();
                System.out.printf(Locale.ROOT, "checkpoint: %d tensors, %,d bytes (%.2f GB) as %s, Redis %s; "
                                + "catalogue walk %d ms%n", model.versions().get(0).tensors().size(), written,
                        written / 1e9, layout.equals("keys") ? "one .npy key per tensor" : "one hash of .npy fields",
                        binary.version(), walk / 1_000_000);
                CheckpointReader reader = new CheckpointReader(session, decoder);
                CheckpointContents contents = null;
                for (int r = 1; r <= tableRounds; r++) {
                    long start = System.nanoTime();
                    contents = reader.contents(model, model.versions().get(0)).get(1, TimeUnit.MINUTES);
                    long took = System.nanoTime() - start;
                    List<LayerInfo> unread = contents.layers().stream().filter(l -> !l.readable()).toList();
                    System.out.printf(Locale.ROOT, "layer table %d: %.1f ms (%d layers, %,d parameters, %,d bytes; "
                                    + "%d not readable%s)%n", r, took / 1e6, contents.layers().size(),
                            contents.parameters(), contents.bytes(), unread.size(), unread.isEmpty() ? ""
                                    : ", " + unread.get(0).name() + ": " + unread.get(0).problem());
                }
                for (int r = 1; r <= loadRounds; r++) {
                    loadAll(reader, contents, r);
                }
            }
        } finally {
            decoder.shutdownNow();
        }
    }

    /** Every layer loaded and summarised, one after another as a user paging through the table would. */
    private static void loadAll(CheckpointReader reader, CheckpointContents contents, int round) throws Exception {
        long loadNanos = 0;
        long statsNanos = 0;
        long bytes = 0;
        long elements = 0;
        double checksum = 0;
        for (LayerInfo layer : contents.layers()) {
            long start = System.nanoTime();
            Tensor t = reader.load(layer, Long.MAX_VALUE, TensorLoader.Progress.NONE).get(1, TimeUnit.MINUTES);
            long loaded = System.nanoTime();
            TensorStats s = TensorStats.of(t);
            long done = System.nanoTime();
            loadNanos += loaded - start;
            statsNanos += done - loaded;
            bytes += layer.bytes();
            elements += s.count();
            checksum += s.mean();
        }
        double total = (loadNanos + statsNanos) / 1e9;
        System.out.printf(Locale.ROOT, "load + stats %d: %.2f s for %,d bytes, %,d elements: %.0f MB/s "
                        + "(reading and decoding %.2f s, %.0f MB/s; statistics %.2f s, %.0f MB/s) [checksum %.6g]%n",
                round, total, bytes, elements, bytes / 1e6 / total, loadNanos / 1e9, bytes / 1e6 / (loadNanos / 1e9),
                statsNanos / 1e9, bytes / 1e6 / (statsNanos / 1e9), checksum);
    }

    /** The tensors of the checkpoint, by name, with their shapes, in the order a state_dict lists them. */
    static Map<String, long[]> shapes() {
        return shapes(HIDDEN, MLP);
    }

    /** The same 500 tensors at another width (the vocabulary and positions stay): {@code shapes(384, 1536)} is ~0.27 GB. */
    static Map<String, long[]> shapes(int hidden, int mlp) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("embeddings.word_embeddings.weight", new long[] {30522, hidden});
        shapes.put("embeddings.position_embeddings.weight", new long[] {512, hidden});
        shapes.put("embeddings.token_type_embeddings.weight", new long[] {2, hidden});
        shapes.put("embeddings.LayerNorm.weight", new long[] {hidden});
        for (int l = 0; l < LAYERS; l++) {
            String p = "encoder.layer." + l + ".";
            for (String m : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense")) {
                shapes.put(p + m + ".weight", new long[] {hidden, hidden});
                shapes.put(p + m + ".bias", new long[] {hidden});
            }
            shapes.put(p + "attention.output.LayerNorm.weight", new long[] {hidden});
            shapes.put(p + "attention.output.LayerNorm.bias", new long[] {hidden});
            shapes.put(p + "intermediate.dense.weight", new long[] {mlp, hidden});
            shapes.put(p + "intermediate.dense.bias", new long[] {mlp});
            shapes.put(p + "output.dense.weight", new long[] {hidden, mlp});
            shapes.put(p + "output.dense.bias", new long[] {hidden});
            shapes.put(p + "output.LayerNorm.weight", new long[] {hidden});
            shapes.put(p + "output.LayerNorm.bias", new long[] {hidden});
        }
        return shapes;
    }

    /**
     * Writes one version with a plain connection of its own: a key {@code version + ":" + name} per tensor
     * ({@code keys}) or a field per tensor in the hash {@code version} ({@code hash}). The values are the same for the
     * same shapes; {@code edit} may change a tensor's before it is written (another version). Returns the bytes written.
     */
    static long write(String uri, String layout, String version, Map<String, long[]> shapes,
                      BiConsumer<String, float[]> edit) {
        RedisClient client = RedisClient.create(uri);
        long written = 0;
        try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
            c.setTimeout(Duration.ofMinutes(2));
            long seed = 42;
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                float[] values = new float[(int) Tensor.elementCount(e.getValue())];
                for (int i = 0; i < values.length; i++) {
                    seed = seed * 6364136223846793005L + 1442695040888963407L; // an LCG: fast, deterministic
                    values[i] = ((seed >>> 40) - (1L << 23)) / (float) (1L << 23) * 0.05f;
                }
                if (e.getKey().endsWith("LayerNorm.weight")) {
                    Arrays.fill(values, 1f);
                }
                edit.accept(e.getKey(), values);
                byte[] npy = NpyWriter.float32(e.getValue(), values);
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                if (layout.equals("keys")) {
                    c.sync().set((version + ":" + e.getKey()).getBytes(StandardCharsets.UTF_8), npy);
                } else {
                    c.sync().hset(version.getBytes(StandardCharsets.UTF_8), name, npy);
                }
                written += npy.length;
            }
        } finally {
            client.shutdown();
        }
        return written;
    }
}
