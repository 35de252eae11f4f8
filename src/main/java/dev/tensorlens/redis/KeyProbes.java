package dev.tensorlens.redis;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;

import java.util.concurrent.CompletableFuture;

/**
 * The per-key measurements that {@link ValueReader#describe} and {@link KeyMetadataReader#describeAll} share:
 * the size command for a type, and {@code MEMORY USAGE}.
 */
final class KeyProbes {

    /** Nested elements {@code MEMORY USAGE} samples (also the server's default; said explicitly to be sure). */
    static final int MEMORY_SAMPLES = 5;

    private KeyProbes() {
    }

    /**
     * The size in the type's own unit ({@code STRLEN}, {@code HLEN}, {@code SCARD}, {@code ZCARD}, {@code LLEN},
     * {@code XLEN}); 0 without a command for {@code none} and module types.
     */
    static CompletableFuture<Long> size(RedisSession session, byte[] key, String type) {
        return switch (type) {
            case "string" -> session.read("STRLEN", c -> c.strlen(key));
            case "hash" -> session.read("HLEN", c -> c.hlen(key));
            case "set" -> session.read("SCARD", c -> c.scard(key));
            case "zset" -> session.read("ZCARD", c -> c.zcard(key));
            case "list" -> session.read("LLEN", c -> c.llen(key));
            case "stream" -> session.read("XLEN", c -> c.xlen(key));
            default -> CompletableFuture.completedFuture(0L);
        };
    }

    /**
     * {@code MEMORY USAGE key SAMPLES 5}, or -1 when the key is gone or the server does not allow the command
     * (managed services disable it, ACLs refuse it): a missing number is no reason to fail a listing.
     * Lettuce's {@code memoryUsage} has no SAMPLES argument, hence the dispatch; the key is added as a key so
     * the cluster client routes it to the key's node.
     */
    static CompletableFuture<Long> memoryUsage(RedisSession session, byte[] key) {
        CompletableFuture<Long> usage = session.read("MEMORY USAGE", c -> c.dispatch(CommandType.MEMORY,
                new IntegerOutput<>(ByteArrayCodec.INSTANCE),
                new CommandArgs<>(ByteArrayCodec.INSTANCE).add(CommandKeyword.USAGE).addKey(key)
                        .add("SAMPLES").add(MEMORY_SAMPLES)));
        CompletableFuture<Long> orUnknown = usage.handle((bytes, failure) -> failure != null || bytes == null ? -1L : bytes);
        Futures.cancelTogether(orUnknown, usage);
        return orUnknown;
    }

    /** {@code PTTL}'s reply as {@link KeyInfo} holds it: -1 both without an expiry (-1) and without the key (-2). */
    static long ttlOrNone(Long pttl) {
        return pttl == null || pttl < 0 ? -1 : pttl;
    }
}
