package dev.tensorlens.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What the Persistence view shows and does: the state of RDB snapshots and the append-only file on each master, and
 * the actions that save, rewrite and change how the server persists.
 *
 * <p>Every action goes through {@link RedisSession#writeEachMaster}: on a cluster it runs on every master (each
 * persists its own slots), and a read-only profile refuses it before anything reaches the server. Failures are
 * {@link RedisOperationException}s whose sentence keeps the server's words and explains the refusals that come from
 * how a server is set up (a save already running, {@code MISCONF}, {@code NOPERM}, a disabled {@code CONFIG}).
 */
public final class PersistenceService {

    /** How often {@link #awaitBackgroundSaveDone} and {@link #awaitAofRewriteDone} ask the server. */
    static final long POLL_MILLIS = 100;

    /** The {@code appendfsync} policies Redis knows. */
    public static final Set<String> FSYNC_POLICIES = Set.of("always", "everysec", "no");

    private final RedisSession session;
    private final Executor pollDelay;

    public PersistenceService(RedisSession session) {
        // The JDK's delay thread only times the pause; each next poll is sent from the session's own threads, and
        // nothing waits blocked in between.
        this(session, CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS, session.executor()));
    }

    /** With {@code pollDelay} running each next poll (after a pause of its choosing) on a thread of its own. */
    PersistenceService(RedisSession session, Executor pollDelay) {
        this.session = Objects.requireNonNull(session);
        this.pollDelay = Objects.requireNonNull(pollDelay);
    }

    /**
     * One {@link PersistenceStatus} per master (the one server outside a cluster), in slot order: {@code INFO
     * persistence}, {@code LASTSAVE} and {@code CONFIG GET} of each setting, pipelined. A server that refuses
     * {@code CONFIG} (renamed on managed services, or left out of an ACL) still gets a status: its
     * {@link PersistenceStatus.Settings} are unknown, with a sentence saying why.
     */
    public CompletableFuture<List<PersistenceStatus>> status() {
        CompletableFuture<Map<String, String>> info = session.readEachMaster("INFO persistence", c -> c.info("persistence"));
        // LASTSAVE is an @admin command: a user without it still gets the time from INFO's rdb_last_save_time
        CompletableFuture<Map<String, Date>> lastSave = session.<Date>readEachMaster("LASTSAVE", c -> c.lastsave())
                .exceptionally(refused -> Map.of());
        CompletableFuture<ConfigReply> config = configValues();
        CompletableFuture<List<PersistenceStatus>> status = CompletableFuture.allOf(info, lastSave, config)
                .thenApply(v -> {
                    List<PersistenceStatus> list = new ArrayList<>();
                    info.join().forEach((server, text) -> {
                        Date saved = lastSave.join().get(server);
                        ServerInfo parsed = ServerInfo.parse(text);
                        list.add(PersistenceStatus.of(server, parsed, saved != null ? saved.toInstant()
                                : lastSaveFromInfo(parsed), config.join().settingsOf(server)));
                    });
                    return list;
                });
        Futures.cancelTogether(status, info, lastSave, config);
        return status;
    }

    /** {@code rdb_last_save_time} (seconds since the epoch), what {@code LASTSAVE} answers; null when not reported. */
    static Instant lastSaveFromInfo(ServerInfo info) {
        long seconds = info.getLong("rdb_last_save_time").orElse(-1);
        return seconds < 0 ? null : Instant.ofEpochSecond(seconds);
    }

    /** Each server's settings by name, or why none could be read. */
    private record ConfigReply(Map<String, Map<String, String>> byServer, String problem) {

        PersistenceStatus.Settings settingsOf(String server) {
            return problem != null ? PersistenceStatus.Settings.unavailable(problem)
                    : PersistenceStatus.Settings.of(byServer.getOrDefault(server, Map.of()));
        }
    }

    /**
     * {@code CONFIG GET} of each setting on its own (Redis 6.2 takes one name per {@code CONFIG GET}; 7 takes
     * several), pipelined. Any refusal makes every server's settings unknown, with the reason: never a failure.
     */
    private CompletableFuture<ConfigReply> configValues() {
        List<CompletableFuture<Map<String, Map<String, String>>>> replies = new ArrayList<>();
        for (String name : PersistenceStatus.Settings.NAMES) {
            replies.add(session.readEachMaster("CONFIG GET " + name, c -> c.configGet(name)));
        }
        CompletableFuture<?>[] all = replies.toArray(CompletableFuture[]::new);
        CompletableFuture<ConfigReply> config = CompletableFuture.allOf(all).handle((v, failure) -> {
            if (failure != null) {
                return new ConfigReply(Map.of(), "The persistence settings (save schedule, folder, file names, fsync "
                        + "policy) are unknown: " + RedisErrors.wrap("CONFIG GET", failure).getMessage());
            }
            Map<String, Map<String, String>> byServer = new LinkedHashMap<>();
            for (CompletableFuture<Map<String, Map<String, String>>> reply : replies) {
                reply.join().forEach((server, values) ->
                        byServer.computeIfAbsent(server, s -> new LinkedHashMap<>()).putAll(values));
            }
            return new ConfigReply(byServer, null);
        });
        Futures.cancelTogether(config, all);
        return config;
    }

    /**
     * {@code BGSAVE SCHEDULE} on each master: a forked child writes a snapshot while the server goes on serving.
     * {@code SCHEDULE} always, rather than after checking for an AOF rewrite: without another child it is a plain
     * {@code BGSAVE} ("Background saving started"), and while an AOF rewrite runs the server schedules the save for
     * when the rewrite ends ("Background saving scheduled") instead of refusing; asking first would race with the
     * rewrite starting or ending. Fails, in words, when a snapshot is already being written.
     *
     * @return the job, for {@link #awaitBackgroundSaveDone}
     */
    public CompletableFuture<BackgroundJob> bgsave() {
        return startJob(BackgroundJob.Kind.SNAPSHOT, "BGSAVE", c -> c.dispatch(CommandType.BGSAVE,
                new StatusOutput<>(ByteArrayCodec.INSTANCE), new CommandArgs<>(ByteArrayCodec.INSTANCE).add("SCHEDULE")));
    }

    /**
     * {@code BGREWRITEAOF} on each master: the append-only file is rewritten by a forked child (scheduled by the
     * server when a snapshot is being written).
     *
     * @return the job, for {@link #awaitAofRewriteDone}
     */
    public CompletableFuture<BackgroundJob> bgrewriteaof() {
        return startJob(BackgroundJob.Kind.AOF_REWRITE, "BGREWRITEAOF", c -> c.bgrewriteaof());
    }

    /**
     * {@code CONFIG SET appendonly yes|no} on each master. Turning it on starts a rewrite that writes the whole
     * data set to a new AOF (the server only appends once that is done), so this returns that rewrite as a job for
     * {@link #awaitAofRewriteDone}; turning it off (or on when it already was) gives a job that is done at once.
     * Lasts until the server restarts unless {@link #rewriteConfig()} writes it into the config file.
     */
    public CompletableFuture<BackgroundJob> setAppendOnly(boolean on) {
        String value = on ? "yes" : "no";
        return startJob(BackgroundJob.Kind.AOF_REWRITE, "CONFIG SET appendonly " + value,
                c -> c.configSet("appendonly", value));
    }

    /** Reads the counters a job is told apart by, then sends the command that starts it. */
    private CompletableFuture<BackgroundJob> startJob(BackgroundJob.Kind kind, String operation,
            Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<String>> command) {
        if (session.isReadOnly()) {
            // before the counters are read, too: a read-only profile sends nothing for an action
            return CompletableFuture.failedFuture(new ReadOnlyProfileException(operation, session.profile().displayName()));
        }
        CompletableFuture<Map<String, ServerInfo>> counters = jobInfo();
        CompletableFuture<BackgroundJob> job = counters.thenCompose(before -> {
            Map<String, BackgroundJob.Before> marks = new LinkedHashMap<>();
            before.forEach((server, info) -> marks.put(server, BackgroundJob.Before.of(info)));
            return Futures.map(session.writeEachMaster(operation, command), replies -> new BackgroundJob(kind, replies, marks));
        });
        Futures.cancelTogether(job, counters);
        return job;
    }

    /**
     * {@code SAVE} on each master: the server writes the snapshot itself and serves nobody else until it is done,
     * which on a large data set takes long enough to hit the command timeout (the save then goes on regardless).
     * Prefer {@link #bgsave()}; this is for when a fork is impossible (not enough memory). Completes with each
     * master's reply.
     */
    public CompletableFuture<Map<String, String>> save() {
        if (session.isReadOnly()) {
            return session.writeEachMaster("SAVE", c -> c.save()); // refused before anything is sent
        }
        // The reply of a long SAVE comes after the command timeout, and the save goes on regardless: so the time of the
        // last save is read first, and a timed-out SAVE is followed until every master reports a newer one.
        CompletableFuture<Map<String, ServerInfo>> before = jobInfo();
        CompletableFuture<Map<String, String>> saved = before.thenCompose(infos -> session.writeEachMaster("SAVE",
                c -> c.save()).exceptionallyCompose(failure -> timedOut(failure)
                ? savedAfter(infos, Instant.now().plus(SAVE_FOLLOWED_AT_MOST))
                : CompletableFuture.failedFuture(failure)));
        Futures.cancelTogether(saved, before);
        return saved;
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisCommandTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** How long a SAVE whose reply timed out is followed before it is reported as still running. */
    static final Duration SAVE_FOLLOWED_AT_MOST = Duration.ofMinutes(30);

    /** Polls until each master's {@code rdb_last_save_time} is past the one in {@code before}; "OK" for each. */
    private CompletableFuture<Map<String, String>> savedAfter(Map<String, ServerInfo> before, Instant deadline) {
        return jobInfo().handle((now, failure) -> now).thenCompose(now -> {
            boolean all = now != null && before.keySet().stream().allMatch(server -> {
                Instant was = lastSaveFromInfo(before.get(server));
                Instant is = now.containsKey(server) ? lastSaveFromInfo(now.get(server)) : null;
                return is != null && (was == null || is.isAfter(was));
            });
            if (all) {
                Map<String, String> ok = new LinkedHashMap<>();
                before.keySet().forEach(server -> ok.put(server, "OK"));
                return CompletableFuture.completedFuture(ok);
            }
            if (Instant.now().isAfter(deadline)) {
                return CompletableFuture.failedFuture(new RedisOperationException("SAVE", "SAVE is still running after "
                        + SAVE_FOLLOWED_AT_MOST.toMinutes() + " minutes; the server goes on with it, and its last save "
                        + "time shows when it is done.", null));
            }
            // the server answers nobody while it saves: polls that time out meanwhile are simply tried again
            return CompletableFuture.supplyAsync(() -> null, pollDelay).thenCompose(v -> savedAfter(before, deadline));
        });
    }

    /**
     * {@code CONFIG SET save} on each master, after checking the text ({@link SaveSchedule#parse}): pairs of whole
     * numbers, seconds then changes, or empty to stop snapshots on a schedule. A text that is not fails with an
     * {@link IllegalArgumentException} saying what is wrong, and nothing is sent.
     */
    public CompletableFuture<Void> setSaveSchedule(String schedule) {
        SaveSchedule parsed;
        try {
            parsed = SaveSchedule.parse(schedule);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        String text = parsed.toString();
        return done(session.writeEachMaster("CONFIG SET save", c -> c.configSet("save", text)));
    }

    /**
     * {@code CONFIG SET appendfsync} on each master: {@code always} (every write reaches the disk before the reply,
     * slowest, loses nothing), {@code everysec} (the default: at most about a second lost), {@code no} (the OS
     * decides).
     */
    public CompletableFuture<Void> setAppendFsync(String policy) {
        String p = policy == null ? "" : policy.strip().toLowerCase(Locale.ROOT);
        if (!FSYNC_POLICIES.contains(p)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "The fsync policy is one of always, everysec or no; \"" + policy + "\" is none of them."));
        }
        return done(session.writeEachMaster("CONFIG SET appendfsync", c -> c.configSet("appendfsync", p)));
    }

    /**
     * {@code CONFIG REWRITE} on each master: writes the settings in force into the server's config file, so that
     * changes made here survive a restart. A server started without a config file cannot; the failure says so.
     */
    public CompletableFuture<Void> rewriteConfig() {
        return done(session.writeEachMaster("CONFIG REWRITE", c -> c.configRewrite()));
    }

    /**
     * Completes once the snapshot {@code job} started (or had scheduled) has ended on every master, with each
     * master's new {@code LASTSAVE}; fails with the server's {@code rdb_last_bgsave_status:err}, in a sentence, when
     * it failed, and with a sentence when it is still running after {@code timeout} (nothing is stopped then).
     * Polls {@code INFO} every {@value #POLL_MILLIS} ms from the session's own threads: neither the caller's thread
     * nor any other waits. Cancelling the future stops the polling.
     */
    public CompletableFuture<Map<String, Instant>> awaitBackgroundSaveDone(BackgroundJob job, Duration timeout) {
        requireKind(job, BackgroundJob.Kind.SNAPSHOT);
        return BackgroundJobWatch.snapshot(job, this::jobInfo, pollDelay, timeout);
    }

    /**
     * {@link #awaitBackgroundSaveDone} for an append-only-file rewrite (from {@link #bgrewriteaof()} or
     * {@link #setAppendOnly}): completes with each master's AOF size afterwards (-1 when AOF is off), fails with
     * {@code aof_last_bgrewrite_status:err} in a sentence.
     */
    public CompletableFuture<Map<String, Long>> awaitAofRewriteDone(BackgroundJob job, Duration timeout) {
        requireKind(job, BackgroundJob.Kind.AOF_REWRITE);
        return BackgroundJobWatch.aofRewrite(job, this::jobInfo, pollDelay, timeout);
    }

    private static void requireKind(BackgroundJob job, BackgroundJob.Kind kind) {
        if (job.kind() != kind) {
            throw new IllegalArgumentException("a " + job.kind() + " job, not a " + kind + " one");
        }
    }

    /** {@code INFO persistence} and {@code INFO stats} (for {@code total_forks}) of each master, read as one. */
    private CompletableFuture<Map<String, ServerInfo>> jobInfo() {
        CompletableFuture<Map<String, String>> persistence =
                session.readEachMaster("INFO persistence", c -> c.info("persistence"));
        CompletableFuture<Map<String, String>> stats = session.readEachMaster("INFO stats", c -> c.info("stats"));
        CompletableFuture<Map<String, ServerInfo>> both = persistence.thenCombine(stats, (p, s) -> {
            Map<String, ServerInfo> byServer = new LinkedHashMap<>();
            p.forEach((server, text) -> byServer.put(server, ServerInfo.parse(text + "\r\n" + s.getOrDefault(server, ""))));
            return byServer;
        });
        Futures.cancelTogether(both, persistence, stats);
        return both;
    }

    private static CompletableFuture<Void> done(CompletableFuture<Map<String, String>> replies) {
        return Futures.map(replies, r -> null);
    }
}
