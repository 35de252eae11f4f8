package dev.tensorlens.redis;

import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The append-only file, turned on through {@link PersistenceService}, keeps the writes made after the last snapshot
 * across a crash.
 *
 * <p>Why this server starts with {@code --appendonly yes}: a restart reuses the startup options, and a server
 * started without a config file cannot keep a {@code CONFIG SET} across it ({@code CONFIG REWRITE} has nowhere to
 * write). So the test turns AOF off through the service, makes a snapshot, and turns AOF on again through the
 * service; the restart then loads the AOF. Had turning it on done nothing, the restart would load the AOF from before
 * it was turned off, which holds none of these keys.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PersistenceAofTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension("--appendonly", "yes");

    static final Duration WAIT = Duration.ofSeconds(30);

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }


    @Test
    void aofTurnedOnThroughTheServiceKeepsTheWritesAfterTheLastSnapshot() throws Exception {
        RedisSession session = redis.session();
        PersistenceService persistence = new PersistenceService(session);
        String server = session.profile().target();

        BackgroundJob off = await(persistence.setAppendOnly(false));
        await(persistence.awaitAofRewriteDone(off, WAIT));
        assertThat(await(persistence.status()).get(0).appendOnlyFile().enabled()).isFalse();
        redis.writeKeys("before-snapshot:", 500);
        await(persistence.awaitBackgroundSaveDone(await(persistence.bgsave()), WAIT));

        BackgroundJob on = await(persistence.setAppendOnly(true));
        assertThat(on.replies()).containsEntry(server, "OK");
        Map<String, Long> sizes = await(persistence.awaitAofRewriteDone(on, WAIT));
        assertThat(sizes.get(server)).as("the initial rewrite wrote the data set").isPositive();
        // appendfsync always: each write is on disk before its reply, so a SIGKILL right after loses none. With the
        // default everysec the test would have to wait out a second and still only make loss unlikely.
        await(persistence.setAppendFsync("always"));
        redis.writeKeys("after-snapshot:", 500);
        redis.sync().del("before-snapshot:0");

        PersistenceStatus status = await(persistence.status()).get(0);
        assertThat(status.appendOnlyFile().enabled()).isTrue();
        assertThat(status.appendOnlyFile().lastWriteStatus()).isEqualTo("ok");
        assertThat(status.settings().appendfsync()).isEqualTo("always");
        assertThat(status.snapshots().changesSinceLastSave()).as("none of it is in a snapshot").isGreaterThanOrEqualTo(501);

        redis.kill();
        redis.startAgain();

        assertThat(redis.sync().dbsize()).isEqualTo(999);
        assertThat(redis.sync().get("after-snapshot:499")).isEqualTo("v499");
        assertThat(redis.sync().get("before-snapshot:499")).isEqualTo("v499");
        assertThat(redis.sync().exists("before-snapshot:0")).as("the delete after the snapshot too").isZero();
        Eventually.within(WAIT, "the app's session reconnects", () -> session.state() == ConnectionState.CONNECTED);
    }
}
