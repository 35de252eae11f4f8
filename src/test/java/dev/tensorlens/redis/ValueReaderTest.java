package dev.tensorlens.redis;

import dev.tensorlens.tensor.ChunkedBytes;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import com.sun.management.ThreadMXBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueReaderTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;
    static ValueReader reader;

    @BeforeAll
    static void connect() {
        session = redis.session();
        reader = new ValueReader(session);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void describesEachTypeBeforeReadingIt() {
        session.write("SET", c -> c.set(b("s"), b("hello"))).join();
        session.write("HSET", c -> c.hset(b("h"), Map.of(b("a"), b("1"), b("b"), b("2")))).join();
        session.write("SADD", c -> c.sadd(b("set"), b("x"), b("y"), b("z"))).join();
        session.write("PEXPIRE", c -> c.pexpire(b("s"), 60_000)).join();

        KeyInfo s = reader.describe(b("s")).join();
        assertThat(s.type()).isEqualTo("string");
        assertThat(s.size()).isEqualTo(5);
        assertThat(s.sizeUnit()).isEqualTo("bytes");
        assertThat(s.ttlMillis()).isBetween(1L, 60_000L);
        assertThat(s.memoryBytes()).isPositive();
        assertThat(reader.describe(b("h")).join().size()).isEqualTo(2);
        assertThat(reader.describe(b("set")).join().size()).isEqualTo(3);
        KeyInfo missing = reader.describe(b("nope")).join();
        assertThat(missing.exists()).isFalse();
        assertThat(missing.ttlMillis()).isEqualTo(-1);
    }

    @Test
    void bigStringsAreReadInChunksWithProgress() {
        byte[] big = new byte[ValueReader.CHUNK_BYTES * 2 + 12345];
        new Random(7).nextBytes(big);
        session.write("SET", c -> c.set(b("big"), big)).join();
        List<Long> progress = new CopyOnWriteArrayList<>();

        long size = reader.describe(b("big")).join().size();
        byte[] read = reader.readString(b("big"), size, progress::add).join();

        assertThat(read).isEqualTo(big);
        assertThat(progress).containsExactly((long) ValueReader.CHUNK_BYTES, 2L * ValueReader.CHUNK_BYTES, (long) big.length);
    }

    /**
     * The caller may be the FX thread: starting a read of 16 MiB must not allocate anything of the value's size there
     * (the one array is made on the connection's thread when the first chunk comes), and the result is that array, not
     * a copy: the whole read allocates about the value once, plus the chunks.
     */
    @Test
    void aBigReadAllocatesItsBufferOffTheCallingThreadAndOnlyOnce() {
        byte[] big = new byte[16 << 20];
        new Random(11).nextBytes(big);
        session.write("SET", c -> c.set(b("big16"), big)).join();
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        reader.readString(b("big16"), 1000, progress -> { }).join(); // warm: classes and the connection's buffers

        long before = threads.getCurrentThreadAllocatedBytes();
        CompletableFuture<byte[]> reading = reader.readString(b("big16"), big.length, progress -> { });
        long onCaller = threads.getCurrentThreadAllocatedBytes() - before;
        byte[] read = reading.join();

        assertThat(read).isEqualTo(big);
        assertThat(onCaller).as("bytes allocated on the calling thread to start the read").isLessThan(1 << 20);
    }

    /**
     * A value of hundreds of MB is held in chunks of a few MB, never one array (whose zeroing holds every thread at a
     * safepoint): the replies of 512 KiB land in chunks of {@link ChunkedBytes#DEFAULT_CHUNK_BYTES}, each made on the
     * connection's thread, the last as long as what is left.
     */
    @Test
    void aBigReadCanLandInChunksOfAFewMegabytes() {
        byte[] big = new byte[2 * ChunkedBytes.DEFAULT_CHUNK_BYTES + 1000];
        new Random(13).nextBytes(big);
        session.write("SET", c -> c.set(b("big9"), big)).join();
        List<Long> progress = new CopyOnWriteArrayList<>();
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] warm = new byte[3 << 20];
        session.write("SET", c -> c.set(b("warm3"), warm)).join();
        reader.readStringChunked(b("warm3"), warm.length, 512 * 1024, p -> { }).join(); // classes and buffers

        long before = threads.getCurrentThreadAllocatedBytes();
        CompletableFuture<ChunkedBytes> reading = reader.readStringChunked(b("big9"), big.length, 512 * 1024,
                progress::add);
        long onCaller = threads.getCurrentThreadAllocatedBytes() - before;
        ChunkedBytes read = reading.join();

        assertThat(read.chunks()).extracting(c -> c.length)
                .containsExactly(ChunkedBytes.DEFAULT_CHUNK_BYTES, ChunkedBytes.DEFAULT_CHUNK_BYTES, 1000);
        assertThat(read.toArray()).isEqualTo(big);
        assertThat(progress).hasSize((big.length + 512 * 1024 - 1) / (512 * 1024)).last().isEqualTo((long) big.length);
        assertThat(onCaller).as("bytes allocated on the calling thread to start the read").isLessThan(1 << 20);
    }

    @Test
    void cancellingAChunkedReadStopsIt() throws Exception {
        byte[] big = new byte[ValueReader.CHUNK_BYTES * 6];
        session.write("SET", c -> c.set(b("big6"), big)).join();
        List<Long> progress = new CopyOnWriteArrayList<>();
        CompletableFuture<CompletableFuture<byte[]>> started = new CompletableFuture<>();

        // cancelled as the first chunk arrives, by the progress report it makes: a moment that does not depend on
        // how fast this thread or the server is
        CompletableFuture<byte[]> read = reader.readString(b("big6"), big.length, bytesSoFar -> {
            progress.add(bytesSoFar);
            started.thenAccept(r -> r.cancel(true));
        });
        started.complete(read);
        // Replies on one connection come back in the order the commands were sent, and a chunk's reply handler
        // sends the next GETRANGE (if any) before it returns. So once the first PING is answered, the first chunk
        // has been handled; once the second is, so has any chunk that handler asked for.
        roundTrip();
        roundTrip();

        assertThat(read).isCancelled();
        assertThat(progress).as("chunks read").containsExactly((long) ValueReader.CHUNK_BYTES);
    }

    @Test
    void aChunkThatCannotBeHandledEndsTheReadRatherThanLeavingItWaiting() {
        session.write("SET", c -> c.set(b("chunks4"), new byte[4096])).join();

        // the handler runs on a Lettuce thread: what it throws (a listener's bug, no memory for the array) reaches
        // nobody unless the read passes it on
        CompletableFuture<byte[]> read = reader.readString(b("chunks4"), 4096, 1024, bytesSoFar -> {
            throw new IllegalStateException("the listener broke");
        });

        assertThat(read).failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class)
                .havingCause().withMessage("the listener broke");
    }

    /** A PING on the session's command connection, answered after every command sent on it before. */
    static void roundTrip() throws Exception {
        session.read("PING", c -> c.ping()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void hashesArePagedAndRefusedWhenTooBig() {
        for (int i = 0; i < 450; i++) {
            int n = i;
            session.write("HSET", c -> c.hset(b("wide"), b("f" + n), b("v" + n)));
        }
        session.read("PING", c -> c.ping()).join();

        Map<String, byte[]> all = reader.readHash(b("wide"), 450, 1000).join();
        assertThat(all).hasSize(450).containsKey("f449");

        assertThatThrownBy(() -> reader.readHash(b("wide"), 450, 100).join()).cause()
                .hasMessage("The hash has 450 fields; at most 100 are read at once. Name one field.");
    }

    @Test
    void siblingFieldsAreReadTogether() {
        session.write("HSET", c -> c.hset(b("t"), Map.of(b("dtype"), b("float32"), b("shape"), b("(2, 3)")))).join();

        Map<String, byte[]> fields = reader.readHashFields(b("t"), List.of("dtype", "shape", "order")).join();

        assertThat(fields).containsOnlyKeys("dtype", "shape");
        assertThat(new String(fields.get("shape"), StandardCharsets.UTF_8)).isEqualTo("(2, 3)");
    }
}
