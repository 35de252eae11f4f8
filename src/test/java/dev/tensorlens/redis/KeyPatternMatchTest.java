package dev.tensorlens.redis;

import dev.tensorlens.support.RedisServerExtension;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link KeyPattern#matches} decides like the server's {@code SCAN … MATCH}, on random keys and random globs. */
class KeyPatternMatchTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static final byte[] ALPHABET = "ab:-^*?[]\\".getBytes(StandardCharsets.US_ASCII);

    private static byte[] random(Random r, int maxLength) {
        byte[] out = new byte[r.nextInt(maxLength + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.nextInt(12) == 0 ? (byte) (0x80 + r.nextInt(3)) : ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return out;
    }

    @Test
    void agreesWithTheServerOnRandomGlobs() {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> sync = c.sync();
            sync.flushall();
            Random r = new Random(7);
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                byte[] key = random(r, 6);
                keys.add(key);
                sync.set(key, new byte[] {1});
            }
            for (int i = 0; i < 400; i++) {
                byte[] pattern = random(r, 5);
                Set<ByteBuffer> server = new HashSet<>();
                KeyScanCursor<byte[]> cursor = sync.scan(ScanArgs.Builder.matches(pattern).limit(10_000));
                cursor.getKeys().forEach(k -> server.add(ByteBuffer.wrap(k)));
                while (!cursor.isFinished()) {
                    cursor = sync.scan(cursor, ScanArgs.Builder.matches(pattern).limit(10_000));
                    cursor.getKeys().forEach(k -> server.add(ByteBuffer.wrap(k)));
                }
                Set<ByteBuffer> local = new HashSet<>();
                for (byte[] key : keys) {
                    if (KeyPattern.matches(pattern, key)) {
                        local.add(ByteBuffer.wrap(key));
                    }
                }
                assertThat(local).as("pattern %s", Keys.display(pattern)).isEqualTo(server);
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void manyStarsAgainstALongKeyStayQuick() {
        byte[] key = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
        byte[] pattern = "*a*a*a*a*a*a*a*a*b".getBytes(StandardCharsets.US_ASCII);
        // without remembering failed splits this takes minutes; with it, a few thousand steps
        assertThat(Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> KeyPattern.matches(pattern, key))).isFalse();
    }
}
