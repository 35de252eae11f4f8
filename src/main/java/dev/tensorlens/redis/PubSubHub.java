package dev.tensorlens.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The session's pub/sub side: a second connection, opened the first time something subscribes, because a
 * connection in subscribe mode can run no other command.
 */
public final class PubSubHub {

    /** A live pattern subscription; {@link #close()} ends it. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final Object client;
    private final RedisURI uri;
    private final Map<ByteBuffer, List<BiConsumer<byte[], byte[]>>> handlers = new ConcurrentHashMap<>();
    private CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> connection;

    PubSubHub(Object client, RedisURI uri) {
        this.client = client;
        this.uri = uri;
    }

    /**
     * {@code PSUBSCRIBE pattern}; {@code onMessage} gets (channel, message) on a Lettuce thread.
     */
    public CompletableFuture<Subscription> psubscribe(byte[] pattern, BiConsumer<byte[], byte[]> onMessage) {
        ByteBuffer key = ByteBuffer.wrap(pattern.clone());
        return connection()
                .thenCompose(conn -> {
                    boolean first = handlers.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).isEmpty();
                    handlers.get(key).add(onMessage);
                    CompletableFuture<Void> subscribed = first
                            ? conn.async().psubscribe(pattern).toCompletableFuture()
                            : CompletableFuture.completedFuture(null);
                    return subscribed.thenApply(v -> (Subscription) () -> unsubscribe(conn, key, onMessage));
                })
                .handle((subscription, failure) -> {
                    if (failure != null) {
                        throw RedisErrors.wrap("PSUBSCRIBE", failure);
                    }
                    return subscription;
                });
    }

    private void unsubscribe(StatefulRedisPubSubConnection<byte[], byte[]> conn, ByteBuffer key,
                             BiConsumer<byte[], byte[]> onMessage) {
        List<BiConsumer<byte[], byte[]>> list = handlers.get(key);
        if (list != null && list.remove(onMessage) && list.isEmpty()) {
            handlers.remove(key);
            if (conn.isOpen()) {
                conn.async().punsubscribe(key.array());
            }
        }
    }

    private synchronized CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> connection() {
        if (connection == null || connection.isCompletedExceptionally()) {
            CompletableFuture<? extends StatefulRedisPubSubConnection<byte[], byte[]>> opening =
                    client instanceof RedisClusterClient cluster
                            ? cluster.connectPubSubAsync(ByteArrayCodec.INSTANCE)
                            : ((RedisClient) client).connectPubSubAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture();
            connection = opening.thenApply(conn -> {
                conn.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(byte[] pattern, byte[] channel, byte[] message) {
                        List<BiConsumer<byte[], byte[]>> list = handlers.get(ByteBuffer.wrap(pattern));
                        if (list != null) {
                            list.forEach(h -> h.accept(channel, message));
                        }
                    }
                });
                return conn;
            });
        }
        return connection;
    }

    synchronized CompletableFuture<Void> closeAsync() {
        handlers.clear();
        if (connection == null) {
            return CompletableFuture.completedFuture(null);
        }
        return connection.thenCompose(StatefulRedisPubSubConnection::closeAsync).exceptionally(e -> null);
    }
}
