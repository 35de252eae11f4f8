package dev.tensorlens.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** Patterns subscribed on every master of a cluster, so they are unsubscribed there too. */
    private final Set<ByteBuffer> everyMasterPatterns = ConcurrentHashMap.newKeySet();
    private CompletableFuture<StatefulRedisPubSubConnection<byte[], byte[]>> connection;

    PubSubHub(Object client, RedisURI uri) {
        this.client = client;
        this.uri = uri;
    }

    /**
     * {@code PSUBSCRIBE pattern}; {@code onMessage} gets (channel, message) on a Lettuce thread. On a cluster it is
     * sent to one node, which is enough for {@code PUBLISH}ed messages: the cluster passes those to every node.
     */
    public CompletableFuture<Subscription> psubscribe(byte[] pattern, BiConsumer<byte[], byte[]> onMessage) {
        return psubscribe(pattern, onMessage, false);
    }

    /**
     * {@code PSUBSCRIBE pattern} for messages each node publishes to its own subscribers only, such as keyspace
     * notifications (a cluster node notifies about the keys it holds). On a cluster it is sent to every master
     * (on connections of their own) and what they publish all reaches {@code onMessage}; elsewhere it is
     * {@link #psubscribe}. Masters that appear later (resharding, failover) are not subscribed; subscribe again
     * after a topology change. A pattern is subscribed the way its first subscriber asked.
     */
    public CompletableFuture<Subscription> psubscribeEveryMaster(byte[] pattern, BiConsumer<byte[], byte[]> onMessage) {
        return psubscribe(pattern, onMessage, true);
    }

    private CompletableFuture<Subscription> psubscribe(byte[] pattern, BiConsumer<byte[], byte[]> onMessage,
                                                       boolean everyMaster) {
        ByteBuffer key = ByteBuffer.wrap(pattern.clone());
        return connection()
                .thenCompose(conn -> {
                    CompletableFuture<Void> subscribed = register(conn, key, onMessage, everyMaster);
                    // PSUBSCRIBE refused (an ACL without pub/sub, say): forget the handler, so a later attempt
                    // sends PSUBSCRIBE again instead of believing it is already subscribed.
                    return subscribed.handle((v, failure) -> {
                        if (failure != null) {
                            unsubscribe(conn, key, onMessage);
                            throw RedisErrors.wrap("PSUBSCRIBE", failure);
                        }
                        return (Subscription) () -> unsubscribe(conn, key, onMessage);
                    });
                })
                .handle((subscription, failure) -> {
                    if (failure != null) {
                        throw RedisErrors.wrap("PSUBSCRIBE", failure);
                    }
                    return subscription;
                });
    }

    /** Adds the handler; the first handler of a pattern sends PSUBSCRIBE, later ones share it. */
    private synchronized CompletableFuture<Void> register(StatefulRedisPubSubConnection<byte[], byte[]> conn,
                                                          ByteBuffer key, BiConsumer<byte[], byte[]> onMessage,
                                                          boolean everyMaster) {
        List<BiConsumer<byte[], byte[]>> list = handlers.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
        boolean first = list.isEmpty();
        list.add(onMessage);
        if (!first) {
            return CompletableFuture.completedFuture(null);
        }
        if (everyMaster && conn instanceof StatefulRedisClusterPubSubConnection<byte[], byte[]> cluster) {
            everyMasterPatterns.add(key);
            return cluster.async().masters().commands().psubscribe(key.array()).toCompletableFuture()
                    .thenApply(perNode -> null);
        }
        return conn.async().psubscribe(key.array()).toCompletableFuture();
    }

    private synchronized void unsubscribe(StatefulRedisPubSubConnection<byte[], byte[]> conn, ByteBuffer key,
                                          BiConsumer<byte[], byte[]> onMessage) {
        List<BiConsumer<byte[], byte[]>> list = handlers.get(key);
        if (list != null && list.remove(onMessage) && list.isEmpty()) {
            handlers.remove(key);
            boolean onEveryMaster = everyMasterPatterns.remove(key);
            if (!conn.isOpen()) {
                return;
            }
            if (onEveryMaster && conn instanceof StatefulRedisClusterPubSubConnection<byte[], byte[]> cluster) {
                cluster.async().masters().commands().punsubscribe(key.array());
            } else {
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
                if (conn instanceof StatefulRedisClusterPubSubConnection<byte[], byte[]> cluster) {
                    // messages that arrive on the per-master connections (psubscribeEveryMaster) reach our listener
                    cluster.setNodeMessagePropagation(true);
                }
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
        everyMasterPatterns.clear();
        if (connection == null) {
            return CompletableFuture.completedFuture(null);
        }
        return connection.thenCompose(StatefulRedisPubSubConnection::closeAsync).exceptionally(e -> null);
    }
}
