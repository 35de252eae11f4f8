package dev.tensorlens.redis;

import dev.tensorlens.support.LocalCluster;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.ByteContent;
import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.tensor.write.NpyWriter;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one place that reads tensors, against a real server: what it reads and decodes, what it refuses before reading
 * (counted in the server's own {@code INFO commandstats}), how far a read goes once cancelled, what it says about
 * what is not there or not a tensor, and that through a cluster it finds a key on whichever master owns it.
 */
class TensorLoaderTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    /** Written by numpy's np.save: float32 (64, 32), 8320 bytes (see cli/inspect/make_fixtures.py). */
    static byte[] npy;
    static RedisSession session;
    static ExecutorService decoderThread;
    static final AtomicInteger decodes = new AtomicInteger();
    static TensorLoader loader;

    @BeforeAll
    static void start() throws IOException {
        npy = fixture("weights_f32.npy");
        session = redis.session();
        decoderThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-decoder"));
        loader = new TensorLoader(session, task -> {
            decodes.incrementAndGet();
            decoderThread.execute(task);
        });
        set("w.npy", npy);
    }

    @AfterAll
    static void stop() {
        decoderThread.shutdownNow();
    }

    /** A layer of tens of MB lands in chunks of a few MB and is viewed there (see {@code ChunkedBytes}), not copied. */
    @Test
    void aBigNpyIsViewedInTheChunksItWasReadIn() {
        float[] values = new float[3 << 20]; // 12 MiB of float32
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 977;
        }
        set("big.npy", NpyWriter.float32(new long[] {3 << 10, 1 << 10}, values));

        TensorLoad load = loader.loadKey(b("big.npy"), 64 << 20, TensorLoader.Progress.NONE).join();

        Tensor t = decoded(load.parts().get(0)).tensors().get(0);
        assertThat(t.runRemaining(0)).as("the first chunk's share").isLessThan(1 << 20);
        assertThat(t.getDouble(values.length - 1)).isEqualTo(values[values.length - 1]);
        assertThat(TensorStats.of(t).max()).isEqualTo(976);
    }

    @Test
    void aStringNpyIsReadAndDecodedOnTheDecoderExecutor() {
        int before = decodes.get();

        TensorLoad load = loader.loadKey(b("w.npy"), 1 << 20, TensorLoader.Progress.NONE).join();

        assertThat(load.type()).isEqualTo("string");
        assertThat(load.bytes()).isEqualTo(npy.length);
        assertThat(load.parts()).hasSize(1);
        Tensor t = decoded(load.parts().get(0)).tensors().get(0);
        assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(t.shape()).containsExactly(64, 32);
        assertThat(load.parts().get(0).content()).as("a tensor needs no words").isNull();
        assertThat(decodes.get()).isGreaterThan(before);
    }

    @Test
    void aHashFieldOfRawBytesTakesItsDtypeAndShapeSiblings() {
        hset("batch", Map.of("data", floats(1, 2, 3, 4, 5, 6), "dtype", b("float32"), "shape", b("[2, 3]")));

        TensorLoad load = loader.loadField(b("batch"), "data", 1 << 20, TensorLoader.Progress.NONE).join();

        assertThat(load.parts()).extracting(TensorLoad.Part::field).containsExactly("data");
        DecodeResult.Decoded d = decoded(load.parts().get(0));
        assertThat(d.format()).isEqualTo("raw");
        assertThat(d.tensors().get(0).shape()).containsExactly(2, 3);
        assertThat(d.tensors().get(0).getDouble(5)).isEqualTo(6.0);
    }

    @Test
    void aWholeHashGivesEachTensorAndNoPartForItsDtypeAndShapeFields() {
        hset("ckpt", Map.of(
                "layer0.weight", npy,
                "w", floats(1, 2, 3, 4, 5, 6), "w:dtype", b("float32"), "w:shape", b("[3, 2]"),
                "b", floats(0.5f, -0.5f), "b:dtype", b("float32"), "b:shape", b("[2]"),
                "trained_on", b("digits, 3 epochs")));

        TensorLoad load = loader.loadKey(b("ckpt"), 1 << 20, TensorLoader.Progress.NONE).join();

        assertThat(load.type()).isEqualTo("hash");
        Map<String, TensorLoad.Part> byField = new HashMap<>();
        load.parts().forEach(p -> byField.put(p.field(), p));
        assertThat(byField).containsOnlyKeys("layer0.weight", "w", "b", "trained_on");
        assertThat(decoded(byField.get("layer0.weight")).tensors().get(0).shape()).containsExactly(64, 32);
        assertThat(decoded(byField.get("w")).tensors().get(0).shape()).containsExactly(3, 2);
        assertThat(decoded(byField.get("b")).tensors().get(0).getDouble(1)).isEqualTo(-0.5);
        assertThat(byField.get("trained_on").content().inWords()).isEqualTo("UTF-8 text of 16 bytes");
    }

    @Test
    void valuesOverTheLimitAreRefusedBeforeAnyOfThemIsRead() {
        hset("ckpt-big", Map.of("layer0.weight", npy));
        long gets = calls("get") + calls("getrange") + calls("hget") + calls("hscan") + calls("hgetall");

        assertThatThrownBy(() -> loader.loadKey(b("w.npy"), 1000, TensorLoader.Progress.NONE).join()).cause()
                .isInstanceOfSatisfying(ValueTooLargeException.class, e -> {
                    assertThat(e.what()).isEqualTo("w.npy");
                    assertThat(e.bytes()).isEqualTo(npy.length);
                    assertThat(e.limit()).isEqualTo(1000);
                    assertThat(e.measure()).isEqualTo(ValueTooLargeException.Measure.VALUE_LENGTH);
                })
                .hasMessage("w.npy is 8320 bytes, more than the 1000 allowed.");
        assertThatThrownBy(() -> loader.loadField(b("ckpt-big"), "layer0.weight", 1000, TensorLoader.Progress.NONE).join())
                .cause().hasMessage("ckpt-big field layer0.weight is 8320 bytes, more than the 1000 allowed.");
        assertThatThrownBy(() -> loader.loadKey(b("ckpt-big"), 1000, TensorLoader.Progress.NONE).join()).cause()
                .isInstanceOfSatisfying(ValueTooLargeException.class,
                        e -> assertThat(e.measure()).isEqualTo(ValueTooLargeException.Measure.SERVER_MEMORY))
                .hasMessageContaining("bytes of server memory, more than the 1000 allowed; read one field at a time.");

        assertThat(calls("get") + calls("getrange") + calls("hget") + calls("hscan") + calls("hgetall"))
                .as("reads sent").isEqualTo(gets);
        assertThat(calls("strlen")).as("but measured").isPositive();
    }

    @Test
    void chunkedReadsReportProgressUpToTheSize() {
        TensorLoader inKilobytes = new TensorLoader(session, Runnable::run, 1024);
        List<long[]> progress = new CopyOnWriteArrayList<>();
        long getranges = calls("getrange");

        TensorLoad load = inKilobytes.loadKey(b("w.npy"), 1 << 20, (done, total) -> progress.add(new long[] {done, total}))
                .join();

        assertThat(decoded(load.parts().get(0)).tensors().get(0).shape()).containsExactly(64, 32);
        assertThat(progress).extracting(p -> p[0])
                .containsExactly(1024L, 2048L, 3072L, 4096L, 5120L, 6144L, 7168L, 8192L, 8320L);
        assertThat(progress).extracting(p -> p[1]).containsOnly(8320L);
        assertThat(calls("getrange") - getranges).isEqualTo(9);
    }

    @Test
    void cancellingTheLoadStopsItsChunkedRead() throws Exception {
        set("big", new byte[64 * 1024]);
        TensorLoader inKilobytes = new TensorLoader(session, Runnable::run, 1024);
        List<Long> progress = new CopyOnWriteArrayList<>();
        CompletableFuture<CompletableFuture<TensorLoad>> started = new CompletableFuture<>();
        long getranges = calls("getrange");

        // cancelled by the first chunk's own progress report, before its handler can send the next GETRANGE. The
        // server holds every command for a moment, so no reply can come back (and run the report on this thread)
        // before this thread has handed the load over; the report waits for that hand-over on the reply's thread.
        redis.sync().clientPause(300);
        CountDownLatch reported = new CountDownLatch(1);
        CompletableFuture<TensorLoad> load = inKilobytes.loadKey(b("big"), 1 << 20, (done, total) -> {
            progress.add(done);
            started.orTimeout(5, TimeUnit.SECONDS).join().cancel(true);
            reported.countDown();
        });
        started.complete(load);
        // The value is measured first (TYPE, then STRLEN), so wait for the first chunk's report. Its handler sends
        // the next GETRANGE, if it still does, right after the report returns: on the one connection, before or
        // after a first PING sent now, but surely before a second PING sent once the first is answered; once that
        // second PING is answered, any such GETRANGE has run on the server.
        assertThat(reported.await(10, TimeUnit.SECONDS)).as("first chunk reported").isTrue();
        session.ping().get(10, TimeUnit.SECONDS);
        session.ping().get(10, TimeUnit.SECONDS);

        assertThat(load).isCancelled();
        assertThat(progress).as("chunks handled").containsExactly(1024L);
        assertThat(calls("getrange") - getranges).as("GETRANGE sent").isEqualTo(1);
    }

    @Test
    void whatIsNotThereIsSaidInWords() {
        set("readme", b("# Demo\nNot a tensor."));
        hset("one-field", Map.of("a", b("1")));

        assertThatThrownBy(() -> loader.loadKey(b("no:such"), 100, TensorLoader.Progress.NONE).join())
                .cause().isInstanceOf(RedisOperationException.class).hasMessage("The key no:such does not exist.");
        assertThatThrownBy(() -> loader.loadField(b("no:such"), "a", 100, TensorLoader.Progress.NONE).join())
                .cause().hasMessage("The key no:such does not exist.");
        assertThatThrownBy(() -> loader.loadField(b("one-field"), "b", 100, TensorLoader.Progress.NONE).join())
                .cause().hasMessage("The hash one-field has no field b.");
        assertThatThrownBy(() -> loader.loadField(b("readme"), "a", 100, TensorLoader.Progress.NONE).join())
                .cause().hasMessage("The key readme is a string, not a hash, so it has no field a.");
    }

    @Test
    void textAndSetsAreNotTensorsAndSaySo() {
        set("readme", b("# Demo\nNot a tensor."));
        session.write("SADD", c -> c.sadd(b("ids"), b("1"), b("2"))).join();

        TensorLoad text = loader.loadKey(b("readme"), 100, TensorLoader.Progress.NONE).join();
        assertThat(text.parts().get(0).content()).isEqualTo(new ByteContent(ByteContent.Kind.TEXT, 20));
        assertThat(text.parts().get(0).result()).isInstanceOf(DecodeResult.Malformed.class);

        TensorLoad set = loader.loadKey(b("ids"), 100, TensorLoader.Progress.NONE).join();
        assertThat(set.type()).isEqualTo("set");
        assertThat(set.parts()).isEmpty();
        assertThat(set.note()).isEqualTo("A set holds members, not a tensor value.");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void throughAClusterNodeThatDoesNotOwnTheKeyItIsFoundOnItsMaster() throws Exception {
        String key = "{mlp}:layer0.weight";
        String hash = "{mlp}:ckpt"; // the same slot, by its hash tag
        try (LocalCluster cluster = LocalCluster.start("tensor-loader")) {
            cluster.session().write("SET", c -> c.set(b(key), npy)).get(10, TimeUnit.SECONDS);
            cluster.session().write("HSET", c -> c.hset(b(hash), Map.of(b("data"), floats(1, 2), b("dtype"), b("float32"),
                    b("shape"), b("[2]")))).get(10, TimeUnit.SECONDS);
            int notOwner = (SlotHash.getSlot(key) * 3 / SlotHash.SLOT_COUNT + 1) % 3; // LocalCluster splits in thirds
            cluster.withNode(notOwner, c -> assertThatThrownBy(() -> c.sync().get(key)).hasMessageStartingWith("MOVED"));
            ConnectionProfile atNotOwner = ConnectionProfile.builder().host("127.0.0.1")
                    .port(cluster.nodes().get(notOwner).port()).commandTimeoutMillis(5_000).build();

            try (RedisSession viaNode = RedisSession.open(atNotOwner).get(30, TimeUnit.SECONDS)) {
                TensorLoader clustered = new TensorLoader(viaNode, Runnable::run, 4096); // GETRANGE is redirected too
                List<Long> progress = new CopyOnWriteArrayList<>();

                TensorLoad load = clustered.loadKey(b(key), 1 << 20, (done, total) -> progress.add(done))
                        .get(30, TimeUnit.SECONDS);
                TensorLoad field = clustered.loadField(b(hash), "data", 1 << 20, TensorLoader.Progress.NONE)
                        .get(30, TimeUnit.SECONDS);

                assertThat(decoded(load.parts().get(0)).tensors().get(0).shape()).containsExactly(64, 32);
                assertThat(progress).containsExactly(4096L, 8192L, 8320L);
                assertThat(decoded(field.parts().get(0)).tensors().get(0).getDouble(1)).isEqualTo(2.0);
            }
        }
    }

    static DecodeResult.Decoded decoded(TensorLoad.Part part) {
        assertThat(part.result()).isInstanceOf(DecodeResult.Decoded.class);
        return (DecodeResult.Decoded) part.result();
    }

    /** How many times the server has run {@code command} ({@code INFO commandstats}); compared before and after. */
    static long calls(String command) {
        return redis.sync().info("commandstats").lines()
                .filter(l -> l.startsWith("cmdstat_" + command + ":"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf("calls=") + 6, l.indexOf(','))))
                .sum();
    }

    static void set(String key, byte[] value) {
        session.write("SET", c -> c.set(b(key), value)).join();
    }

    static void hset(String key, Map<String, byte[]> fields) {
        Map<byte[], byte[]> raw = new HashMap<>();
        fields.forEach((f, v) -> raw.put(b(f), v));
        session.write("HSET", c -> c.hset(b(key), raw)).join();
    }

    static byte[] floats(float... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buf.putFloat(v);
        }
        return buf.array();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = TensorLoaderTest.class.getResourceAsStream("/dev/tensorlens/cli/inspect/" + name)) {
            return in.readAllBytes();
        }
    }
}
