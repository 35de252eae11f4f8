package dev.tensorlens.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How one server keeps its data on disk, as {@code INFO persistence}, {@code LASTSAVE} and {@code CONFIG GET} tell it
 * at one moment: one of these per master of a cluster. Numbers the server did not report are -1, durations of
 * nothing running are {@code null}.
 *
 * @param server        {@code host:port} (the profile's target outside a cluster)
 * @param loading       the server is loading its data from disk (after a start) and answers little else yet
 * @param loadedPercent how much of the file is loaded ({@code loading_loaded_perc}); -1 when not loading
 * @param child         the progress of the forked child writing a snapshot or rewriting the AOF, if one runs
 */
public record PersistenceStatus(String server, boolean loading, double loadedPercent, Snapshots snapshots,
                                AppendOnlyFile appendOnlyFile, ChildProgress child, Settings settings) {

    /**
     * RDB snapshots.
     *
     * @param lastSave             when the last snapshot was written successfully ({@code LASTSAVE}; the server's
     *                             start time when it never saved)
     * @param changesSinceLastSave writes since then ({@code rdb_changes_since_last_save}): what a crash now would lose
     *                             without an AOF
     * @param inProgress           a background save runs ({@code rdb_bgsave_in_progress})
     * @param runningFor           how long it has run ({@code rdb_current_bgsave_time_sec}); null when none runs
     * @param lastStatus           {@code ok} or {@code err}, the outcome of the last background save
     * @param lastTook             how long the last background save took; null when there was none
     */
    public record Snapshots(Instant lastSave, long changesSinceLastSave, boolean inProgress, Duration runningFor,
                            String lastStatus, Duration lastTook) {

        public boolean lastFailed() {
            return "err".equals(lastStatus);
        }
    }

    /**
     * The append-only file.
     *
     * @param enabled          {@code appendonly yes} ({@code aof_enabled})
     * @param rewriteRunning   a rewrite runs ({@code aof_rewrite_in_progress})
     * @param rewriteScheduled a rewrite waits for a snapshot to end first ({@code aof_rewrite_scheduled})
     * @param runningFor       how long the rewrite has run; null when none runs
     * @param lastRewriteStatus {@code ok} or {@code err} ({@code aof_last_bgrewrite_status})
     * @param lastWriteStatus  {@code ok} or {@code err}: whether the last append to the file worked
     *                         ({@code aof_last_write_status}); with {@code err} the server refuses writes
     * @param currentSize      the file's size in bytes ({@code aof_current_size}); -1 when AOF is off or not reported
     */
    public record AppendOnlyFile(boolean enabled, boolean rewriteRunning, boolean rewriteScheduled,
                                 Duration runningFor, String lastRewriteStatus, String lastWriteStatus,
                                 long currentSize) {

        public boolean lastRewriteFailed() {
            return "err".equals(lastRewriteStatus);
        }

        public boolean lastWriteFailed() {
            return "err".equals(lastWriteStatus);
        }
    }

    /**
     * The forked child's own progress, as far as the server reports it ({@code current_fork_perc},
     * {@code current_save_keys_processed} and {@code current_save_keys_total}, from Redis 6.2); -1 where not reported.
     */
    public record ChildProgress(double percent, long keysProcessed, long keysTotal) {
    }

    /**
     * The configured settings ({@code CONFIG GET}); each {@code null} when the server would not tell, and then
     * {@code unavailableReason} says why in a sentence (managed services disable CONFIG, ACLs refuse it).
     *
     * @param saveSchedule the {@code save} setting as the server gives it ({@code "3600 1 300 100"}, "" for never)
     */
    public record Settings(String saveSchedule, String appendonly, String dir, String dbfilename,
                           String appendfsync, String appendfilename, String unavailableReason) {

        static final String[] NAMES = {"save", "appendonly", "dir", "dbfilename", "appendfsync", "appendfilename"};

        static Settings of(Map<String, String> values) {
            return new Settings(values.get("save"), values.get("appendonly"), values.get("dir"),
                    values.get("dbfilename"), values.get("appendfsync"), values.get("appendfilename"), null);
        }

        static Settings unavailable(String reason) {
            return new Settings(null, null, null, null, null, null, reason);
        }

        public boolean known() {
            return unavailableReason == null;
        }

        /** The save schedule read into its pairs; null when unknown or not understood. */
        public SaveSchedule schedule() {
            try {
                return saveSchedule == null ? null : SaveSchedule.parse(saveSchedule);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** Reads one server's {@code INFO persistence} reply together with its {@code LASTSAVE} and settings. */
    static PersistenceStatus of(String server, ServerInfo info, Instant lastSave, Settings settings) {
        boolean loading = flag(info, "loading");
        Snapshots snapshots = new Snapshots(lastSave, number(info, "rdb_changes_since_last_save"),
                flag(info, "rdb_bgsave_in_progress"), seconds(info, "rdb_current_bgsave_time_sec"),
                info.get("rdb_last_bgsave_status"), seconds(info, "rdb_last_bgsave_time_sec"));
        boolean aofOn = flag(info, "aof_enabled");
        AppendOnlyFile aof = new AppendOnlyFile(aofOn, flag(info, "aof_rewrite_in_progress"),
                flag(info, "aof_rewrite_scheduled"), seconds(info, "aof_current_rewrite_time_sec"),
                info.get("aof_last_bgrewrite_status"), info.get("aof_last_write_status"),
                aofOn ? number(info, "aof_current_size") : -1);
        ChildProgress child = new ChildProgress(decimal(info, "current_fork_perc"),
                number(info, "current_save_keys_processed"), number(info, "current_save_keys_total"));
        return new PersistenceStatus(server, loading, loading ? decimal(info, "loading_loaded_perc") : -1,
                snapshots, aof, child, settings);
    }

    private static boolean flag(ServerInfo info, String field) {
        return info.getLong(field).orElse(0) == 1;
    }

    private static long number(ServerInfo info, String field) {
        return info.getLong(field).orElse(-1);
    }

    /** INFO's {@code -1} (nothing running, never ran) becomes null. */
    private static Duration seconds(ServerInfo info, String field) {
        long s = info.getLong(field).orElse(-1);
        return s < 0 ? null : Duration.ofSeconds(s);
    }

    private static double decimal(ServerInfo info, String field) {
        String v = info.get(field);
        if (v == null) {
            return -1;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
