package dev.tensorlens.redis;

import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.support.Eventually;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Sentinel and Cluster, each on real processes: a master watched by one sentinel, and a one-node cluster. */
class RedisTopologiesTest {

    static RedisProcess master;
    static RedisProcess sentinel;
    static RedisProcess clusterNode;

    @BeforeAll
    static void startServers() throws Exception {
        RedisBinary binary = RedisBinary.locate(Path.of("target/redis-bin"));
        Path root = Files.createDirectories(Path.of("target/redis-servers"));
        master = RedisProcess.start(binary, Files.createTempDirectory(root, "master-"), List.of());
        sentinel = RedisProcess.startSentinel(binary, Files.createTempDirectory(root, "sentinel-"), "models", master.port());
        clusterNode = RedisProcess.start(binary, Files.createTempDirectory(root, "cluster-"),
                List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"));
        RedisClient client = RedisClient.create(clusterNode.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().clusterAddSlots(IntStream.range(0, 16384).toArray());
            Eventually.within(Duration.ofSeconds(10), "cluster state ok",
                    () -> c.sync().clusterInfo().contains("cluster_state:ok"));
        } finally {
            client.shutdown();
        }
    }

    @AfterAll
    static void stopServers() {
        for (RedisProcess p : new RedisProcess[] {sentinel, master, clusterNode}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    void sentinelLeadsToTheMaster() {
        ConnectionProfile viaSentinel = ConnectionProfile.builder().mode(ConnectionMode.SENTINEL)
                .sentinelMaster("models").sentinelNodes(List.of("127.0.0.1:" + sentinel.port())).build();

        try (RedisSession session = RedisSession.open(viaSentinel).join()) {
            session.write("SET", c -> c.set("via".getBytes(), "sentinel".getBytes())).join();
            ServerOverview o = new ServerInfoService(session).overview().join();

            assertThat(o.info().getLong("tcp_port")).hasValue(master.port());
            assertThat(o.role().role()).isEqualTo("master");
        }
    }

    /** The Persistence view's service through Sentinel: the status is the current master's, and so is the snapshot. */
    @Test
    void throughSentinelTheStatusAndTheSnapshotAreTheCurrentMasters() throws Exception {
        ConnectionProfile viaSentinel = ConnectionProfile.builder().mode(ConnectionMode.SENTINEL)
                .sentinelMaster("models").sentinelNodes(List.of("127.0.0.1:" + sentinel.port())).build();
        Path snapshot = master.dir().resolve("dump.rdb");
        Files.deleteIfExists(snapshot);

        try (RedisSession session = RedisSession.open(viaSentinel).join()) {
            session.write("SET", c -> c.set("saved".getBytes(), "through sentinel".getBytes())).join();
            PersistenceService persistence = new PersistenceService(session);
            List<PersistenceStatus> before = persistence.status().get(30, TimeUnit.SECONDS);

            assertThat(before).hasSize(1);
            assertThat(before.get(0).server()).isEqualTo(viaSentinel.target());
            assertThat(before.get(0).settings().dir()).isEqualTo(master.dir().toRealPath().toString());
            assertThat(before.get(0).snapshots().changesSinceLastSave()).isPositive();

            BackgroundJob job = persistence.bgsave().get(30, TimeUnit.SECONDS);
            persistence.awaitBackgroundSaveDone(job, Duration.ofSeconds(30)).get(40, TimeUnit.SECONDS);

            assertThat(persistence.status().get(30, TimeUnit.SECONDS).get(0).snapshots().changesSinceLastSave()).isZero();
        }
        assertThat(snapshot).as("the snapshot is written in the master's own folder").isNotEmptyFile();
    }

    @Test
    void unknownSentinelMasterIsExplained() {
        ConnectionProfile wrongName = ConnectionProfile.builder().mode(ConnectionMode.SENTINEL)
                .sentinelMaster("nope").sentinelNodes(List.of("127.0.0.1:" + sentinel.port())).build();

        Assertions.assertThatThrownBy(() -> RedisSession.open(wrongName).join()).cause()
                .isInstanceOf(RedisOperationException.class)
                .hasMessageStartingWith("Connecting to sentinel nope via 127.0.0.1:" + sentinel.port() + " failed:");
    }

    @Test
    void clusterCommandsReachTheNodes() {
        ConnectionProfile cluster = ConnectionProfile.builder().mode(ConnectionMode.CLUSTER)
                .clusterNodes(List.of("127.0.0.1:" + clusterNode.port())).build();

        try (RedisSession session = RedisSession.open(cluster).join()) {
            assertThat(session.isCluster()).isTrue();
            for (int i = 0; i < 20; i++) {
                int n = i;
                session.write("SET", c -> c.set(("key:" + n).getBytes(), "v".getBytes())).join();
            }
            ServerOverview o = new ServerInfoService(session).overview().join();

            assertThat(o.info().mode()).isEqualTo("cluster");
            assertThat(o.dbSize()).isEqualTo(20);
            assertThat(session.read("GET", c -> c.get("key:7".getBytes())).join()).isEqualTo("v".getBytes());
        }
    }
}
