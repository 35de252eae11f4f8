package dev.tensorlens.redis;

import dev.tensorlens.redis.KeyMetadataReader.KeyMetadata;
import dev.tensorlens.redis.KeyspaceEvents.KeyEvent;
import dev.tensorlens.redis.PubSubHub.Subscription;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.LocalCluster;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key browser's services on a real three-master cluster: every master is read, written and listened to. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyBrowserClusterTest {

    static LocalCluster cluster;
    static RedisSession session;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start("keys-cluster");
        session = cluster.session();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    /** The index of the master that holds {@code key} (slots are split in thirds, in node order). */
    static int master(String key) {
        int slot = SlotHash.getSlot(key);
        return slot < 5461 ? 0 : slot < 10923 ? 1 : 2;
    }

    /** One key per master: {@code prefix + n} for the first n that lands on each. */
    static List<String> oneKeyPerMaster(String prefix) {
        String[] keys = new String[3];
        for (int n = 0; keys[0] == null || keys[1] == null || keys[2] == null; n++) {
            String key = prefix + n;
            keys[master(key)] = keys[master(key)] == null ? key : keys[master(key)];
        }
        return List.of(keys);
    }

    @Test
    void metadataOfKeysOnEveryMaster() throws Exception {
        List<String> keys = oneKeyPerMaster("meta:");
        await(session.write("SET", c -> c.set(b(keys.get(0)), b("hello"))));
        await(session.write("HSET", c -> c.hset(b(keys.get(1)), b("layer0.weight"), b("w"))));
        await(session.write("RPUSH", c -> c.rpush(b(keys.get(2)), b("a"), b("b"))));

        List<KeyMetadata> rows = await(new KeyMetadataReader(session).describeAll(
                List.of(b(keys.get(2)), b(keys.get(0)), b(keys.get(1)), b("meta:missing"))));

        assertThat(rows).extracting(r -> r.info().type()).containsExactly("list", "string", "hash", "none");
        assertThat(rows).extracting(r -> r.info().size()).containsExactly(2L, 5L, 1L, 0L);
        assertThat(rows.subList(0, 3)).allSatisfy(r -> assertThat(r.info().memoryBytes()).isPositive());
        assertThat(rows.get(1).head()).isEqualTo(b("hello"));
        assertThat(rows.get(2).sampleFields()).containsExactly(b("layer0.weight"));
    }

    @Test
    void renameAcrossSlotsIsExplainedAndWithinASlotWorks() throws Exception {
        KeyEditor editor = new KeyEditor(session);
        List<String> keys = oneKeyPerMaster("ren:");
        await(session.write("SET", c -> c.set(b(keys.get(0)), b("v"))));

        assertThatThrownBy(() -> await(editor.rename(b(keys.get(0)), b(keys.get(1)), false))).cause()
                .isInstanceOf(RedisOperationException.class)
                .hasMessageStartingWith("RENAMENX failed: the new name hashes to another slot of the cluster than the key "
                        + "does; Redis cannot rename across slots")
                .hasMessageContaining("CROSSSLOT");

        await(session.write("SET", c -> c.set(b("{m}:old"), b("v"))));
        assertThat(await(editor.rename(b("{m}:old"), b("{m}:new"), true))).isTrue();
        byte[] moved = await(session.read("GET", c -> c.get(b("{m}:new"))));
        assertThat(moved).isEqualTo(b("v"));
    }

    @Test
    void bulkDeletionSpansEveryMaster() throws Exception {
        List<byte[]> keys = new ArrayList<>();
        List<CompletableFuture<String>> writes = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            byte[] key = b("bulk:" + i);
            keys.add(key);
            writes.add(session.write("SET", c -> c.set(key, b("v"))));
        }
        for (CompletableFuture<String> w : writes) {
            await(w);
        }
        for (int i = 0; i < 3; i++) {
            cluster.withNode(i, c -> assertThat(c.sync().dbsize()).isPositive());
        }
        List<BulkProgress> reports = new CopyOnWriteArrayList<>();

        BulkProgress end = await(new KeyEditor(session).deleteAll(keys.iterator(), keys.size(), reports::add).result());

        assertThat(end).isEqualTo(new BulkProgress(1200, 1200, 1200, true));
        assertThat(reports).extracting(BulkProgress::deleted).containsExactly(500L, 1000L, 1200L, 1200L);
        for (int i = 0; i < 3; i++) {
            cluster.withNode(i, c -> assertThat(c.sync().keys("bulk:*")).isEmpty());
        }
    }

    @Test
    void notificationsAreReadAndEnabledOnEveryMasterAndHeardFromEach() throws Exception {
        KeyspaceEvents events = new KeyspaceEvents(session);
        cluster.withNode(1, c -> c.sync().configSet("notify-keyspace-events", "Ex"));
        String disagreeing = await(events.notificationFlags());
        assertThat(disagreeing).contains("differs between masters").contains("\"xE\"");
        assertThat(KeyspaceEvents.coversKeyspaceEvents(disagreeing)).isFalse();

        await(events.enableNotifications());

        String flags = await(events.notificationFlags());
        assertThat(flags).doesNotContain("differs").contains("K").contains("A").contains("E");
        for (int i = 0; i < 3; i++) {
            cluster.withNode(i, c -> assertThat(c.sync().configGet("notify-keyspace-events").get("notify-keyspace-events"))
                    .contains("K").contains("A").contains("E"));
        }

        List<String> keys = oneKeyPerMaster("live:");
        List<KeyEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription sub = await(events.subscribe(seen::add))) {
            for (String key : keys) {
                await(session.write("SET", c -> c.set(b(key), b("1"))));
                await(session.write("DEL", c -> c.del(b(key))));
            }
            Eventually.within(Duration.ofSeconds(5), "a set and a del from each master", () -> seen.size() >= 6);
            assertThat(seen).extracting(KeyEvent::toString).containsExactlyInAnyOrder(
                    "set " + keys.get(0), "del " + keys.get(0), "set " + keys.get(1), "del " + keys.get(1),
                    "set " + keys.get(2), "del " + keys.get(2));
        }
        seen.clear();
        // A witness subscription to a key on the same master (same hash tag, same slot) tells when the notifications
        // have got through: a master's reach that master's pub/sub connection in the order it sent them, so once the
        // witness hears about a key set after keys.get(1), any notification about keys.get(1) has been handed out too.
        String witnessKey = "{" + keys.get(1) + "}:witness";
        CountDownLatch witnessed = new CountDownLatch(1);
        try (Subscription witness = await(session.pubSub().psubscribeEveryMaster(b("__keyspace@0__:" + witnessKey),
                (channel, message) -> witnessed.countDown()))) {
            await(session.write("SET", c -> c.set(b(keys.get(1)), b("after"))));
            await(session.write("SET", c -> c.set(b(witnessKey), b("1"))));
            assertThat(witnessed.await(10, TimeUnit.SECONDS)).as("the witness heard its key").isTrue();
        }
        assertThat(seen).as("closed subscription").isEmpty();
    }
}
