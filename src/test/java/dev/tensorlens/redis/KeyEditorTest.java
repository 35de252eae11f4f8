package dev.tensorlens.redis;

import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyEditorTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;
    static KeyEditor editor;

    @BeforeAll
    static void connect() throws Exception {
        session = redis.session();
        editor = new KeyEditor(session);
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void ttlIsSetAndRemoved() throws Exception {
        redis.sync().set("k", "v");

        assertThat(await(editor.setTtl(b("k"), Duration.ofMinutes(5)))).isTrue();
        assertThat(redis.sync().pttl("k")).isBetween(290_000L, 300_000L);
        assertThat(await(editor.setTtl(b("k"), Duration.ofNanos(1)))).isTrue(); // rounded up to 1 ms (ttlMillis)
        // 1 ms left, or already passed by the time PTTL runs (-2: the key expired, as asked)
        assertThat(redis.sync().pttl("k")).isBetween(-2L, 1L).isNotEqualTo(-1L);
        redis.sync().set("k", "v"); // the key again, without an expiry
        assertThat(await(editor.setTtl(b("k"), Duration.ofHours(1)))).isTrue();

        assertThat(await(editor.setTtl(b("k"), null))).isTrue();
        assertThat(redis.sync().pttl("k")).isEqualTo(-1);
        assertThat(await(editor.setTtl(b("k"), null))).as("no expiry to remove").isFalse();
        assertThat(await(editor.setTtl(b("nope"), Duration.ofSeconds(1)))).as("no such key").isFalse();
        assertThat(await(editor.setTtl(b("nope"), null))).as("no such key").isFalse();

        assertThatThrownBy(() -> await(editor.setTtl(b("k"), Duration.ZERO))).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(redis.sync().exists("k")).isEqualTo(1);
    }

    @Test
    void partsOfAMillisecondRoundUpNeverToZero() {
        assertThat(KeyEditor.ttlMillis(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(KeyEditor.ttlMillis(Duration.ofMillis(1500))).isEqualTo(1500);
        assertThat(KeyEditor.ttlMillis(Duration.ofMillis(1500).plusNanos(1))).isEqualTo(1501);
        assertThat(KeyEditor.ttlMillis(Duration.ofSeconds(300))).isEqualTo(300_000);
    }

    @Test
    void renameKeepsAnExistingTargetUnlessToldToOverwrite() throws Exception {
        redis.sync().set("a", "1");
        redis.sync().set("b", "2");

        assertThat(await(editor.rename(b("a"), b("b"), false))).isFalse();
        assertThat(redis.sync().mget("a", "b")).extracting(kv -> kv.getValue()).containsExactly("1", "2");

        assertThat(await(editor.rename(b("a"), b("c"), false))).isTrue();
        assertThat(redis.sync().get("c")).isEqualTo("1");
        assertThat(redis.sync().exists("a")).isZero();

        assertThat(await(editor.rename(b("c"), b("b"), true))).isTrue();
        assertThat(redis.sync().get("b")).isEqualTo("1");
        assertThat(redis.sync().exists("c")).isZero();
    }

    @Test
    void renamingAMissingKeyIsExplained() {
        for (boolean overwrite : new boolean[] {false, true}) {
            assertThatThrownBy(() -> await(editor.rename(b("ghost"), b("x"), overwrite)))
                    .cause().isInstanceOf(RedisOperationException.class)
                    .hasMessageContaining("failed: the key does not exist (any more); the server replied \"ERR no such key\"");
        }
    }

    @Test
    void deleteSaysWhetherTheKeyWasThere() throws Exception {
        redis.sync().set("d", "v");
        assertThat(await(editor.delete(b("d")))).isEqualTo(1);
        assertThat(await(editor.delete(b("d")))).isZero();
        assertThat(redis.sync().exists("d")).isZero();
    }

    @Test
    void deleteAllRemovesEveryKeyInBatchesReportingEach() throws Exception {
        List<byte[]> keys = seed(2000);
        keys.add(b("never-existed"));
        List<BulkProgress> reports = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> iteratingThread = new AtomicReference<>();
        Iterator<byte[]> source = keys.iterator();
        Iterator<byte[]> watched = new Iterator<>() {
            public boolean hasNext() {
                iteratingThread.set(Thread.currentThread());
                return source.hasNext();
            }

            public byte[] next() {
                return source.next();
            }
        };

        BulkProgress end = await(editor.deleteAll(watched, 2000, reports::add).result());

        assertThat(end).isEqualTo(new BulkProgress(2000, 2001, 2000, true));
        assertThat(redis.sync().dbsize()).isZero();
        assertThat(reports).extracting(BulkProgress::attempted).containsExactly(500L, 1000L, 1500L, 2000L, 2001L, 2001L);
        assertThat(reports).extracting(BulkProgress::done).containsExactly(false, false, false, false, false, true);
        assertThat(reports.get(reports.size() - 1).fraction()).isEqualTo(1.0);
        assertThat(iteratingThread.get()).isNotSameAs(Thread.currentThread());
        assertThat(await(editor.deleteAll(List.<byte[]>of().iterator(), 0, p -> { }).result()))
                .isEqualTo(new BulkProgress(0, 0, 0, true));
    }

    @Test
    void cancelStopsAfterTheBatchInFlightAndLeavesTheRest() throws Exception {
        List<byte[]> keys = seed(2000);
        AtomicReference<BatchedEdit<BulkProgress>> deletion = new AtomicReference<>();
        CountDownLatch returned = new CountDownLatch(1);
        deletion.set(editor.deleteAll(keys.iterator(), keys.size(), p -> {
            try {
                returned.await(5, TimeUnit.SECONDS); // deleteAll has returned the handle
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (p.attempted() == 500) {
                deletion.get().cancel();
            }
        }));
        returned.countDown();

        BulkProgress end = await(deletion.get().result());

        assertThat(end).isEqualTo(new BulkProgress(500, 500, 2000, false));
        assertThat(redis.sync().dbsize()).isEqualTo(1500);
    }

    @Test
    void aReadOnlyProfileRefusesEveryEditAndChangesNothing() throws Exception {
        redis.sync().set("keep", "v");
        redis.sync().set("other", "w");
        redis.sync().pexpire("other", 600_000);
        ConnectionProfile readOnly = redis.profile().toBuilder().readOnly(true).name("prod mirror").build();
        try (RedisSession s = RedisSession.open(readOnly).get(10, TimeUnit.SECONDS)) {
            KeyEditor ro = new KeyEditor(s);
            List<CompletableFuture<?>> attempts = List.of(
                    ro.setTtl(b("keep"), Duration.ofSeconds(1)),
                    ro.setTtl(b("other"), null),
                    ro.rename(b("keep"), b("renamed"), false),
                    ro.rename(b("keep"), b("other"), true),
                    ro.delete(b("keep")));
            for (CompletableFuture<?> attempt : attempts) {
                assertThatThrownBy(() -> await(attempt)).cause().isInstanceOf(ReadOnlyProfileException.class)
                        .hasMessageContaining("'prod mirror' is read-only");
            }
            AtomicBoolean touched = new AtomicBoolean();
            Iterator<byte[]> keys = new Iterator<>() {
                public boolean hasNext() {
                    touched.set(true);
                    return true;
                }

                public byte[] next() {
                    touched.set(true);
                    return b("keep");
                }
            };
            List<BulkProgress> reports = new ArrayList<>();
            assertThatThrownBy(() -> await(ro.deleteAll(keys, 1, reports::add).result()))
                    .cause().isInstanceOf(ReadOnlyProfileException.class);
            assertThat(touched).isFalse();
            assertThat(reports).isEmpty();
        }
        assertThat(redis.sync().keys("*")).containsExactlyInAnyOrder("keep", "other");
        assertThat(redis.sync().pttl("keep")).isEqualTo(-1);
        assertThat(redis.sync().pttl("other")).isPositive();
    }

    @Test
    void aFailedBatchSaysHowManyKeysWereDeletedBefore() throws Exception {
        List<byte[]> keys = seed(600);
        Iterator<byte[]> source = keys.iterator();
        Iterator<byte[]> failing = new Iterator<>() {
            int given;

            public boolean hasNext() {
                return true;
            }

            public byte[] next() {
                if (++given > 700) {
                    throw new IllegalStateException("the listing broke");
                }
                return source.hasNext() ? source.next() : b("x" + given);
            }
        };
        assertThatThrownBy(() -> await(editor.deleteAll(failing, 600, p -> { }).result()))
                .cause().isInstanceOf(RedisOperationException.class)
                .hasMessageContaining("the listing broke").hasMessageEndingWith("500 keys were deleted before that.");
    }

    private static List<byte[]> seed(int n) {
        List<byte[]> keys = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < n; i++) {
            keys.add(b("bulk:" + i));
            values.put("bulk:" + i, "v");
        }
        redis.sync().mset(values);
        return keys;
    }
}
