package dev.tensorlens.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place that holds Lettuce: a client, its resources and one shared {@code byte[]} connection to a
 * standalone server, a Sentinel-managed master or a Cluster; a pub/sub connection opened on demand.
 *
 * <p>Every operation is asynchronous and fails with a {@link RedisOperationException} whose message is
 * written for the user. Cancelling a returned future cancels the command. Profiles marked read-only have
 * every {@link #write} refused here, before anything reaches the server.
 */
public final class RedisSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisSession.class);
    private static final String SESSION_THREAD = "tensorlens-session-";

    private final ConnectionProfile profile;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<byte[], byte[]> connection;
    private final RedisClusterAsyncCommands<byte[], byte[]> commands;
    private final List<Consumer<ConnectionState>> listeners = new CopyOnWriteArrayList<>();
    private final Disposable eventSubscription;
    private final ConnectionTracker tracker;
    private final PubSubHub pubSub;
    private final AtomicReference<CompletableFuture<Void>> closing = new AtomicReference<>();
    private final ServerVersion version = new ServerVersion(this);
    /**
     * The session's own threads, for the service layer's work that must not run on Lettuce's event loop (starting a
     * scan, sending the next cluster SCAN, iterating a bulk delete); made as needed, daemons, stopped with the session.
     */
    private final ExecutorService background = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, SESSION_THREAD + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    private RedisSession(ConnectionProfile profile, ClientResources resources, AbstractRedisClient client,
                         StatefulConnection<byte[], byte[]> connection, ConnectionTracker tracker,
                         Disposable eventSubscription) {
        this.profile = profile;
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commands = asyncCommands(connection);
        this.tracker = tracker;
        this.eventSubscription = eventSubscription;
        this.pubSub = new PubSubHub(client, profile.mode() == ConnectionMode.CLUSTER ? null : LettuceSetup.uri(profile));
        tracker.onChange(this::publish);
    }

    /**
     * Connects in the background. The future fails with a {@link RedisOperationException} saying why
     * (refused, unknown host, wrong password in the server's words, timeout, …); nothing is left running then.
     *
     * <p>A standalone profile that reaches a node of a Redis Cluster opens a cluster session seeded with that node
     * (see {@link #wholeClusterIfNode}), so that every command follows the cluster's redirections.
     */
    public static CompletableFuture<RedisSession> open(ConnectionProfile profile) {
        return open(profile, () -> connect(profile));
    }

    /**
     * {@link #open(ConnectionProfile)}, the client made on {@code setup}: making it (the first time also Lettuce's
     * event loops and classes) takes tens of milliseconds a UI thread should not hold before the future comes back.
     */
    public static CompletableFuture<RedisSession> open(ConnectionProfile profile, Executor setup) {
        return open(profile, () -> CompletableFuture.supplyAsync(() -> connect(profile), setup).thenCompose(c -> c));
    }

    private static CompletableFuture<RedisSession> open(ConnectionProfile profile,
                                                        Supplier<CompletableFuture<RedisSession>> connecting) {
        List<String> problems = profile.problems();
        if (!problems.isEmpty()) {
            return CompletableFuture.failedFuture(new RedisOperationException("connect", String.join(" ", problems), null));
        }
        CompletableFuture<RedisSession> result = new CompletableFuture<>();
        connecting.get().thenCompose(RedisSession::wholeClusterIfNode).whenComplete((session, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.unwrap(failure));
            } else if (!result.complete(session)) {
                // A caller that gave up (cancelled) while we connected gets nothing; the session must not leak.
                session.closeAsync();
            }
        });
        return result;
    }

    private static CompletableFuture<RedisSession> connect(ConnectionProfile profile) {
        String operation = "Connecting to " + profile.describe();
        ClientResources resources = LettuceSetup.resources();
        // Listen before connecting, so the tracker sees the command connection come up.
        ConnectionTracker tracker = ConnectionTracker.forProfile(profile);
        Disposable events = resources.eventBus().get().subscribe(tracker::onEvent);
        AbstractRedisClient client;
        CompletableFuture<? extends StatefulConnection<byte[], byte[]>> connecting;
        try {
            if (profile.mode() == ConnectionMode.CLUSTER) {
                RedisClusterClient cluster = RedisClusterClient.create(resources, LettuceSetup.clusterUris(profile));
                cluster.setOptions(LettuceSetup.clusterOptions(profile));
                client = cluster;
                // connectAsync needs the topology first; only the blocking connect() loads it by itself
                connecting = cluster.refreshPartitionsAsync().toCompletableFuture()
                        .thenCompose(v -> cluster.connectAsync(ByteArrayCodec.INSTANCE));
            } else {
                RedisClient standalone = RedisClient.create(resources);
                standalone.setOptions(LettuceSetup.clientOptions(profile));
                client = standalone;
                connecting = standalone.connectAsync(ByteArrayCodec.INSTANCE, LettuceSetup.uri(profile)).toCompletableFuture();
            }
        } catch (RuntimeException e) {
            events.dispose();
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            return CompletableFuture.failedFuture(RedisErrors.wrap(operation, e));
        }
        AbstractRedisClient theClient = client;
        CompletableFuture<RedisSession> result = new CompletableFuture<>();
        connecting.whenComplete((conn, failure) -> {
            if (failure != null) {
                events.dispose();
                ConnectHints.clusterDatabase(profile, failure, theClient).thenAccept(cluster -> {
                    theClient.shutdownAsync(0, 1, TimeUnit.SECONDS).whenComplete((v, e) -> resources.shutdown(0, 1, TimeUnit.SECONDS));
                    result.completeExceptionally(new RedisOperationException(operation, RedisErrors.describe(operation,
                            failure) + (cluster.isEmpty() ? ConnectHints.tls(profile, failure) : cluster), RedisErrors.unwrap(failure)));
                });
                return;
            }
            log.info("Connected to {} ({})", profile.target(), profile.mode());
            // the state the session reports from its first moment includes the connections that made it; a marker the
            // bus dropped (it drops under back-pressure) holds the session back no longer than a second
            tracker.caughtUp(resources.eventBus()).completeOnTimeout(null, 1, TimeUnit.SECONDS).whenComplete((v, e) ->
                    result.complete(new RedisSession(profile, resources, theClient, conn, tracker, events)));
        });
        return result;
    }

    /**
     * Read on its own, one node of a Redis Cluster answers {@code MOVED} for every key of a slot it does not own and
     * counts only its own keys. So a standalone session that turns out to be on a cluster node is closed and replaced
     * by a cluster session seeded with that node: the same TLS, user, password and timeouts; Lettuce's cluster
     * client then follows {@code MOVED} and {@code ASK} for every command, and the session reports itself as a cluster.
     */
    private static CompletableFuture<RedisSession> wholeClusterIfNode(RedisSession session) {
        if (session.profile.mode() != ConnectionMode.STANDALONE) {
            return CompletableFuture.completedFuture(session);
        }
        return session.isClusterNode().thenCompose(clusterNode -> {
            if (!clusterNode) {
                return CompletableFuture.completedFuture(session);
            }
            ConnectionProfile cluster = session.profile.toBuilder().mode(ConnectionMode.CLUSTER)
                    .clusterNodes(List.of(session.profile.address())).build();
            log.info("{} is a cluster node; connecting to the whole cluster through it", session.profile.address());
            session.closeAsync();
            return connect(cluster);
        });
    }

    /**
     * Whether the server is a cluster node. First the {@code mode} it announced in its {@code HELLO} reply during
     * Lettuce's handshake: free, and no ACL can deny {@code HELLO}. Servers before Redis 6 have no {@code HELLO};
     * for them {@code cluster_enabled} in {@code INFO cluster}. A server that tells neither is taken for standalone
     * (a {@code MOVED} reply then says in words that it is a cluster node: see {@link RedisErrors}).
     */
    private CompletableFuture<Boolean> isClusterNode() {
        String announced = connection instanceof StatefulRedisConnectionImpl<?, ?> plain
                ? plain.getConnectionState().getMode() : null;
        if (announced != null) {
            return CompletableFuture.completedFuture(announced.equals("cluster"));
        }
        return read("INFO cluster", c -> c.info("cluster"))
                .thenApply(text -> ServerInfo.parse(text).getLong("cluster_enabled").orElse(0) == 1)
                .exceptionally(failure -> {
                    log.info("Could not tell whether {} is a cluster node: {}", profile.address(), failure.getMessage());
                    return false;
                });
    }

    private static RedisClusterAsyncCommands<byte[], byte[]> asyncCommands(StatefulConnection<byte[], byte[]> conn) {
        if (conn instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
            return cluster.async();
        }
        return ((StatefulRedisConnection<byte[], byte[]>) conn).async();
    }

    public ConnectionProfile profile() {
        return profile;
    }

    public boolean isReadOnly() {
        return profile.readOnly();
    }

    public boolean isCluster() {
        return profile.mode() == ConnectionMode.CLUSTER;
    }

    /** The server's version as major × 100 + minor ({@code 7.0.15 → 700}), asked once: see {@link ServerVersion}. */
    CompletableFuture<Integer> versionNumber() {
        return version.get();
    }

    public ConnectionState state() {
        return closing.get() != null ? ConnectionState.CLOSED : tracker.state();
    }

    /**
     * Calls {@code listener} with every change of state, on a Lettuce thread (hop to your own thread).
     *
     * @return a handle that removes the listener
     */
    public Runnable onStateChange(Consumer<ConnectionState> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Runs a command that only reads. */
    <T> CompletableFuture<T> read(String operation,
                                         Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        return run(operation, call);
    }

    /** Runs a command that changes data or server state; refused on read-only profiles without reaching the server. */
    <T> CompletableFuture<T> write(String operation,
                                          Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        if (profile.readOnly()) {
            return CompletableFuture.failedFuture(new ReadOnlyProfileException(operation, profile.displayName()));
        }
        return run(operation, call);
    }

    /**
     * Runs a reading command on each master: on a cluster on every master (such as {@code CONFIG GET}, which is
     * per node, and which Lettuce sends to one node only), elsewhere on the one server. The replies are keyed by
     * the node's {@code host:port} (the profile's target outside a cluster), masters ordered by their first slot.
     * Fails when any master fails, saying which.
     */
    <T> CompletableFuture<Map<String, T>> readEachMaster(String operation,
            Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        return onEachMaster(operation, call);
    }

    /** {@link #readEachMaster} for a command that changes server state; refused on read-only profiles. */
    <T> CompletableFuture<Map<String, T>> writeEachMaster(String operation,
            Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        if (profile.readOnly()) {
            return CompletableFuture.failedFuture(new ReadOnlyProfileException(operation, profile.displayName()));
        }
        return onEachMaster(operation, call);
    }

    private <T> CompletableFuture<Map<String, T>> onEachMaster(String operation,
            Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        if (!(connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster)) {
            return Futures.map(run(operation, commands, call), reply -> {
                Map<String, T> one = new LinkedHashMap<>();
                one.put(profile.target(), reply);
                return one;
            });
        }
        List<RedisClusterNode> masters = cluster.getPartitions().getPartitions().stream()
                .filter(node -> node.getRole().isUpstream())
                .sorted(Comparator.comparingInt(node -> node.getSlots().isEmpty() ? Integer.MAX_VALUE
                        : Collections.min(node.getSlots())))
                .toList();
        Map<String, CompletableFuture<T>> replies = new LinkedHashMap<>();
        for (RedisClusterNode master : masters) {
            String address = master.getUri().getHost() + ":" + master.getUri().getPort();
            String onNode = operation + " on " + address;
            CompletableFuture<StatefulRedisConnection<byte[], byte[]>> nodeConnection =
                    cluster.getConnectionAsync(master.getNodeId());
            CompletableFuture<T> reply = nodeConnection
                    .handle((conn, failure) -> {
                        if (failure != null) {
                            throw RedisErrors.wrap(onNode, failure);
                        }
                        return conn;
                    })
                    .thenCompose(conn -> run(onNode, conn.async(), call));
            Futures.cancelTogether(reply, nodeConnection);
            replies.put(address, reply);
        }
        CompletableFuture<?>[] all = replies.values().toArray(CompletableFuture[]::new);
        CompletableFuture<Map<String, T>> result = CompletableFuture.allOf(all).thenApply(v -> {
            Map<String, T> byNode = new LinkedHashMap<>();
            replies.forEach((node, reply) -> byNode.put(node, reply.join()));
            return byNode;
        });
        Futures.cancelTogether(result, all);
        return result;
    }

    /** One {@code PING}, timed: the round trip the status bar shows. */
    public CompletableFuture<Duration> ping() {
        long start = System.nanoTime();
        return Futures.map(read("PING", RedisClusterAsyncCommands::ping),
                pong -> Duration.ofNanos(System.nanoTime() - start));
    }

    /** Pub/sub on its own connection, opened the first time something subscribes. */
    public PubSubHub pubSub() {
        return pubSub;
    }

    /**
     * Where the service layer runs its own steps off Lettuce's threads. After the session closed, work handed here is
     * run on the caller's thread instead, where it meets the closed connection and fails in words.
     */
    /** Whether the calling thread is one of a session's own (not Lettuce's event loop). */
    static boolean onSessionThread() {
        return Thread.currentThread().getName().startsWith(SESSION_THREAD);
    }

    Executor executor() {
        return task -> {
            try {
                background.execute(task);
            } catch (RejectedExecutionException closed) {
                task.run();
            }
        };
    }

    private <T> CompletableFuture<T> run(String operation,
                                         Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        return run(operation, commands, call);
    }

    private <T> CompletableFuture<T> run(String operation, RedisClusterAsyncCommands<byte[], byte[]> target,
                                         Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        if (closing.get() != null) {
            return CompletableFuture.failedFuture(new RedisOperationException(operation,
                    operation + " was not sent: this connection was closed.", null));
        }
        RedisFuture<T> pending;
        try {
            pending = call.apply(target);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(RedisErrors.wrap(operation, e));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        pending.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.wrap(operation, failure));
            } else {
                result.complete(value);
            }
        });
        // Latest-wins callers cancel what they no longer need; pass that on to the command.
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                pending.cancel(true);
            }
        });
        return result;
    }

    private void publish(ConnectionState next) {
        if (closing.get() != null) {
            return;
        }
        log.info("{}: {}", profile.target(), next);
        for (Consumer<ConnectionState> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.warn("Connection state listener failed", e);
            }
        }
    }

    /**
     * Closes the connections and releases the client's threads. Every call returns the same future, which
     * completes when everything is shut down.
     */
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!closing.compareAndSet(null, done)) {
            return closing.get();
        }
        for (Consumer<ConnectionState> listener : listeners) {
            listener.accept(ConnectionState.CLOSED);
        }
        eventSubscription.dispose();
        background.shutdown(); // what is queued still runs, and sees the connection closing
        pubSub.closeAsync()
                .thenCompose(v -> connection.closeAsync())
                .exceptionally(e -> null)
                .thenCompose(v -> client.shutdownAsync(0, 2, TimeUnit.SECONDS))
                .exceptionally(e -> null)
                .thenCompose(v -> toCompletable(resources.shutdown(0, 2, TimeUnit.SECONDS)))
                .whenComplete((v, e) -> {
                    log.info("Closed connection to {}", profile.target());
                    done.complete(null);
                });
        return done;
    }

    private static CompletableFuture<Void> toCompletable(Future<?> nettyFuture) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        nettyFuture.addListener(f -> done.complete(null));
        return done;
    }

    @Override
    public void close() {
        closeAsync().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
