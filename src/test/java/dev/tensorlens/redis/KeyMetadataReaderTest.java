package dev.tensorlens.redis;

import dev.tensorlens.redis.KeyMetadataReader.KeyMetadata;
import dev.tensorlens.support.RedisServerExtension;
import dev.tensorlens.tensor.write.NpyWriter;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KeyMetadataReaderTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;
    static KeyMetadataReader reader;

    @BeforeAll
    static void connect() throws Exception {
        session = redis.session();
        reader = new KeyMetadataReader(session);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void describesEveryTypeWithSizeTtlMemoryAndHeadInInputOrder() throws Exception {
        byte[] npy = NpyWriter.float32(new long[] {4, 8}, new float[32]);
        await(session.write("SET", c -> c.set(b("w:npy"), npy)));
        await(session.write("PEXPIRE", c -> c.pexpire(b("w:npy"), 60_000)));
        await(session.write("SET", c -> c.set(b("w:short"), b("abc"))));
        await(session.write("RPUSH", c -> c.rpush(b("w:list"), b("1"), b("2"), b("3"), b("4"))));
        await(session.write("SADD", c -> c.sadd(b("w:set"), b("a"), b("b"))));
        await(session.write("ZADD", c -> c.zadd(b("w:zset"), 1.0, b("m"))));
        await(session.write("XADD", c -> c.xadd(b("w:stream"), Map.of(b("f"), b("v")))));
        await(session.write("HSET", c -> c.hset(b("w:hash"), Map.of(b("f"), b("v")))));
        List<byte[]> keys = List.of(b("w:stream"), b("w:npy"), b("w:missing"), b("w:list"), b("w:set"),
                b("w:zset"), b("w:hash"), b("w:short"));

        List<KeyMetadata> rows = await(reader.describeAll(keys));

        assertThat(rows).extracting(r -> new String(r.info().key(), StandardCharsets.UTF_8))
                .containsExactly("w:stream", "w:npy", "w:missing", "w:list", "w:set", "w:zset", "w:hash", "w:short");
        assertThat(rows).extracting(r -> r.info().type())
                .containsExactly("stream", "string", "none", "list", "set", "zset", "hash", "string");
        assertThat(rows).extracting(r -> r.info().size()).containsExactly(1L, (long) npy.length, 0L, 4L, 2L, 1L, 1L, 3L);

        KeyMetadata npyRow = rows.get(1);
        assertThat(npyRow.head()).hasSize(KeyMetadataReader.HEAD_BYTES).isEqualTo(Arrays.copyOf(npy, 64));
        assertThat(npyRow.head()).startsWith((byte) 0x93, (byte) 'N', (byte) 'U', (byte) 'M', (byte) 'P', (byte) 'Y');
        assertThat(npyRow.info().ttlMillis()).isBetween(1L, 60_000L);
        assertThat(npyRow.info().memoryBytes()).isGreaterThan(npy.length);
        assertThat(rows.get(7).head()).isEqualTo(b("abc"));
        assertThat(rows.get(7).info().ttlMillis()).isEqualTo(-1);

        KeyMetadata missing = rows.get(2);
        assertThat(missing.info().exists()).isFalse();
        assertThat(missing.info().ttlMillis()).isEqualTo(-1);
        assertThat(missing.info().memoryBytes()).isEqualTo(-1);
        assertThat(missing.head()).isEmpty();
        assertThat(missing.sampleFields()).isEmpty();

        for (KeyMetadata row : rows) {
            if (!row.info().type().equals("string")) {
                assertThat(row.head()).as(row.info().type()).isEmpty();
            }
            if (!row.info().type().equals("hash")) {
                assertThat(row.sampleFields()).as(row.info().type()).isEmpty();
            }
            if (row.info().exists()) {
                assertThat(row.info().memoryBytes()).as(row.info().type()).isPositive();
            }
        }
    }

    @Test
    void hashesComeWithAtMostSixteenFieldNames() throws Exception {
        Map<byte[], byte[]> small = new LinkedHashMap<>();
        for (String f : List.of("layer0.weight", "layer0.bias", "meta")) {
            small.put(b(f), b("x"));
        }
        await(session.write("HSET", c -> c.hset(b("ckpt:small"), small)));
        // a checkpoint hash of big tensors: its values must not travel for a badge
        Map<byte[], byte[]> big = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            big.put(b("layer" + i + ".weight"), b("v" + i));
        }
        await(session.write("HSET", c -> c.hset(b("ckpt:big"), big)));
        // small enough to stay a listpack
        Map<byte[], byte[]> listpack = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            listpack.put(b("f" + i), b("v"));
        }
        await(session.write("HSET", c -> c.hset(b("ckpt:listpack"), listpack)));

        byte[] tensor = new byte[1 << 20];
        await(session.write("HSET", c -> c.hset(b("ckpt:fat"), Map.of(b("layer0.weight"), tensor, b("layer1.weight"), tensor))));
        long sentBefore = netOutput();

        List<KeyMetadata> rows = await(reader.describeAll(List.of(b("ckpt:small"), b("ckpt:big"), b("ckpt:listpack"),
                b("ckpt:fat"))));

        assertThat(rows.get(3).sampleFields()).extracting(f -> new String(f, StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("layer0.weight", "layer1.weight");
        assertThat(netOutput() - sentBefore).as("bytes the server sent: names, not the 2 MiB of values").isLessThan(100_000);

        assertThat(rows.get(0).sampleFields()).extracting(f -> new String(f, StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("layer0.weight", "layer0.bias", "meta");
        assertThat(rows.get(1).info().size()).isEqualTo(1000);
        assertThat(rows.get(1).sampleFields()).isNotEmpty().hasSizeLessThanOrEqualTo(16)
                .allSatisfy(f -> assertThat(new String(f, StandardCharsets.UTF_8)).matches("layer\\d+\\.weight"));
        assertThat(rows.get(2).sampleFields()).hasSize(16);
        assertThat(rows).allSatisfy(r -> assertThat(r.head()).isEmpty());
    }

    /** {@code INFO stats total_net_output_bytes}: what the server has sent to all clients. */
    private static long netOutput() {
        return redis.sync().info("stats").lines().filter(l -> l.startsWith("total_net_output_bytes:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
    }

    @Test
    void binaryKeysAreDescribedByTheirExactBytes() throws Exception {
        byte[] key = {(byte) 0xff, (byte) 0xfe, 0, 'k', (byte) 0x80};
        byte[] value = {(byte) 0x80, 0x02, 'c', 0, (byte) 0xff}; // pickle protocol 2 prefix, then junk
        await(session.write("SET", c -> c.set(key, value)));

        KeyMetadata row = await(reader.describeAll(List.of(key))).get(0);

        assertThat(row.info().key()).isEqualTo(key);
        assertThat(row.info().type()).isEqualTo("string");
        assertThat(row.info().size()).isEqualTo(5);
        assertThat(row.head()).isEqualTo(value);
    }

    @Test
    void fiftyRowsInOneCallAndAnEmptyList() throws Exception {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] key = b("row:" + i);
            keys.add(key);
            if (i % 2 == 0) {
                await(session.write("SET", c -> c.set(key, new byte[100])));
            } else {
                await(session.write("SADD", c -> c.sadd(key, b("a"))));
            }
        }
        List<KeyMetadata> rows = await(reader.describeAll(keys));
        for (int i = 0; i < 50; i++) {
            assertThat(rows.get(i).info().key()).isEqualTo(keys.get(i));
            assertThat(rows.get(i).info().type()).isEqualTo(i % 2 == 0 ? "string" : "set");
        }
        assertThat(await(reader.describeAll(List.of()))).isEmpty();
    }

    @Test
    void memoryUsageRefusedByTheServerIsMinusOneNotAFailure() throws Exception {
        await(session.write("SET", c -> c.set(b("acl:k"), b("v"))));
        redis.sync().aclSetuser("nomemory", AclSetuserArgs.Builder.on().addPassword("pw")
                .allKeys().allCommands().removeCommand(CommandType.MEMORY));
        ConnectionProfile limited = redis.profile().toBuilder().username("nomemory").password("pw").build();
        try (RedisSession s = RedisSession.open(limited).get(10, TimeUnit.SECONDS)) {
            KeyMetadata row = await(new KeyMetadataReader(s).describeAll(List.of(b("acl:k")))).get(0);
            assertThat(row.info().type()).isEqualTo("string");
            assertThat(row.info().size()).isEqualTo(1);
            assertThat(row.info().memoryBytes()).isEqualTo(-1);
        }
    }

    @Test
    void cancellingTheBatchCancelsItsCommands() throws Exception {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add(b("row:" + i));
        }
        // the server holds every client's commands for a moment, so the batch is surely still on its way when cancelled
        // (without the pause its replies could be back before the cancel, on a quiet machine)
        redis.sync().clientPause(300);
        CompletableFuture<List<KeyMetadata>> batch = reader.describeAll(keys);
        assertThat(batch.cancel(true)).as("cancelled while its commands wait").isTrue();
        assertThat(batch).isCancelled();
        // the connection is still fine for the next batch
        assertThat(await(reader.describeAll(keys))).hasSize(40);
    }
}
