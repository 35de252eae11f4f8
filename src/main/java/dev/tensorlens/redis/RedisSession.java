package dev.tensorlens.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

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

    private final ConnectionProfile profile;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<byte[], byte[]> connection;
    private final RedisClusterAsyncCommands<byte[], byte[]> commands;
    private final List<Consumer<ConnectionState>> listeners = new CopyOnWriteArrayList<>();
    private final Disposable eventSubscription;
    private final PubSubHub pubSub;
    private volatile ConnectionState state = ConnectionState.CONNECTED;

    private RedisSession(ConnectionProfile profile, ClientResources resources, AbstractRedisClient client,
                         StatefulConnection<byte[], byte[]> connection,
                         RedisClusterAsyncCommands<byte[], byte[]> commands) {
        this.profile = profile;
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.pubSub = new PubSubHub(client, profile.mode() == ConnectionMode.CLUSTER ? null : LettuceSetup.uri(profile));
        this.eventSubscription = resources.eventBus().get().subscribe(this::onEvent);
    }

    /**
     * Connects in the background. The future fails with a {@link RedisOperationException} saying why
     * (refused, unknown host, wrong password in the server's words, timeout, …); nothing is left running then.
     */
    public static CompletableFuture<RedisSession> open(ConnectionProfile profile) {
        List<String> problems = profile.problems();
        if (!problems.isEmpty()) {
            return CompletableFuture.failedFuture(
                    new RedisOperationException("connect", String.join(" ", problems), null));
        }
        ClientResources resources = LettuceSetup.resources();
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
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            return CompletableFuture.failedFuture(RedisErrors.wrap("Connecting to " + profile.describe(), e));
        }
        AbstractRedisClient theClient = client;
        return connecting.handle((conn, failure) -> {
            if (failure != null) {
                theClient.shutdownAsync(0, 1, TimeUnit.SECONDS).whenComplete((v, e) -> resources.shutdown(0, 1, TimeUnit.SECONDS));
                throw RedisErrors.wrap("Connecting to " + profile.describe(), failure);
            }
            log.info("Connected to {} ({})", profile.target(), profile.mode());
            return new RedisSession(profile, resources, theClient, conn, asyncCommands(conn));
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

    public ConnectionState state() {
        return state;
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
    public <T> CompletableFuture<T> read(String operation,
                                         Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        return run(operation, call);
    }

    /** Runs a command that changes data or server state; refused on read-only profiles without reaching the server. */
    public <T> CompletableFuture<T> write(String operation,
                                          Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        if (profile.readOnly()) {
            return CompletableFuture.failedFuture(new ReadOnlyProfileException(operation, profile.displayName()));
        }
        return run(operation, call);
    }

    /** One {@code PING}, timed: the round trip the status bar shows. */
    public CompletableFuture<Duration> ping() {
        long start = System.nanoTime();
        return read("PING", RedisClusterAsyncCommands::ping)
                .thenApply(pong -> Duration.ofNanos(System.nanoTime() - start));
    }

    /** Pub/sub on its own connection, opened the first time something subscribes. */
    public PubSubHub pubSub() {
        return pubSub;
    }

    private <T> CompletableFuture<T> run(String operation,
                                         Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> call) {
        if (state == ConnectionState.CLOSED) {
            return CompletableFuture.failedFuture(new RedisOperationException(operation,
                    operation + " was not sent: this connection was closed.", null));
        }
        RedisFuture<T> pending;
        try {
            pending = call.apply(commands);
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

    /**
     * Lettuce's event bus carries this session's connection events only, since the resources are its own.
     * A dropped connection first reads as reconnecting; once a reconnect attempt fails the server is
     * unreachable and the state reads disconnected (attempts go on, up to two seconds apart).
     */
    private void onEvent(Event event) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        if (event instanceof ConnectionActivatedEvent) {
            setState(ConnectionState.CONNECTED);
        } else if (event instanceof ConnectionDeactivatedEvent) {
            setState(ConnectionState.RECONNECTING);
        } else if (event instanceof ReconnectFailedEvent) {
            setState(ConnectionState.DISCONNECTED);
        }
    }

    private void setState(ConnectionState next) {
        if (state == next) {
            return;
        }
        log.info("{}: {} -> {}", profile.target(), state, next);
        state = next;
        for (Consumer<ConnectionState> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.warn("Connection state listener failed", e);
            }
        }
    }

    /** Closes the connections and releases the client's threads. Safe to call more than once. */
    public CompletableFuture<Void> closeAsync() {
        if (state == ConnectionState.CLOSED) {
            return CompletableFuture.completedFuture(null);
        }
        setState(ConnectionState.CLOSED);
        eventSubscription.dispose();
        return pubSub.closeAsync()
                .thenCompose(v -> connection.closeAsync())
                .exceptionally(e -> null)
                .thenCompose(v -> client.shutdownAsync(0, 2, TimeUnit.SECONDS))
                .exceptionally(e -> null)
                .thenCompose(v -> toCompletable(resources.shutdown(0, 2, TimeUnit.SECONDS)))
                .exceptionally(e -> null)
                .thenRun(() -> log.info("Closed connection to {}", profile.target()));
    }

    private static CompletableFuture<Void> toCompletable(io.netty.util.concurrent.Future<?> nettyFuture) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        nettyFuture.addListener(f -> done.complete(null));
        return done;
    }

    @Override
    public void close() {
        closeAsync().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
