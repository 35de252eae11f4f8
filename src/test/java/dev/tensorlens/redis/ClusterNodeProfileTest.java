package dev.tensorlens.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tensorlens.cli.TensorlensCommand;
import dev.tensorlens.settings.UiSettings;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.LocalCluster;
import dev.tensorlens.support.TestUiThread;
import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.ui.common.SessionModel;
import dev.tensorlens.ui.shell.ShellModel;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A plain {@code redis://host:port} profile that names one master of a real three-master cluster reaches the whole
 * cluster: the session is a cluster session seeded with that node, and commands follow the cluster's redirections.
 * The CLI and the status bar are checked here too, on the same cluster, rather than each starting three servers more.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterNodeProfileTest {

    static final String TENSOR = "model:mlp:layer0.weight";
    static final int OTHER_KEYS = 300;
    static LocalCluster cluster;
    static byte[] npy;
    /** A master that does not own {@link #TENSOR}'s slot: read alone, it answers MOVED for it. */
    static int notOwner;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start("node-profile");
        RedisSession session = cluster.session();
        npy = fixture("weights_f32.npy");
        List<CompletableFuture<String>> writes = new ArrayList<>();
        writes.add(session.write("SET", c -> c.set(TENSOR.getBytes(), npy)));
        for (int i = 0; i < OTHER_KEYS; i++) {
            int n = i;
            writes.add(session.write("SET", c -> c.set(("k:" + n).getBytes(), "v".getBytes())));
        }
        for (CompletableFuture<String> w : writes) {
            w.get(30, TimeUnit.SECONDS);
        }
        int owner = SlotHash.getSlot(TENSOR) * 3 / SlotHash.SLOT_COUNT; // LocalCluster splits the slots in thirds
        notOwner = (owner + 1) % 3;
        for (int i = 0; i < 3; i++) { // ACL users are per node
            cluster.withNode(i, c -> c.sync().aclSetuser("reader",
                    AclSetuserArgs.Builder.on().addPassword("pw").allKeys().allCommands().removeCommand(CommandType.INFO)));
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static ConnectionProfile standaloneAt(int node) {
        return ConnectionProfile.builder().host("127.0.0.1").port(cluster.nodes().get(node).port())
                .commandTimeoutMillis(5_000).build();
    }

    /** A user who may do everything but {@code INFO}: the server mode must be found without it. */
    static ConnectionProfile readerAt(int node) {
        return standaloneAt(node).toBuilder().username("reader").password("pw").build();
    }

    @Test
    void aStandaloneProfileAtANodeOpensTheWholeCluster() throws Exception {
        cluster.withNode(notOwner, c -> assertThatThrownBy(() -> c.sync().get(TENSOR)).hasMessageStartingWith("MOVED"));

        try (RedisSession session = RedisSession.open(standaloneAt(notOwner)).get(30, TimeUnit.SECONDS)) {
            assertThat(session.isCluster()).isTrue();
            assertThat(session.profile().mode()).isEqualTo(ConnectionMode.CLUSTER);
            assertThat(session.profile().clusterNodes()).containsExactly("127.0.0.1:" + cluster.nodes().get(notOwner).port());
            assertThat(session.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(session.read("GET", c -> c.get(TENSOR.getBytes())).get(10, TimeUnit.SECONDS)).isEqualTo(npy);
            assertThat(session.read("DBSIZE", c -> c.dbsize()).get(10, TimeUnit.SECONDS)).isEqualTo(OTHER_KEYS + 1L);
        }
    }

    @Test
    void anAclUserWhoMayNotRunInfoIsStillTakenToTheCluster() throws Exception {
        try (RedisSession session = RedisSession.open(readerAt(notOwner)).get(30, TimeUnit.SECONDS)) {
            assertThat(session.isCluster()).isTrue();
            assertThat(session.read("GET", c -> c.get(TENSOR.getBytes())).get(10, TimeUnit.SECONDS)).isEqualTo(npy);
            assertThatThrownBy(() -> session.read("INFO", c -> c.info()).get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("NOPERM"); // the user really may not run INFO
        }
    }

    /**
     * Now and then Lettuce reports the handshake's connection closed rather than its SELECT refused (a race in the
     * handshake: it failed this test once in CI); the hint then asks the node itself.
     */
    @Test
    void theClusterHintAsksTheNodeWhenTheHandshakeLostTheRefusal() throws Exception {
        ConnectionProfile db2 = standaloneAt(0).toBuilder().database(2).build();
        Throwable lost = new RedisConnectionException("Unable to connect",
                new IllegalStateException("HandshakeHandler not registered"));
        ClientResources resources = LettuceSetup.resources();
        RedisClient client = RedisClient.create(resources);
        try {
            assertThat(ConnectHints.clusterDatabase(db2, lost)).as("nothing to tell from the failure alone").isEmpty();
            assertThat(ConnectHints.clusterDatabase(db2, lost, client).get(10, TimeUnit.SECONDS))
                    .endsWith("is a node of a Redis Cluster, and a cluster has only database 0, not 2: connect to "
                            + "database 0 to read the whole cluster.");
            assertThat(ConnectHints.clusterDatabase(standaloneAt(0), lost, client).get(10, TimeUnit.SECONDS))
                    .as("database 0 asked: nothing to add").isEmpty();
        } finally {
            client.shutdown(0, 1, TimeUnit.SECONDS);
            resources.shutdown(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void anotherDatabaseThanZeroIsRefusedInWords() {
        ConnectionProfile db2 = standaloneAt(0).toBuilder().database(2).build();

        assertThatThrownBy(() -> RedisSession.open(db2).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RedisOperationException.class)
                .hasMessageEndingWith("127.0.0.1:" + cluster.nodes().get(0).port() + " is a node of a Redis Cluster, and a "
                        + "cluster has only database 0, not 2: connect to database 0 to read the whole cluster.");
    }

    @Test
    void inspectGivenANodeThatDoesNotOwnTheKeyPrintsTheTensor() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = cli(out, err).execute("inspect", "--uri", "redis://127.0.0.1:" + cluster.nodes().get(notOwner).port(), TENSOR);

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("format   npy").contains(TENSOR + "  float32 (64, 32)").contains("count 2,048");
    }

    @Test
    void infoGivenOneNodeReportsTheClustersTotalsAndEachMaster() throws Exception {
        long[] perNode = new long[3];
        for (int i = 0; i < 3; i++) {
            int n = i;
            cluster.withNode(i, c -> perNode[n] = c.sync().dbsize());
        }
        assertThat(perNode[notOwner]).isLessThan(OTHER_KEYS + 1); // the node alone would say less
        String port = String.valueOf(cluster.nodes().get(notOwner).port());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        assertThat(cli(out, err).execute("info", "--uri", "redis://127.0.0.1:" + port)).as(err.toString()).isZero();

        assertThat(out.toString().lines()).contains(
                "server     cluster via 127.0.0.1:" + port,
                "keys       " + (OTHER_KEYS + 1) + " in db 0, summed over 3 masters");
        String[] slots = {"0-5460", "5461-10922", "10923-16383"};
        List<String> masterLines = out.toString().lines().filter(l -> l.startsWith("master ")).toList();
        assertThat(masterLines).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(masterLines.get(i)).matches("master +127\\.0\\.0\\.1:" + cluster.nodes().get(i).port()
                    + " +slots " + slots[i] + " +keys " + perNode[i] + " +memory [0-9.]+[KMG]");
        }

        StringWriter json = new StringWriter();
        assertThat(cli(json, err).execute("info", "--json", "--uri", "redis://127.0.0.1:" + port)).isZero();
        JsonNode info = new ObjectMapper().readTree(json.toString());
        assertThat(info.get("dbsize").asLong()).isEqualTo(OTHER_KEYS + 1);
        assertThat(info.get("masters")).hasSize(3);
        long memory = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode master = info.get("masters").get(i);
            assertThat(master.get("address").asText()).isEqualTo("127.0.0.1:" + cluster.nodes().get(i).port());
            assertThat(master.get("keys").asLong()).isEqualTo(perNode[i]);
            assertThat(master.get("slots").toString()).isEqualTo("[[" + slots[i].replace('-', ',') + "]]");
            memory += master.get("usedMemory").asLong();
        }
        assertThat(info.get("usedMemory").asLong()).isEqualTo(memory);
    }

    @Test
    void theServerViewsOverviewCountsEveryMastersKeys() throws Exception {
        try (RedisSession session = RedisSession.open(standaloneAt(notOwner)).get(30, TimeUnit.SECONDS)) {
            ServerOverview o = new ServerInfoService(session).overview().get(30, TimeUnit.SECONDS);

            assertThat(o.dbSize()).isEqualTo(OTHER_KEYS + 1);
            assertThat(o.masters()).extracting(ClusterMaster::slotCount).containsExactly(5461, 5462, 5461);
            assertThat(o.usedMemory()).isGreaterThan(o.masters().get(0).usedMemory());
        }
    }

    @Test
    void theStatusBarSaysClusterEvenWhenInfoIsDenied() {
        try (TestUiThread ui = new TestUiThread()) {
            SessionModel model = ui.call(() -> new SessionModel(ui.ui(), ui.executors().timers()));
            ShellModel shell = ui.call(() -> new ShellModel(model, new UiSettings.Store(UiTestSupport.freshDirs(), Runnable::run)));
            ui.run(() -> model.open(readerAt(notOwner)));
            Eventually.within(Duration.ofSeconds(30), "connected",
                    () -> ui.call(() -> model.stateProperty().get()) == ConnectionState.CONNECTED);

            // INFO was refused: the mode came from the session
            assertThat(ui.call(() -> model.serverModeProperty().get())).isNull();
            assertThat(ui.call(() -> shell.modeText().get())).isEqualTo("cluster");
            assertThat(ui.call(() -> model.session().isCluster())).isTrue();
            model.close();
        }
    }

    static CommandLine cli(StringWriter out, StringWriter err) {
        CommandLine cl = TensorlensCommand.commandLine(o -> 0);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = ClusterNodeProfileTest.class.getResourceAsStream("/dev/tensorlens/cli/inspect/" + name)) {
            return in.readAllBytes();
        }
    }
}
