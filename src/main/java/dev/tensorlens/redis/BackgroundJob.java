package dev.tensorlens.redis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot or an append-only-file rewrite that a {@link PersistenceService} action started (or had the server
 * schedule) on each master: what each server replied, and what {@link PersistenceService#awaitBackgroundSaveDone}
 * and {@link PersistenceService#awaitAofRewriteDone} need to tell when that job, not an earlier one, has finished.
 */
public final class BackgroundJob {

    public enum Kind {
        /** {@code BGSAVE}: an RDB snapshot written by a forked child. */
        SNAPSHOT,
        /** {@code BGREWRITEAOF}, or the first rewrite after {@code CONFIG SET appendonly yes}. */
        AOF_REWRITE
    }

    /**
     * The server's counters just before the command was sent, so that a job the server only scheduled can be told
     * apart from earlier ones: {@code rdb_saves} and {@code aof_rewrites} (Redis 7) and {@code total_forks} (6.2);
     * -1 where the server does not report one.
     */
    record Before(long rdbSaves, long aofRewrites, long totalForks) {

        static final Before UNKNOWN = new Before(-1, -1, -1);

        static Before of(ServerInfo info) {
            return new Before(info.getLong("rdb_saves").orElse(-1), info.getLong("aof_rewrites").orElse(-1),
                    info.getLong("total_forks").orElse(-1));
        }
    }

    private final Kind kind;
    private final Map<String, String> replies;
    private final Map<String, Before> before;

    BackgroundJob(Kind kind, Map<String, String> replies, Map<String, Before> before) {
        this.kind = kind;
        this.replies = Collections.unmodifiableMap(new LinkedHashMap<>(replies));
        this.before = Map.copyOf(before);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * What each master answered, keyed by {@code host:port}: the server's own words, such as "Background saving
     * started", "Background saving scheduled" (it waits for an AOF rewrite to end) or "OK".
     */
    public Map<String, String> replies() {
        return replies;
    }

    /** Whether any master only scheduled the job, to run once its current child process ends. */
    public boolean scheduled() {
        return replies.values().stream().anyMatch(r -> r.contains("scheduled"));
    }

    /** A master whose reply says the job began at once: its child was forked before the server answered. */
    boolean startedAt(String server) {
        String reply = replies.get(server);
        return reply != null && reply.contains("started");
    }

    Before before(String server) {
        return before.getOrDefault(server, Before.UNKNOWN);
    }

    @Override
    public String toString() {
        return kind + " " + replies;
    }
}
