package dev.tensorlens.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Polls {@code INFO persistence} and {@code INFO stats} on each master until a {@link BackgroundJob} has finished
 * there, then says how it went from the fields the server reports without anyone reading its log:
 * {@code rdb_last_bgsave_status} and {@code aof_last_bgrewrite_status}. Each next poll is sent from {@code delay}
 * (which runs it later on a thread of its own), and nothing waits blocked in between.
 *
 * <p>When a job is finished: the server sets {@code rdb_bgsave_in_progress} (or {@code aof_rewrite_in_progress})
 * before it answers "started", so for such a reply the first poll where the flag is down means the job ended. A job
 * the server only "scheduled" (waiting for another child to end) has no flag of its own while it waits
 * ({@code aof_rewrite_scheduled} exists, a scheduled snapshot has none), so it counts as ended once the other child
 * is gone too and a counter moved past its value from before the command: {@code rdb_saves} / {@code aof_rewrites}
 * (Redis 7, counting each attempt), else {@code total_forks} (6.2). A server older than 6.2 reports neither: there
 * a scheduled job counts as ended once no child runs, which can be a moment before it really began.
 */
final class BackgroundJobWatch<T> {

    private final BackgroundJob job;
    private final Supplier<CompletableFuture<Map<String, ServerInfo>>> poll;
    private final Executor delay;
    private final long deadline;
    private final Duration timeout;
    private final Map<String, T> finished = new LinkedHashMap<>();
    private final CompletableFuture<Map<String, T>> result = new CompletableFuture<>();

    private BackgroundJobWatch(BackgroundJob job, Supplier<CompletableFuture<Map<String, ServerInfo>>> poll,
                               Executor delay, Duration timeout) {
        this.job = job;
        this.poll = poll;
        this.delay = delay;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /** Completes with each master's new {@code LASTSAVE}. */
    static CompletableFuture<Map<String, Instant>> snapshot(BackgroundJob job,
            Supplier<CompletableFuture<Map<String, ServerInfo>>> poll, Executor delay, Duration timeout) {
        BackgroundJobWatch<Instant> watch = new BackgroundJobWatch<>(job, poll, delay, timeout);
        watch.step();
        return watch.result;
    }

    /** Completes with each master's AOF size afterwards ({@code aof_current_size}; -1 when AOF is off). */
    static CompletableFuture<Map<String, Long>> aofRewrite(BackgroundJob job,
            Supplier<CompletableFuture<Map<String, ServerInfo>>> poll, Executor delay, Duration timeout) {
        BackgroundJobWatch<Long> watch = new BackgroundJobWatch<>(job, poll, delay, timeout);
        watch.step();
        return watch.result;
    }

    private void step() {
        if (result.isDone()) {
            return; // cancelled by the caller: no more polls
        }
        poll.get().whenComplete((infos, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.wrap("Waiting for the " + what(), failure));
                return;
            }
            try {
                judge(infos);
            } catch (RuntimeException e) {
                result.completeExceptionally(e); // never leave the caller waiting on a bug
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void judge(Map<String, ServerInfo> infos) {
        for (String server : job.replies().keySet()) {
            ServerInfo info = infos.get(server);
            if (finished.containsKey(server) || info == null) {
                continue; // a master that vanished from the topology shows up in the timeout's sentence
            }
            Object outcome = job.kind() == BackgroundJob.Kind.SNAPSHOT ? snapshotOutcome(server, info)
                    : rewriteOutcome(server, info);
            if (outcome instanceof RedisOperationException failed) {
                result.completeExceptionally(failed);
                return;
            }
            if (outcome != null) {
                finished.put(server, (T) outcome);
            }
        }
        if (finished.size() == job.replies().size()) {
            Map<String, T> ordered = new LinkedHashMap<>();
            job.replies().keySet().forEach(server -> ordered.put(server, finished.get(server)));
            result.complete(ordered);
        } else if (System.nanoTime() > deadline) {
            result.completeExceptionally(timedOut(infos));
        } else {
            delay.execute(this::step); // on a closed session the next poll fails, in words, and ends the wait
        }
    }

    /** The new last-save time, a failure, or null while it runs (or waits to). */
    private Object snapshotOutcome(String server, ServerInfo info) {
        if (flag(info, "rdb_bgsave_in_progress")) {
            return null;
        }
        boolean ours = job.startedAt(server) || (!flag(info, "aof_rewrite_in_progress")
                && moved(job.before(server).rdbSaves(), info, "rdb_saves", job.before(server).totalForks()));
        if (!ours) {
            return null;
        }
        if ("err".equals(info.get("rdb_last_bgsave_status"))) {
            return new RedisOperationException("BGSAVE", "The snapshot on " + server + " failed: the server reports "
                    + "rdb_last_bgsave_status:err. Its log says why (often a full disk, or a folder it may not write "
                    + "to); until a save succeeds, a server set to stop-writes-on-bgsave-error refuses writes.", null);
        }
        return Instant.ofEpochSecond(info.getLong("rdb_last_save_time").orElse(0));
    }

    /** The AOF size afterwards, a failure, or null while the rewrite runs or waits. */
    private Object rewriteOutcome(String server, ServerInfo info) {
        if (flag(info, "aof_rewrite_in_progress")) {
            return null;
        }
        boolean failed = "err".equals(info.get("aof_last_bgrewrite_status"))
                && moved(job.before(server).aofRewrites(), info, "aof_rewrites", job.before(server).totalForks());
        if (failed) {
            // also when the server has already scheduled its retry: a failure now is worth saying now
            return new RedisOperationException("BGREWRITEAOF", "Rewriting the append-only file on " + server
                    + " failed: the server reports aof_last_bgrewrite_status:err. Its log says why (often a full "
                    + "disk, or a folder it may not write to).", null);
        }
        if (flag(info, "aof_rewrite_scheduled")) {
            return null;
        }
        return flag(info, "aof_enabled") ? info.getLong("aof_current_size").orElse(-1) : -1L;
    }

    /**
     * Whether the server ran a job since the command: the job's own counter moved (Redis 7), else the fork count did
     * (6.2). With neither known, any job counts (true).
     */
    private static boolean moved(long counterBefore, ServerInfo now, String counter, long forksBefore) {
        long c = now.getLong(counter).orElse(-1);
        if (counterBefore >= 0 && c >= 0) {
            return c > counterBefore;
        }
        long forks = now.getLong("total_forks").orElse(-1);
        return forksBefore < 0 || forks < 0 || forks > forksBefore;
    }

    private RedisOperationException timedOut(Map<String, ServerInfo> infos) {
        StringBuilder still = new StringBuilder();
        for (String server : job.replies().keySet()) {
            if (finished.containsKey(server)) {
                continue;
            }
            ServerInfo info = infos.get(server);
            still.append(still.length() == 0 ? "" : "; ").append(server).append(' ').append(info == null
                    ? "no longer answers as a master" : state(info));
        }
        return new RedisOperationException(job.kind() == BackgroundJob.Kind.SNAPSHOT ? "BGSAVE" : "BGREWRITEAOF",
                "The " + what() + " did not finish within " + inWords(timeout) + " (" + still + "). Nothing was "
                        + "stopped: the persistence status shows when it ends.", null);
    }

    private String state(ServerInfo info) {
        if (job.kind() == BackgroundJob.Kind.SNAPSHOT) {
            return flag(info, "rdb_bgsave_in_progress")
                    ? "is still saving, for " + info.getLong("rdb_current_bgsave_time_sec").orElse(0) + " s so far"
                    : "is waiting for its append-only-file rewrite to end first";
        }
        String failing = "err".equals(info.get("aof_last_bgrewrite_status")) ? ", and its last rewrite failed" : "";
        return (flag(info, "aof_rewrite_in_progress")
                ? "is still rewriting, for " + info.getLong("aof_current_rewrite_time_sec").orElse(0) + " s so far"
                : "is waiting for a snapshot to end first") + failing;
    }

    private static String inWords(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private String what() {
        return job.kind() == BackgroundJob.Kind.SNAPSHOT ? "snapshot (BGSAVE)" : "append-only file rewrite";
    }

    private static boolean flag(ServerInfo info, String field) {
        return info.getLong(field).orElse(0) == 1;
    }
}
