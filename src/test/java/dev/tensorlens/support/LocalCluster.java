package dev.tensorlens.support;

import dev.tensorlens.demo.RedisBinary;
import dev.tensorlens.demo.RedisProcess;
import dev.tensorlens.redis.ConnectionMode;
import dev.tensorlens.redis.ConnectionProfile;
import dev.tensorlens.redis.RedisSession;
import dev.tensorlens.redis.ServerInfoService;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * A real three-master cluster on local processes: slots split in thirds, joined with CLUSTER MEET. Every wait in
 * the setup has a deadline, and {@link #openSession()} checks Lettuce reaches each master, so a slow cluster fails
 * with a reason instead of hanging the suite.
 */
public final class LocalCluster implements AutoCloseable {

    private final List<RedisProcess> nodes = new ArrayList<>();
    private RedisSession session;

    private LocalCluster() {
    }

    /** Starts the three masters ({@code name} names their folders) and waits until the cluster is ok on each. */
    public static LocalCluster start(String name) throws IOException {
        LocalCluster cluster = new LocalCluster();
        try {
            cluster.form(name);
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void form(String name) throws IOException {
        RedisBinary binary = RedisBinary.locate(Path.of("target/redis-bin"));
        Path root = Files.createDirectories(Path.of("target/redis-servers"));
        for (int i = 0; i < 3; i++) {
            nodes.add(RedisProcess.start(binary, Files.createTempDirectory(root, name + "-" + i + "-"),
                    List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")));
        }
        int[][] ranges = {{0, 5461}, {5461, 10923}, {10923, 16384}};
        for (int i = 0; i < 3; i++) {
            int n = i;
            withNode(i, c -> {
                c.sync().clusterAddSlots(IntStream.range(ranges[n][0], ranges[n][1]).toArray());
                if (n > 0) {
                    c.sync().clusterMeet("127.0.0.1", nodes.get(0).port());
                }
            });
        }
        for (int i = 0; i < 3; i++) {
            int port = nodes.get(i).port();
            withNode(i, c -> Eventually.within(Duration.ofSeconds(20), "cluster state ok on " + port,
                    () -> c.sync().clusterInfo().contains("cluster_state:ok")
                            && c.sync().clusterInfo().contains("cluster_known_nodes:3")
                            // no node still in handshake under a temporary id: Lettuce would keep that id
                            && c.sync().clusterNodes().lines().filter(l -> l.contains("master")
                                    && !l.contains("handshake") && l.contains(" connected ")).count() == 3));
        }
    }

    /** The masters, in slot order: node 0 holds slot 0. */
    public List<RedisProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** A cluster profile seeded with the first node only. */
    public ConnectionProfile profile() {
        return ConnectionProfile.builder().mode(ConnectionMode.CLUSTER)
                .clusterNodes(List.of("127.0.0.1:" + nodes.get(0).port())).commandTimeoutMillis(5_000).build();
    }

    /**
     * A session on {@link #profile()} that has reached every master (DBSIZE fans out to each by node id); opened on
     * first use and closed with the cluster.
     */
    public synchronized RedisSession session() throws Exception {
        if (session == null) {
            session = RedisSession.open(profile()).get(30, TimeUnit.SECONDS);
            new ServerInfoService(session).dbSize().get(30, TimeUnit.SECONDS);
        }
        return session;
    }

    /** Runs {@code body} on a plain connection to master {@code index}, for arranging and checking from outside. */
    public void withNode(int index, Consumer<StatefulRedisConnection<String, String>> body) {
        RedisClient client = RedisClient.create(nodes.get(index).uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            body.accept(c);
        } finally {
            client.shutdown();
        }
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.close();
            session = null;
        }
        nodes.forEach(RedisProcess::close);
    }
}
