package dev.tensorlens.redis;

import io.lettuce.core.ScoredValue;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Writes whole values: what the demo seeder (and a test's fixtures) put into a server. Each command goes through
 * {@link RedisSession#write}, so a read-only profile refuses it before anything is sent. Commands sent one after the
 * other on the shared connection arrive in that order, so a caller can pipeline a delete and the writes after it.
 */
public final class ValueWriter {

    /** A sorted-set member with its score. */
    public record Scored(double score, byte[] member) {
    }

    private final RedisSession session;

    public ValueWriter(RedisSession session) {
        this.session = Objects.requireNonNull(session);
    }

    /** {@code DEL} of every key (on a cluster Lettuce splits it by slot); the number that existed. */
    public CompletableFuture<Long> delete(List<byte[]> keys) {
        byte[][] all = keys.toArray(byte[][]::new);
        return session.write("DEL", c -> c.del(all));
    }

    public CompletableFuture<String> set(byte[] key, byte[] value) {
        return session.write("SET", c -> c.set(key, value));
    }

    /** {@code HSET} of several fields; the number of fields that were new. */
    public CompletableFuture<Long> hset(byte[] key, Map<byte[], byte[]> fields) {
        return session.write("HSET", c -> c.hset(key, fields));
    }

    /** The number of members that were new. */
    public CompletableFuture<Long> sadd(byte[] key, byte[]... members) {
        return session.write("SADD", c -> c.sadd(key, members));
    }

    /** The number of members that were new. */
    public CompletableFuture<Long> zadd(byte[] key, List<Scored> members) {
        @SuppressWarnings("unchecked")
        ScoredValue<byte[]>[] scored = members.stream().map(m -> ScoredValue.just(m.score(), m.member()))
                .toArray(ScoredValue[]::new);
        return session.write("ZADD", c -> c.zadd(key, scored));
    }

    /** The list's length afterwards. */
    public CompletableFuture<Long> rpush(byte[] key, byte[]... values) {
        return session.write("RPUSH", c -> c.rpush(key, values));
    }

    /** {@code XADD key * field value …}; the new entry's id. */
    public CompletableFuture<String> xadd(byte[] key, Map<byte[], byte[]> fields) {
        return session.write("XADD", c -> c.xadd(key, fields));
    }
}
