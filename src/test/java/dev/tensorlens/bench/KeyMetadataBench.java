package dev.tensorlens.bench;

import dev.tensorlens.redis.ValueWriter;
import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.KeyMetadataReader;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.tensor.write.NpyWriter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time of one {@link KeyMetadataReader#describeAll} for the 50 rows a key tree shows at once, repeated one batch after
 * the other as a scrolling user would cause. Not a JUnit test.
 * Arguments: [--uri redis://host:port] [--rounds 1000]; without --uri a private redis-server is started. Against
 * --uri it writes keys under {@code bench:meta:} and deletes them afterwards.
 */
public final class KeyMetadataBench {

    static final int ROWS = 50;

    public static void main(String[] args) throws Exception {
        String uri = null;
        int rounds = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--uri" -> uri = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        RedisProcess server = null;
        if (uri == null) {
            RedisBinary binary = RedisBinary.locate(Path.of("target/redis-bin"));
            Path root = Files.createDirectories(Path.of("target/redis-servers"));
            server = RedisProcess.start(binary, Files.createTempDirectory(root, "metadata-bench-"), List.of());
            uri = server.uri();
        }
        try (RedisSession session = RedisSession.open(ConnectionProfile.fromUri(uri)).get(30, TimeUnit.SECONDS)) {
            List<byte[]> keys = seed(session);
            try {
                run(new KeyMetadataReader(session), keys, rounds);
            } finally {
                new ValueWriter(session).delete(keys).get(30, TimeUnit.SECONDS);
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** The mix a model store shows: npy tensors, checkpoint hashes, dataset sets, a few lists, zsets and streams. */
    static List<byte[]> seed(RedisSession session) throws Exception {
        List<byte[]> keys = new ArrayList<>();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        ValueWriter writer = new ValueWriter(session);
        byte[] npy = NpyWriter.float32(new long[] {32, 32}, new float[1024]);
        for (int i = 0; i < ROWS; i++) {
            byte[] key = ("bench:meta:" + i).getBytes(StandardCharsets.UTF_8);
            keys.add(key);
            switch (i % 10) {
                case 0, 1, 2, 3 -> writes.add(writer.set(key, npy));
                case 4, 5 -> {
                    Map<byte[], byte[]> fields = new LinkedHashMap<>();
                    for (int l = 0; l < 24; l++) {
                        fields.put(("layer" + l + ".weight").getBytes(StandardCharsets.UTF_8), "ref".getBytes());
                    }
                    writes.add(writer.hset(key, fields));
                }
                case 6 -> writes.add(writer.sadd(key, "a".getBytes(), "b".getBytes()));
                case 7 -> writes.add(writer.rpush(key, "a".getBytes()));
                case 8 -> writes.add(writer.zadd(key, List.of(new ValueWriter.Scored(1.0, "a".getBytes()))));
                default -> writes.add(writer.xadd(key, Map.of("f".getBytes(), "v".getBytes())));
            }
        }
        for (CompletableFuture<?> w : writes) {
            w.get(30, TimeUnit.SECONDS);
        }
        return keys;
    }

    static void run(KeyMetadataReader reader, List<byte[]> keys, int rounds) throws Exception {
        for (int i = 0; i < Math.max(200, rounds / 5); i++) { // warm-up: JIT, connection buffers
            reader.describeAll(keys).get(30, TimeUnit.SECONDS);
        }
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            reader.describeAll(keys).get(30, TimeUnit.SECONDS);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf("describeAll, %d keys, %d rounds: median %.3f ms, p90 %.3f ms, p99 %.3f ms, min %.3f ms, max %.3f ms%n",
                keys.size(), rounds, ms(nanos[rounds / 2]), ms(nanos[rounds * 9 / 10]), ms(nanos[rounds * 99 / 100]),
                ms(nanos[0]), ms(nanos[rounds - 1]));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
