package dev.tensorlens.demo;

import dev.tensorlens.redis.RedisSession;
import io.lettuce.core.ScoredValue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Fills a server with a small, readable sample of the ML state Tensorlens is for: one key of each Redis type,
 * so every view has something to show. (The full demo — a trained model, cached batches, dataset splits —
 * comes with the tensor codecs.)
 */
public final class DemoSeeder {

    /** The keys the seeder writes, so tests and the README can name them. */
    public static final List<String> KEYS = List.of(
            "demo:readme",
            "model:digits-mlp:config",
            "model:digits-mlp:versions",
            "model:digits-mlp:v1:layer0.bias",
            "dataset:digits:train",
            "dataset:digits:test",
            "cache:digits:recent-batches",
            "events:training");

    private DemoSeeder() {
    }

    /** Writes the sample, replacing these keys if they exist; the future gives the number of keys written. */
    public static CompletableFuture<Integer> seed(RedisSession session) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        // Start from nothing so seeding twice gives the same state (lists and streams would grow otherwise).
        // One connection keeps commands in order, so the DEL lands before the writes.
        writes.add(session.write("DEL", c -> c.del(KEYS.stream().map(DemoSeeder::utf8).toArray(byte[][]::new))));
        writes.add(session.write("SET", c -> c.set(utf8("demo:readme"), utf8(
                "This is Tensorlens's demo server: a private redis-server that goes away when the window closes."))));
        writes.add(session.write("SET", c -> c.set(utf8("model:digits-mlp:config"), utf8(
                "{\"layers\": [784, 64, 10], \"activation\": \"relu\", \"optimizer\": \"sgd\", \"lr\": 0.1}"))));
        writes.add(session.write("ZADD", c -> c.zadd(utf8("model:digits-mlp:versions"),
                ScoredValue.just(1, utf8("v1")), ScoredValue.just(2, utf8("v2")), ScoredValue.just(3, utf8("v3")))));
        writes.add(session.write("SET", c -> c.set(utf8("model:digits-mlp:v1:layer0.bias"), float32(64))));
        writes.add(session.write("SADD", c -> c.sadd(utf8("dataset:digits:train"), ids(0, 800))));
        writes.add(session.write("SADD", c -> c.sadd(utf8("dataset:digits:test"), ids(800, 1000))));
        writes.add(session.write("RPUSH", c -> c.rpush(utf8("cache:digits:recent-batches"),
                utf8("batch:0"), utf8("batch:1"), utf8("batch:2"))));
        Map<byte[], byte[]> event = new LinkedHashMap<>();
        event.put(utf8("epoch"), utf8("1"));
        event.put(utf8("loss"), utf8("0.4123"));
        writes.add(session.write("XADD", c -> c.xadd(utf8("events:training"), event)));
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(v -> KEYS.size());
    }

    private static byte[][] ids(int from, int to) {
        byte[][] ids = new byte[to - from][];
        for (int i = from; i < to; i++) {
            ids[i - from] = utf8(Integer.toString(i));
        }
        return ids;
    }

    /** {@code n} little-endian float32 values, as numpy's {@code tobytes()} writes them. */
    private static byte[] float32(int n) {
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat((float) Math.sin(i * 0.37) * 0.05f);
        }
        return b.array();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
