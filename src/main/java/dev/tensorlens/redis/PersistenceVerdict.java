package dev.tensorlens.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Whether one server's data is safe on disk, in words a data scientist reads without knowing Redis: "Everything up to
 * 14:02 is on disk; 1,204 changes since are in memory only." Pure: it only reads a {@link PersistenceStatus}.
 *
 * <p>The verdict is a headline and, when a child process runs, a second sentence about it. The headline, first match
 * wins: the server is loading; the last append to the AOF failed (the server refuses writes); the last snapshot
 * failed ({@code MISCONF}); the last AOF rewrite failed; AOF on (how much its fsync policy can lose); AOF off with a
 * snapshot schedule, unknown, or none at all. Failures come before the fsync policy because they are what the user
 * must act on; AOF comes before snapshots because with AOF on a restart replays the AOF, not the snapshot.
 */
public final class PersistenceVerdict {

    /** How much a crash now could cost, for the colour of a card. */
    public enum Level {
        /** Nothing, or at most about a second of writes, would be lost. */
        SAFE,
        /** Recent writes would be lost (changes since the last snapshot, or an fsync left to the OS), or a rewrite
         *  failed. */
        AT_RISK,
        /** Everything since the last save would be lost and nothing will save it, or writes are being refused. */
        DANGER
    }

    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OTHER_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private PersistenceVerdict() {
    }

    /** The level alone; the same as {@link #of} judges, without the words. */
    public static Level level(PersistenceStatus status) {
        return judge(status, Instant.EPOCH, ZoneId.of("UTC")).level();
    }

    /**
     * One or two sentences for {@code status}. {@code now} and {@code zone} only decide how times are written: as
     * {@code HH:mm} when on the same day as {@code now} in {@code zone}, else with the date.
     */
    public static String of(PersistenceStatus status, Instant now, ZoneId zone) {
        return judge(status, now, zone).words();
    }

    /** {@code 14:02} when {@code time} is on {@code now}'s day in {@code zone}, else {@code 2024-03-02 14:02}. */
    public static String time(Instant time, Instant now, ZoneId zone) {
        ZonedDateTime t = time.atZone(zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        return (t.toLocalDate().equals(today) ? TODAY : OTHER_DAY).format(t);
    }

    /** {@code 12 s}, {@code 3 min 20 s}, {@code 2 h 5 min}, {@code 3 d 4 h}: precise enough to read at a glance. */
    public static String span(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86_400 + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + " h");
    }

    /** {@code 1,204}: thousands separated the same way whatever the machine's locale. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private record Verdict(Level level, String words) {
    }

    private static Verdict judge(PersistenceStatus status, Instant now, ZoneId zone) {
        Verdict headline = headline(status, now, zone);
        String activity = activity(status);
        return activity.isEmpty() ? headline : new Verdict(headline.level(), headline.words() + " " + activity);
    }

    private static Verdict headline(PersistenceStatus status, Instant now, ZoneId zone) {
        PersistenceStatus.Snapshots rdb = status.snapshots();
        PersistenceStatus.AppendOnlyFile aof = status.appendOnlyFile();
        if (status.loading()) {
            // what is being loaded is what is on disk: the durability the settings give stays as it is
            String done = status.loadedPercent() >= 0
                    ? String.format(Locale.ROOT, " (%.0f %% done)", status.loadedPercent()) : "";
            return new Verdict(steadyState(status, now, zone).level(), "The server is loading its data from disk"
                    + done + " and answers most commands only once it has.");
        }
        if (aof.enabled() && aof.lastWriteFailed()) {
            return new Verdict(Level.DANGER, "The last write to the append-only file failed: the server refuses writes "
                    + "until it can append again (its log says why, often a full disk).");
        }
        if (rdb.lastFailed()) {
            return new Verdict(Level.DANGER, "The last snapshot failed: writes may be refused (MISCONF) until a save "
                    + "succeeds.");
        }
        if (aof.enabled() && aof.lastRewriteFailed()) {
            return new Verdict(Level.AT_RISK, "The last rewrite of the append-only file failed: the server keeps "
                    + "appending to the old file and tries again later (its log says why).");
        }
        return steadyState(status, now, zone);
    }

    /** What the settings promise when nothing failed. */
    private static Verdict steadyState(PersistenceStatus status, Instant now, ZoneId zone) {
        if (status.appendOnlyFile().enabled()) {
            return appendOnly(status.settings());
        }
        PersistenceStatus.Snapshots rdb = status.snapshots();
        String upTo = rdb.lastSave() == null ? "the last snapshot" : time(rdb.lastSave(), now, zone);
        long changes = Math.max(0, rdb.changesSinceLastSave());
        PersistenceStatus.Settings settings = status.settings();
        if (!settings.known()) {
            // INFO still tells the changes and that AOF is off; only the schedule is unknown
            return new Verdict(changes == 0 ? Level.SAFE : Level.AT_RISK, "AOF is off and the snapshot schedule is "
                    + "unknown (the server would not show its settings): " + lowerFirst(onDisk(upTo, changes,
                    rdb.lastSave() != null)));
        }
        SaveSchedule schedule = settings.schedule();
        if (schedule != null && schedule.isOff()) {
            String lost = changes == 0 ? "anything written from now on" : "everything written since " + upTo;
            return new Verdict(Level.DANGER, "Nothing is saved: no snapshot schedule and AOF off — a restart loses "
                    + lost + ".");
        }
        return new Verdict(changes == 0 ? Level.SAFE : Level.AT_RISK, onDisk(upTo, changes, rdb.lastSave() != null));
    }

    /** "Everything up to 14:02 is on disk; 1,204 changes since are in memory only." */
    private static String onDisk(String upTo, long changes, boolean timeKnown) {
        String everything = timeKnown ? "Everything up to " + upTo : "Everything up to the last snapshot";
        if (changes == 0) {
            return everything + " is on disk, and nothing has changed since.";
        }
        return everything + " is on disk; " + count(changes) + (changes == 1 ? " change" : " changes")
                + " since " + (changes == 1 ? "is" : "are") + " in memory only.";
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static Verdict appendOnly(PersistenceStatus.Settings settings) {
        String fsync = settings.appendfsync() == null ? null : settings.appendfsync().toLowerCase(Locale.ROOT);
        if (fsync == null) {
            // everysec is the default and by far the most common; say that it is a guess
            return new Verdict(Level.SAFE, "AOF is on; its fsync policy is unknown (the server would not show its "
                    + "settings): with the default, everysec, at most a second of writes can be lost.");
        }
        return switch (fsync) {
            case "always" -> new Verdict(Level.SAFE, "AOF always: nothing acknowledged is lost.");
            case "no" -> new Verdict(Level.AT_RISK, "AOF with fsync no: the OS decides when writes reach the disk, "
                    + "so up to about 30 s of writes can be lost.");
            default -> new Verdict(Level.SAFE, "AOF everysec: at most a second of writes can be lost.");
        };
    }

    /** "A snapshot is being written (12 s so far, 45 % done)." or "" when no child runs or waits. */
    private static String activity(PersistenceStatus status) {
        PersistenceStatus.Snapshots rdb = status.snapshots();
        PersistenceStatus.AppendOnlyFile aof = status.appendOnlyFile();
        String progress = progress(status.child());
        if (rdb.inProgress()) {
            return "A snapshot is being written (" + running(rdb.runningFor()) + " so far" + progress + ")"
                    + (aof.rewriteScheduled() ? "; an append-only file rewrite waits for it." : ".");
        }
        if (aof.rewriteRunning()) {
            return "The append-only file is being rewritten (" + running(aof.runningFor()) + " so far" + progress + ").";
        }
        if (aof.rewriteScheduled()) {
            return "An append-only file rewrite is waiting to start.";
        }
        return "";
    }

    private static String running(Duration d) {
        return d == null ? "a moment" : span(d);
    }

    private static String progress(PersistenceStatus.ChildProgress child) {
        if (child == null || child.percent() < 0) {
            return "";
        }
        return String.format(Locale.ROOT, ", %.0f %% done", child.percent());
    }
}
