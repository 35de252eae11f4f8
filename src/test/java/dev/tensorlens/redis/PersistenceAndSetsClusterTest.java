package dev.tensorlens.redis;

import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.support.CommandStats;
import dev.tensorlens.support.LocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Persistence and set operations on a real three-master cluster: status and actions on every master, and set
 * commands on keys in different slots (two splits named without a shared hash tag).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PersistenceAndSetsClusterTest {

    static LocalCluster cluster;
    static RedisSession session;
    static List<String> masters;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start("persist-cluster");
        session = cluster.session();
        masters = cluster.nodes().stream().map(n -> "127.0.0.1:" + n.port()).toList();
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
        return f.get(30, TimeUnit.SECONDS);
    }

    /** The index of the master that holds {@code key} (slots are split in thirds, in node order). */
    static int master(String key) {
        return KeyBrowserClusterTest.master(key);
    }

    @Test
    void everyMasterHasItsStatusAndEverySnapshotIsAwaited() throws Exception {
        PersistenceService persistence = new PersistenceService(session);
        for (int i = 0; i < 300; i++) {
            int n = i;
            await(session.write("SET", c -> c.set(b("k:" + n), b("v"))));
        }
        List<PersistenceStatus> before = await(persistence.status());
        assertThat(before).extracting(PersistenceStatus::server).containsExactlyElementsOf(masters);
        assertThat(before).allSatisfy(s -> {
            assertThat(s.snapshots().changesSinceLastSave()).as("each master holds some keys").isPositive();
            assertThat(s.settings().known()).isTrue();
        });

        BackgroundJob job = await(persistence.bgsave());
        Map<String, Instant> saved = await(persistence.awaitBackgroundSaveDone(job, Duration.ofSeconds(30)));

        assertThat(job.replies().keySet()).containsExactlyElementsOf(masters);
        assertThat(saved.keySet()).containsExactlyElementsOf(masters);
        assertThat(await(persistence.status())).allSatisfy(s -> assertThat(s.snapshots().changesSinceLastSave()).isZero());
        for (RedisProcess node : cluster.nodes()) {
            assertThat(node.dir().resolve("dump.rdb")).as("written on " + node.port()).exists();
        }
    }

    @Test
    void setsInDifferentSlotsAreCountedPageByPageAndAMoveBetweenThemIsExplained() throws Exception {
        SetMembership sets = new SetMembership(session);
        String train = "mnist:train";
        String test = IntStream.range(0, 100).mapToObj(n -> "mnist:test" + n)
                .filter(k -> master(k) != master(train)).findFirst().orElseThrow();
        sets.addAll(b(train), ids(0, 3_000), p -> { }).result().get(30, TimeUnit.SECONDS);
        sets.addAll(b(test), ids(2_500, 4_000), p -> { }).result().get(30, TimeUnit.SECONDS);
        AtomicLong checked = new AtomicLong();

        assertThat(await(sets.intersectionCount(b(train), b(test), p -> checked.set(p.checked())))).isEqualTo(500);
        assertThat(checked).as("the smaller set, 1,500 members, was walked").hasValue(1_500);
        assertThat(await(sets.intersectionMembers(b(train), b(test), 10))).hasSize(10);

        assertThatThrownBy(() -> await(sets.move(b(train), b(test), b("id:0")))).cause()
                .isInstanceOf(RedisOperationException.class)
                .hasMessageStartingWith("SMOVE failed: the keys hash to different slots of the cluster, and one command "
                        + "can only work on keys of one slot (keys that share a {hash tag}, such as {mnist}:train and "
                        + "{mnist}:test, share a slot)")
                .hasMessageContaining("CROSSSLOT");

        // with a shared hash tag both splits live on one master: SMOVE works, and SINTERCARD counts there
        sets.addAll(b("{mnist}:train"), ids(0, 100), p -> { }).result().get(30, TimeUnit.SECONDS);
        sets.addAll(b("{mnist}:test"), ids(90, 200), p -> { }).result().get(30, TimeUnit.SECONDS);
        assertThat(await(sets.move(b("{mnist}:train"), b("{mnist}:test"), b("id:0")))).isTrue();
        assertThat(await(sets.intersectionCount(b("{mnist}:train"), b("{mnist}:test"), p -> { }))).isEqualTo(10);
        if (await(session.versionNumber()) >= SetMembership.SINTERCARD_SINCE) {
            cluster.withNode(master("{mnist}:train"), c ->
                    assertThat(CommandStats.calls(c.sync(), "sintercard")).isEqualTo(1));
        }
    }

    static List<byte[]> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(n -> b("id:" + n)).toList();
    }
}
