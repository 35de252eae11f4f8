package dev.tensorlens.redis;

import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisSessionTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;

    @BeforeAll
    static void connect() {
        session = RedisSession.open(redis.profile()).join();
    }

    @AfterAll
    static void disconnect() {
        session.close();
    }

    @BeforeEach
    void emptyServer() {
        redis.sync().flushall();
    }

    @Test
    void overviewReportsWhatTheServerSays() {
        redis.sync().set("a", "1");
        redis.sync().set("b", "2");

        ServerOverview overview = new ServerInfoService(session).overview().join();

        assertThat(overview.info().version()).isEqualTo(redis.binary().version());
        assertThat(overview.info().mode()).isEqualTo("standalone");
        assertThat(overview.role().role()).isEqualTo("master");
        assertThat(overview.role().describe()).isEqualTo("master · 0 replicas");
        assertThat(overview.dbSize()).isEqualTo(2);
        assertThat(overview.info().keyspace()).singleElement()
                .satisfies(db -> assertThat(db.keys()).isEqualTo(2));
        assertThat(overview.info().sections()).containsKeys("server", "clients", "memory", "persistence", "keyspace");
        assertThat(overview.roundTrip()).isPositive();
    }

    @Test
    void keysAndValuesAreBinarySafe() {
        byte[] key = {(byte) 0xff, 0, 'k', (byte) 0x80};
        byte[] value = {0, 1, 2, (byte) 0xfe};

        session.write("SET", c -> c.set(key, value)).join();

        assertThat(session.read("GET", c -> c.get(key)).join()).isEqualTo(value);
        assertThat(session.read("EXISTS", c -> c.exists(new byte[] {(byte) 0xff, 0, 'k'})).join()).isZero();
    }

    @Test
    void serverErrorsKeepTheServersWords() {
        redis.sync().set("text", "hello");

        CompletableFuture<Long> wrongType = session.read("LLEN text", c -> c.llen(bytes("text")));

        assertThatThrownBy(wrongType::join)
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RedisOperationException.class)
                .hasMessage("LLEN text failed: the server replied \"WRONGTYPE Operation against a key holding the wrong kind of value\".");
    }

    @Test
    void readOnlyProfileRefusesWritesBeforeTheServerSeesThem() {
        ConnectionProfile readOnly = redis.profile().toBuilder().name("prod replica").readOnly(true).build();
        try (RedisSession guarded = RedisSession.open(readOnly).join()) {
            CompletableFuture<String> set = guarded.write("SET", c -> c.set(bytes("x"), bytes("1")));

            assertThatThrownBy(set::join).cause()
                    .isInstanceOf(ReadOnlyProfileException.class)
                    .hasMessageContaining("SET was not sent")
                    .hasMessageContaining("'prod replica' is read-only");
            assertThat(redis.sync().exists("x")).isZero();
            // reads still work
            assertThat(guarded.read("DBSIZE", c -> c.dbsize()).join()).isZero();
        }
    }

    @Test
    void refusedConnectionSaysSo() {
        ConnectionProfile nowhere = ConnectionProfile.builder().host("127.0.0.1").port(1).build();

        assertThatThrownBy(() -> RedisSession.open(nowhere).join()).cause()
                .isInstanceOf(RedisOperationException.class)
                .hasMessage("Connecting to 127.0.0.1:1 failed: the connection was refused: no Redis server is listening there.");
    }

    @Test
    void unknownHostSaysSo() {
        ConnectionProfile nowhere = ConnectionProfile.builder().host("no-such-host.invalid").port(6379).build();

        assertThatThrownBy(() -> RedisSession.open(nowhere).join()).cause()
                .hasMessage("Connecting to no-such-host.invalid:6379 failed: "
                        + "the host name \"no-such-host.invalid\" could not be resolved.");
    }

    @Test
    void invalidProfileIsRefusedBeforeConnecting() {
        ConnectionProfile noMaster = ConnectionProfile.builder().mode(ConnectionMode.SENTINEL).build();

        assertThatThrownBy(() -> RedisSession.open(noMaster).join()).cause()
                .hasMessageContaining("Sentinel needs the master's name.")
                .hasMessageContaining("at least one sentinel node");
    }

    @Test
    void slowServerTimesOutWithAnExplanation() throws Exception {
        ConnectionProfile impatient = redis.profile().toBuilder().commandTimeoutMillis(300).build();
        try (RedisSession s = RedisSession.open(impatient).join()) {
            redis.sync().clientPause(1_500);
            try {
                CompletableFuture<byte[]> get = s.read("GET a", c -> c.get(bytes("a")));
                assertThatThrownBy(() -> get.get(5, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(RedisOperationException.class)
                        .hasMessageStartingWith("GET a timed out")
                        .hasMessageContaining("raise the command timeout");
            } finally {
                Thread.sleep(1_600);
            }
        }
    }

    @Test
    void pubSubDeliversOnItsOwnConnection() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        PubSubHub.Subscription sub = session.pubSub()
                .psubscribe(bytes("news.*"), (channel, message) ->
                        received.add(new String(channel, StandardCharsets.UTF_8) + "=" + new String(message, StandardCharsets.UTF_8)))
                .get(5, TimeUnit.SECONDS);

        redis.sync().publish("news.models", "v2 saved");
        Eventually.within(Duration.ofSeconds(5), "message delivered",
                () -> received.contains("news.models=v2 saved"));
        // the command connection is still free for commands
        assertThat(session.read("PING", c -> c.ping()).join()).isEqualTo("PONG");
        sub.close();
    }

    @Test
    void closedSessionRefusesCommands() {
        RedisSession s = RedisSession.open(redis.profile()).join();
        s.close();

        assertThat(s.state()).isEqualTo(ConnectionState.CLOSED);
        assertThatThrownBy(() -> s.read("PING", c -> c.ping()).join()).cause()
                .hasMessage("PING was not sent: this connection was closed.");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
