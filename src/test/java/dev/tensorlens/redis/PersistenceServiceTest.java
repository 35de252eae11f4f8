package dev.tensorlens.redis;

import dev.tensorlens.support.CommandStats;
import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots, rewrites and settings through {@link PersistenceService} against a real server started without
 * persistence ({@code --save "" --appendonly no}): every snapshot here is one the service asked for.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PersistenceServiceTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension().withDebugCommand();

    static final Duration WAIT = Duration.ofSeconds(30);

    static RedisSession session;
    static PersistenceService persistence;

    @BeforeAll
    static void connect() {
        session = redis.session();
        persistence = new PersistenceService(session);
    }

    @BeforeEach
    void empty() {
        redis.sync().flushall();
        redis.sync().configResetstat();
    }

    @AfterEach
    void noSlowSaves() {
        redis.sync().configSet("rdb-key-save-delay", "0");
        Eventually.within(WAIT, "no child process left running", () -> {
            String info = redis.sync().info("persistence");
            return info.contains("rdb_bgsave_in_progress:0") && info.contains("aof_rewrite_in_progress:0")
                    && info.contains("aof_rewrite_scheduled:0");
        });
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }


    /** Makes the next snapshot or rewrite slow: {@code rdb-key-save-delay} microseconds per key, in the child. */
    static void slowChildren(int keys) {
        redis.populate(keys, "slow");
        redis.sync().configSet("rdb-key-save-delay", "1000"); // 1 ms a key
    }

    @Test
    void statusTellsWhatTheServerReports() throws Exception {
        redis.writeKeys("k", 10);

        List<PersistenceStatus> all = await(persistence.status());

        assertThat(all).hasSize(1);
        PersistenceStatus status = all.get(0);
        assertThat(status.server()).isEqualTo(session.profile().target());
        assertThat(status.loading()).isFalse();
        assertThat(status.snapshots().changesSinceLastSave()).isGreaterThanOrEqualTo(1);
        assertThat(status.snapshots().inProgress()).isFalse();
        assertThat(status.snapshots().runningFor()).isNull();
        assertThat(status.snapshots().lastStatus()).isEqualTo("ok");
        assertThat(status.snapshots().lastSave()).isBeforeOrEqualTo(Instant.now());
        assertThat(status.appendOnlyFile().enabled()).isFalse();
        assertThat(status.appendOnlyFile().currentSize()).isEqualTo(-1);
        assertThat(status.settings().known()).isTrue();
        assertThat(status.settings().saveSchedule()).isEmpty();
        assertThat(status.settings().schedule().isOff()).isTrue();
        assertThat(status.settings().appendonly()).isEqualTo("no");
        assertThat(status.settings().dir()).isEqualTo(redis.dir().toAbsolutePath().toString());
        assertThat(status.settings().dbfilename()).isEqualTo("dump.rdb");
        assertThat(status.settings().appendfsync()).isEqualTo("everysec");
        assertThat(status.settings().appendfilename()).isEqualTo("appendonly.aof");
    }

    @Test
    void aSnapshotTakenThroughTheServiceSurvivesAKill() throws Exception {
        redis.writeKeys("weights:", 1000);
        Instant before = await(persistence.status()).get(0).snapshots().lastSave();

        BackgroundJob job = await(persistence.bgsave());
        Map<String, Instant> saved = await(persistence.awaitBackgroundSaveDone(job, WAIT));

        assertThat(job.replies()).containsValue("Background saving started");
        assertThat(saved.get(session.profile().target())).isAfterOrEqualTo(before);
        PersistenceStatus after = await(persistence.status()).get(0);
        assertThat(after.snapshots().changesSinceLastSave()).isZero();
        assertThat(after.snapshots().lastStatus()).isEqualTo("ok");
        redis.sync().set("after-the-snapshot", "lost in the crash");

        redis.kill();
        redis.startAgain();

        assertThat(redis.sync().dbsize()).isEqualTo(1000);
        assertThat(redis.sync().get("weights:999")).isEqualTo("v999");
        assertThat(redis.sync().exists("after-the-snapshot")).as("only what the snapshot held").isZero();
        Eventually.within(WAIT, "the app's session reconnects", () -> session.state() == ConnectionState.CONNECTED);
    }

    @Test
    void aSecondSnapshotWhileOneIsWrittenIsExplainedAndTheFirstIsAwaited() throws Exception {
        slowChildren(3000);
        BackgroundJob first = await(persistence.bgsave());

        assertThatThrownBy(() -> await(persistence.bgsave())).cause().isInstanceOf(RedisOperationException.class)
                .hasMessageStartingWith("BGSAVE failed: a snapshot (background save) is already being written; wait "
                        + "for it to finish")
                .hasMessageContaining("the server replied \"ERR Background save already in progress\"");
        assertThatThrownBy(() -> await(persistence.save())).cause()
                .hasMessageContaining("a snapshot (background save) is already being written")
                .hasMessageContaining("Background save already in progress");
        PersistenceStatus during = await(persistence.status()).get(0);
        assertThat(during.snapshots().inProgress()).isTrue();
        assertThat(during.snapshots().runningFor()).isNotNull();

        // an AOF rewrite asked for now waits for the snapshot: the server schedules it
        BackgroundJob rewrite = await(persistence.bgrewriteaof());
        assertThat(rewrite.scheduled()).isTrue();
        assertThat(rewrite.replies()).containsValue("Background append only file rewriting scheduled");
        redis.sync().configSet("rdb-key-save-delay", "0"); // the running child keeps its own copy of the delay

        assertThat(await(persistence.awaitBackgroundSaveDone(first, WAIT))).hasSize(1);
        assertThat(await(persistence.status()).get(0).snapshots().inProgress()).as("done means ended").isFalse();
        assertThat(await(persistence.awaitAofRewriteDone(rewrite, WAIT))).hasSize(1);
        String info = redis.sync().info("persistence");
        assertThat(info).contains("rdb_bgsave_in_progress:0", "aof_rewrite_in_progress:0", "aof_rewrite_scheduled:0",
                "aof_last_bgrewrite_status:ok");
    }

    @Test
    void aSnapshotScheduledBehindAnAofRewriteIsAwaitedUntilItIsWritten() throws Exception {
        slowChildren(2000);
        BackgroundJob rewrite = await(persistence.bgrewriteaof());
        assertThat(rewrite.replies()).containsValue("Background append only file rewriting started");
        redis.sync().configSet("rdb-key-save-delay", "0"); // the snapshot, forked later, is quick
        redis.writeKeys("dirty:", 10);

        BackgroundJob save = await(persistence.bgsave());
        assertThat(save.replies()).containsValue("Background saving scheduled");
        assertThat(save.scheduled()).isTrue();
        assertThat(await(persistence.status()).get(0).appendOnlyFile().rewriteRunning()).isTrue();

        await(persistence.awaitBackgroundSaveDone(save, WAIT));

        // done means written: the rewrite ending alone would leave the changes unsaved
        assertThat(await(persistence.status()).get(0).snapshots().changesSinceLastSave()).isZero();
        assertThat(await(persistence.awaitAofRewriteDone(rewrite, WAIT))).hasSize(1);
    }

    @Test
    void awaitingGivesUpAfterTheTimeoutWithASentenceAndStopsNothing() throws Exception {
        slowChildren(3000);
        BackgroundJob job = await(persistence.bgsave());

        assertThatThrownBy(() -> await(persistence.awaitBackgroundSaveDone(job, Duration.ofMillis(300)))).cause()
                .isInstanceOf(RedisOperationException.class)
                .hasMessageStartingWith("The snapshot (BGSAVE) did not finish within 300 ms (" + session.profile().target()
                        + " is still saving, for ")
                .hasMessageEndingWith("Nothing was stopped: the persistence status shows when it ends.");
        assertThat(redis.sync().info("persistence")).contains("rdb_bgsave_in_progress:1");
    }

    @Test
    void saveWritesTheSnapshotInTheForeground() throws Exception {
        redis.writeKeys("k", 5);
        assertThat(await(persistence.save())).containsExactly(Map.entry(session.profile().target(), "OK"));
        assertThat(await(persistence.status()).get(0).snapshots().changesSinceLastSave()).isZero();
    }

    @Test
    void aSaveLongerThanTheCommandTimeoutIsFollowedUntilTheServerHasWrittenIt() throws Exception {
        slowChildren(2500); // SAVE writes in the server's own thread, with the same delay: ~2.5 s
        ConnectionProfile impatient = redis.profile().toBuilder().commandTimeoutMillis(500).build();
        try (RedisSession s = RedisSession.open(impatient).get(10, TimeUnit.SECONDS)) {
            Map<String, String> replies = await(new PersistenceService(s).save());
            assertThat(replies).containsValue("OK");
        }
        redis.sync().configSet("rdb-key-save-delay", "0");
        PersistenceStatus after = await(persistence.status()).get(0);
        assertThat(after.snapshots().changesSinceLastSave()).as("the save that outlived its reply did finish").isZero();
    }

    @Test
    void theSaveScheduleIsCheckedBeforeItIsSet() throws Exception {
        await(persistence.setSaveSchedule(" 3600 1   300 100 "));
        assertThat(redis.sync().configGet("save")).containsEntry("save", "3600 1 300 100");
        assertThat(await(persistence.status()).get(0).settings().schedule().describe())
                .isEqualTo("after 3,600 s if 1 change, after 300 s if 100 changes");

        Map<String, String> wrong = Map.of(
                "3600", "the last number, 3600 seconds, has no number of changes after it",
                "3600 once", "\"once\" is not one",
                "0 1", "Every number of the save schedule must be at least 1; 0 is not",
                "60 -5", "-5 is not",
                "1.5 10", "\"1.5\" is not one");
        for (Map.Entry<String, String> text : wrong.entrySet()) {
            assertThatThrownBy(() -> await(persistence.setSaveSchedule(text.getKey()))).cause()
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text.getValue());
        }
        assertThat(redis.sync().configGet("save")).as("nothing sent for those").containsEntry("save", "3600 1 300 100");

        await(persistence.setSaveSchedule(""));
        assertThat(redis.sync().configGet("save")).containsEntry("save", "");
        assertThatThrownBy(() -> await(persistence.setAppendFsync("sometimes"))).cause()
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("always, everysec or no");
    }

    @Test
    void rewritingTheConfigOfAServerWithoutAConfigFileIsExplained() {
        assertThatThrownBy(() -> await(persistence.rewriteConfig())).cause()
                .isInstanceOf(RedisOperationException.class)
                .hasMessageStartingWith("CONFIG REWRITE failed: the server was started without a configuration file, "
                        + "so it has nowhere to write its settings")
                .hasMessageContaining("the server replied \"ERR The server is running without a config file\"");
    }

    @Test
    void aReadOnlyProfileRefusesEveryActionBeforeAnythingReachesTheServer() throws Exception {
        ConnectionProfile readOnly = redis.profile().toBuilder().readOnly(true).name("prod mirror").build();
        try (RedisSession s = RedisSession.open(readOnly).get(10, TimeUnit.SECONDS)) {
            PersistenceService ro = new PersistenceService(s);
            redis.sync().configResetstat();
            List<CompletableFuture<?>> attempts = List.of(ro.bgsave(), ro.save(), ro.bgrewriteaof(),
                    ro.setAppendOnly(true), ro.setAppendOnly(false), ro.setAppendFsync("always"),
                    ro.setSaveSchedule("3600 1"), ro.rewriteConfig());
            for (CompletableFuture<?> attempt : attempts) {
                assertThatThrownBy(() -> await(attempt)).cause().isInstanceOf(ReadOnlyProfileException.class)
                        .hasMessageContaining("'prod mirror' is read-only");
            }
            Map<String, Long> calls = CommandStats.read(redis.sync());
            assertThat(calls).as("not even the INFO a job reads first")
                    .doesNotContainKeys("bgsave", "save", "bgrewriteaof", "config|set", "config|rewrite", "info");
            // Redis 6.2 counts every CONFIG subcommand as "config": only the CONFIG RESETSTAT above
            assertThat(calls.getOrDefault("config", 1L)).isEqualTo(1);
            assertThat(await(ro.status())).as("reading is fine").hasSize(1);
        }
        assertThat(redis.sync().configGet("appendonly")).containsEntry("appendonly", "no");
    }
}
