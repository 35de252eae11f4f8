package dev.tensorlens.redis;

import dev.tensorlens.redis.KeyspaceEvents.KeyEvent;
import dev.tensorlens.redis.PubSubHub.Subscription;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyspaceEventsTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    static RedisSession session;
    static KeyspaceEvents events;

    @BeforeAll
    static void connect() throws Exception {
        session = redis.session();
        events = new KeyspaceEvents(session);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void enablingKeepsTheFlagsOtherToolsSet() throws Exception {
        redis.sync().configSet("notify-keyspace-events", "");
        assertThat(await(events.notificationFlags())).isEmpty();

        redis.sync().configSet("notify-keyspace-events", "Ex"); // keyevent channels for expiries, as a job queue might
        assertThat(await(events.notificationFlags())).isEqualTo("xE");
        assertThat(KeyspaceEvents.coversKeyspaceEvents("xE")).isFalse();

        await(events.enableNotifications());

        String flags = await(events.notificationFlags());
        assertThat(flags).contains("E").contains("K").contains("A"); // the server writes x as part of A
        assertThat(KeyspaceEvents.coversKeyspaceEvents(flags)).isTrue();
    }

    @Test
    void coverageNeedsKeyspaceChannelsAndEveryClass() {
        assertThat(KeyspaceEvents.coversKeyspaceEvents("KA")).isTrue();
        assertThat(KeyspaceEvents.coversKeyspaceEvents("AKE")).isTrue();
        assertThat(KeyspaceEvents.coversKeyspaceEvents("Kg$lshzxet")).isTrue();
        assertThat(KeyspaceEvents.coversKeyspaceEvents("EA")).as("keyevent channels only").isFalse();
        assertThat(KeyspaceEvents.coversKeyspaceEvents("Kg$")).as("no hash, set … events").isFalse();
        assertThat(KeyspaceEvents.coversKeyspaceEvents("K$lshzxet")).as("no del / rename").isFalse();
        assertThat(KeyspaceEvents.coversKeyspaceEvents("")).isFalse();
        assertThat(KeyspaceEvents.coversKeyspaceEvents(null)).isFalse();
        assertThat(KeyspaceEvents.coversKeyspaceEvents("KA (differs between masters: a \"KA\", b \"\")")).isTrue();
        assertThat(KeyspaceEvents.withAllKeyspaceEvents("xE", "")).isEqualTo("xEKA");
        assertThat(KeyspaceEvents.agreedFlags(Map.of("a:1", "KA"))).isEqualTo("KA");
        // live updates judge every master: one that is silent about its keys is not covered
        assertThat(KeyspaceEvents.everyMasterCovers(Map.of("a:1", "KA", "b:2", "KA"))).isTrue();
        assertThat(KeyspaceEvents.everyMasterCovers(Map.of("a:1", "KA", "b:2", ""))).isFalse();
        assertThat(KeyspaceEvents.everyMasterCovers(Map.of())).isFalse();
    }

    @Test
    void setDeleteExpireAndRenameArriveWithTheExactKey() throws Exception {
        await(events.enableNotifications());
        List<KeyEvent> seen = new CopyOnWriteArrayList<>();
        byte[] binary = {'b', (byte) 0xff, 0, ':'};
        try (Subscription sub = await(events.subscribe(seen::add))) {
            await(session.write("SET", c -> c.set(b("ev:a"), b("1"))));
            await(session.write("HSET", c -> c.hset(b("ev:h"), b("f"), b("v"))));
            await(session.write("RENAME", c -> c.rename(b("ev:a"), b("ev:b"))));
            await(session.write("DEL", c -> c.del(b("ev:b"))));
            await(session.write("SET", c -> c.set(binary, b("x"))));
            await(session.write("PEXPIRE", c -> c.pexpire(binary, 1)));

            Eventually.within(Duration.ofSeconds(5), "all events", () -> seen.stream().anyMatch(e -> e.event().equals("expired")));
            assertThat(seen).extracting(KeyEvent::toString).containsSubsequence(
                    "set ev:a", "hset ev:h", "rename_from ev:a", "rename_to ev:b", "del ev:b",
                    "set b\\xff\\x00:", "expire b\\xff\\x00:", "expired b\\xff\\x00:");
            assertThat(seen.get(seen.size() - 1).key()).isEqualTo(binary);
        }
        int before = seen.size();
        // A witness subscription to one other key tells when the notifications have got through: they reach the one
        // pub/sub connection in the order the server sent them, so once the witness hears about a key set after
        // ev:after, any notification about ev:after has been handed out too.
        CountDownLatch witnessed = new CountDownLatch(1);
        byte[] witnessChannel = b("__keyspace@" + session.profile().database() + "__:ev:witness");
        try (Subscription witness = await(session.pubSub().psubscribe(witnessChannel, (ch, m) -> witnessed.countDown()))) {
            await(session.write("SET", c -> c.set(b("ev:after"), b("1"))));
            await(session.write("SET", c -> c.set(b("ev:witness"), b("1"))));
            assertThat(witnessed.await(10, TimeUnit.SECONDS)).as("the witness heard its key").isTrue();
        }
        assertThat(seen).as("events after the subscription was closed").hasSize(before);
    }

    @Test
    void theProfilesDatabaseIsTheOneWatched() throws Exception {
        await(events.enableNotifications());
        ConnectionProfile db3 = redis.profile().toBuilder().database(3).build();
        try (RedisSession s = RedisSession.open(db3).get(10, TimeUnit.SECONDS)) {
            List<KeyEvent> seen = new CopyOnWriteArrayList<>();
            try (Subscription sub = await(new KeyspaceEvents(s).subscribe(seen::add))) {
                await(session.write("SET", c -> c.set(b("in-db0"), b("1"))));
                await(s.write("SET", c -> c.set(b("in-db3"), b("1"))));
                Eventually.within(Duration.ofSeconds(5), "db 3 event", () -> !seen.isEmpty());
                assertThat(seen).extracting(KeyEvent::toString).containsExactly("set in-db3");
            }
        }
    }

    @Test
    void readOnlyProfilesMayReadButNotChangeTheSetting() throws Exception {
        redis.sync().configSet("notify-keyspace-events", "");
        try (RedisSession s = RedisSession.open(redis.profile().toBuilder().readOnly(true).build()).get(10, TimeUnit.SECONDS)) {
            KeyspaceEvents ro = new KeyspaceEvents(s);
            assertThat(await(ro.notificationFlags())).isEmpty();
            assertThatThrownBy(() -> await(ro.enableNotifications())).cause().isInstanceOf(ReadOnlyProfileException.class);
        }
        assertThat(redis.sync().configGet("notify-keyspace-events")).containsEntry("notify-keyspace-events", "");
    }

    @Test
    void aServerThatRefusesConfigIsExplained() throws Exception {
        redis.sync().aclSetuser("noconfig", AclSetuserArgs.Builder.on().addPassword("pw")
                .allKeys().allChannels().allCommands().removeCommand(CommandType.CONFIG));
        ConnectionProfile limited = redis.profile().toBuilder().username("noconfig").password("pw").build();
        try (RedisSession s = RedisSession.open(limited).get(10, TimeUnit.SECONDS)) {
            assertThatThrownBy(() -> await(new KeyspaceEvents(s).notificationFlags())).cause()
                    .isInstanceOf(RedisOperationException.class)
                    .hasMessageStartingWith("Reading the keyspace notification setting (notify-keyspace-events) needs the "
                            + "CONFIG command, which this server does not allow")
                    .hasMessageContaining("NOPERM");
        }
    }
}
