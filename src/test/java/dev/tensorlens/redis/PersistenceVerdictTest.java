package dev.tensorlens.redis;

import dev.tensorlens.redis.PersistenceVerdict.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every branch of {@link PersistenceVerdict}, as a table: a status built field by field, the level and the exact
 * words. Times are in a fixed zone with "now" at 16:30, so "14:02" is today and yesterday's save carries its date.
 */
class PersistenceVerdictTest {

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final Instant NOW = ZonedDateTime.of(2024, 3, 5, 16, 30, 0, 0, ZONE).toInstant();
    static final Instant AT_1402 = ZonedDateTime.of(2024, 3, 5, 14, 2, 40, 0, ZONE).toInstant();
    static final Instant YESTERDAY = ZonedDateTime.of(2024, 3, 4, 23, 59, 0, 0, ZONE).toInstant();

    /** A status built by changing one thing at a time from a quiet RDB-only server with a schedule. */
    record S(Instant lastSave, long changes, boolean bgsave, Duration bgsaveFor, String bgsaveStatus, boolean aof,
             boolean rewriting, boolean rewriteScheduled, Duration rewriteFor, String rewriteStatus, String writeStatus,
             double percent, boolean loading, double loaded, PersistenceStatus.Settings settings) {

        static S rdb() {
            return new S(AT_1402, 0, false, null, "ok", false, false, false, null, "ok", "ok", -1, false, -1,
                    settings("3600 1 300 100", "no", "everysec"));
        }

        static PersistenceStatus.Settings settings(String save, String appendonly, String fsync) {
            return new PersistenceStatus.Settings(save, appendonly, "/data", "dump.rdb", fsync, "appendonly.aof", null);
        }

        S lastSave(Instant t) {
            return new S(t, changes, bgsave, bgsaveFor, bgsaveStatus, aof, rewriting, rewriteScheduled, rewriteFor,
                    rewriteStatus, writeStatus, percent, loading, loaded, settings);
        }

        S changes(long n) {
            return new S(lastSave, n, bgsave, bgsaveFor, bgsaveStatus, aof, rewriting, rewriteScheduled, rewriteFor,
                    rewriteStatus, writeStatus, percent, loading, loaded, settings);
        }

        S saving(Duration d, double pct) {
            return new S(lastSave, changes, true, d, bgsaveStatus, aof, rewriting, rewriteScheduled, rewriteFor,
                    rewriteStatus, writeStatus, pct, loading, loaded, settings);
        }

        S bgsaveStatus(String st) {
            return new S(lastSave, changes, bgsave, bgsaveFor, st, aof, rewriting, rewriteScheduled, rewriteFor,
                    rewriteStatus, writeStatus, percent, loading, loaded, settings);
        }

        S aof(String fsync) {
            return new S(lastSave, changes, bgsave, bgsaveFor, bgsaveStatus, true, rewriting, rewriteScheduled,
                    rewriteFor, rewriteStatus, writeStatus, percent, loading, loaded,
                    settings.known() ? settings(settings.saveSchedule(), "yes", fsync) : settings);
        }

        S rewriting(Duration d, double pct) {
            return new S(lastSave, changes, bgsave, bgsaveFor, bgsaveStatus, aof, true, rewriteScheduled, d,
                    rewriteStatus, writeStatus, pct, loading, loaded, settings);
        }

        S rewriteWaiting() {
            return new S(lastSave, changes, bgsave, bgsaveFor, bgsaveStatus, aof, rewriting, true, rewriteFor,
                    rewriteStatus, writeStatus, percent, loading, loaded, settings);
        }

        S rewriteStatus(String st) {
            return new S(lastSave, changes, bgsave, bgsaveFor, bgsaveStatus, aof, rewriting, rewriteScheduled,
                    rewriteFor, st, writeStatus, percent, loading, loaded, settings);
        }

        S writeStatus(String st) {
            return new S(lastSave, changes, bgsave, bgsaveFor, bgsaveStatus, aof, rewriting, rewriteScheduled,
                    rewriteFor, rewriteStatus, st, percent, loading, loaded, settings);
        }

        S loading(double pct) {
            return new S(lastSave, changes, bgsave, bgsaveFor, bgsaveStatus, aof, rewriting, rewriteScheduled,
                    rewriteFor, rewriteStatus, writeStatus, percent, true, pct, settings);
        }

        S schedule(String save) {
            return new S(lastSave, changes, bgsave, bgsaveFor, bgsaveStatus, aof, rewriting, rewriteScheduled,
                    rewriteFor, rewriteStatus, writeStatus, percent, loading, loaded,
                    settings(save, settings.appendonly(), settings.appendfsync()));
        }

        S settingsUnknown() {
            return new S(lastSave, changes, bgsave, bgsaveFor, bgsaveStatus, aof, rewriting, rewriteScheduled,
                    rewriteFor, rewriteStatus, writeStatus, percent, loading, loaded,
                    PersistenceStatus.Settings.unavailable("CONFIG GET failed: NOPERM"));
        }

        PersistenceStatus build() {
            return new PersistenceStatus("10.0.0.1:6379", loading, loaded,
                    new PersistenceStatus.Snapshots(lastSave, changes, bgsave, bgsaveFor, bgsaveStatus, null),
                    new PersistenceStatus.AppendOnlyFile(aof, rewriting, rewriteScheduled, rewriteFor, rewriteStatus,
                            writeStatus, aof ? 4096 : -1),
                    new PersistenceStatus.ChildProgress(percent, -1, -1), settings);
        }
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                arguments("RDB with a schedule, changes since", S.rdb().changes(1204), Level.AT_RISK,
                        "Everything up to 14:02 is on disk; 1,204 changes since are in memory only."),
                arguments("one change", S.rdb().changes(1), Level.AT_RISK,
                        "Everything up to 14:02 is on disk; 1 change since is in memory only."),
                arguments("RDB with a schedule, nothing changed", S.rdb(), Level.SAFE,
                        "Everything up to 14:02 is on disk, and nothing has changed since."),
                arguments("saved yesterday: the date is written", S.rdb().lastSave(YESTERDAY).changes(7), Level.AT_RISK,
                        "Everything up to 2024-03-04 23:59 is on disk; 7 changes since are in memory only."),
                arguments("LASTSAVE unknown", S.rdb().lastSave(null).changes(3), Level.AT_RISK,
                        "Everything up to the last snapshot is on disk; 3 changes since are in memory only."),
                arguments("no schedule, AOF off", S.rdb().schedule("").changes(50), Level.DANGER,
                        "Nothing is saved: no snapshot schedule and AOF off — a restart loses everything written "
                                + "since 14:02."),
                arguments("no schedule, AOF off, nothing written yet", S.rdb().schedule(""), Level.DANGER,
                        "Nothing is saved: no snapshot schedule and AOF off — a restart loses anything written from "
                                + "now on."),
                arguments("AOF everysec", S.rdb().aof("everysec").changes(99), Level.SAFE,
                        "AOF everysec: at most a second of writes can be lost."),
                arguments("AOF always", S.rdb().schedule("").aof("always"), Level.SAFE,
                        "AOF always: nothing acknowledged is lost."),
                arguments("AOF fsync no", S.rdb().aof("no"), Level.AT_RISK,
                        "AOF with fsync no: the OS decides when writes reach the disk, so up to about 30 s of writes "
                                + "can be lost."),
                arguments("AOF on, settings unknown", S.rdb().settingsUnknown().aof("ignored"), Level.SAFE,
                        "AOF is on; its fsync policy is unknown (the server would not show its settings): with the "
                                + "default, everysec, at most a second of writes can be lost."),
                arguments("AOF off, settings unknown", S.rdb().settingsUnknown().changes(12_345), Level.AT_RISK,
                        "AOF is off and the snapshot schedule is unknown (the server would not show its settings): "
                                + "everything up to 14:02 is on disk; 12,345 changes since are in memory only."),
                arguments("AOF off, settings unknown, nothing changed", S.rdb().settingsUnknown(), Level.SAFE,
                        "AOF is off and the snapshot schedule is unknown (the server would not show its settings): "
                                + "everything up to 14:02 is on disk, and nothing has changed since."),
                arguments("last snapshot failed", S.rdb().bgsaveStatus("err").changes(5), Level.DANGER,
                        "The last snapshot failed: writes may be refused (MISCONF) until a save succeeds."),
                arguments("last snapshot failed, AOF on too", S.rdb().aof("always").bgsaveStatus("err"), Level.DANGER,
                        "The last snapshot failed: writes may be refused (MISCONF) until a save succeeds."),
                arguments("last AOF write failed", S.rdb().aof("everysec").writeStatus("err").bgsaveStatus("err"),
                        Level.DANGER, "The last write to the append-only file failed: the server refuses writes until "
                                + "it can append again (its log says why, often a full disk)."),
                arguments("AOF write status ignored while AOF is off", S.rdb().writeStatus("err"), Level.SAFE,
                        "Everything up to 14:02 is on disk, and nothing has changed since."),
                arguments("last AOF rewrite failed", S.rdb().aof("everysec").rewriteStatus("err"), Level.AT_RISK,
                        "The last rewrite of the append-only file failed: the server keeps appending to the old file "
                                + "and tries again later (its log says why)."),
                arguments("a snapshot running", S.rdb().changes(10).saving(Duration.ofSeconds(12), 45.4), Level.AT_RISK,
                        "Everything up to 14:02 is on disk; 10 changes since are in memory only. A snapshot is being "
                                + "written (12 s so far, 45 % done)."),
                arguments("a snapshot running without progress fields", S.rdb().saving(Duration.ofSeconds(75), -1),
                        Level.SAFE, "Everything up to 14:02 is on disk, and nothing has changed since. A snapshot is "
                                + "being written (1 min 15 s so far)."),
                arguments("a snapshot running, a rewrite waiting", S.rdb().aof("everysec")
                                .saving(null, -1).rewriteWaiting(), Level.SAFE,
                        "AOF everysec: at most a second of writes can be lost. A snapshot is being written (a "
                                + "moment so far); an append-only file rewrite waits for it."),
                arguments("a rewrite running", S.rdb().aof("everysec").rewriting(Duration.ofSeconds(3), 80), Level.SAFE,
                        "AOF everysec: at most a second of writes can be lost. The append-only file is being "
                                + "rewritten (3 s so far, 80 % done)."),
                arguments("a rewrite scheduled alone", S.rdb().aof("everysec").rewriteWaiting(), Level.SAFE,
                        "AOF everysec: at most a second of writes can be lost. An append-only file rewrite is waiting "
                                + "to start."),
                arguments("loading", S.rdb().schedule("").loading(42.3), Level.DANGER,
                        "The server is loading its data from disk (42 % done) and answers most commands only once it "
                                + "has."),
                arguments("loading, percent unknown", S.rdb().aof("always").loading(-1), Level.SAFE,
                        "The server is loading its data from disk and answers most commands only once it has."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void theVerdictSaysWhatACrashWouldCost(String name, S status, Level level, String words) {
        assertThat(PersistenceVerdict.of(status.build(), NOW, ZONE)).isEqualTo(words);
        assertThat(PersistenceVerdict.level(status.build())).isEqualTo(level);
    }

    @Test
    void spansAndCountsAreWrittenForReading() {
        assertThat(PersistenceVerdict.span(Duration.ofSeconds(0))).isEqualTo("0 s");
        assertThat(PersistenceVerdict.span(Duration.ofSeconds(59))).isEqualTo("59 s");
        assertThat(PersistenceVerdict.span(Duration.ofSeconds(120))).isEqualTo("2 min");
        assertThat(PersistenceVerdict.span(Duration.ofSeconds(3 * 3600 + 5 * 60 + 9))).isEqualTo("3 h 5 min");
        assertThat(PersistenceVerdict.span(Duration.ofDays(2))).isEqualTo("2 d");
        assertThat(PersistenceVerdict.span(Duration.ofHours(50))).isEqualTo("2 d 2 h");
        assertThat(PersistenceVerdict.count(1_234_567)).isEqualTo("1,234,567");
        assertThat(PersistenceVerdict.time(AT_1402, NOW, ZONE)).isEqualTo("14:02");
        assertThat(PersistenceVerdict.time(AT_1402, NOW, ZoneId.of("UTC"))).as("the zone decides").isEqualTo("13:02");
        assertThat(PersistenceVerdict.time(YESTERDAY, NOW, ZONE)).isEqualTo("2024-03-04 23:59");
    }
}
