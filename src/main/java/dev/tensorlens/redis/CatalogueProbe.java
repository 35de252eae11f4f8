package dev.tensorlens.redis;

import dev.tensorlens.mlstate.KeyEntry;
import dev.tensorlens.mlstate.LayoutRecognizer;
import dev.tensorlens.mlstate.NaturalOrder;
import dev.tensorlens.mlstate.RedisType;
import io.lettuce.core.KeyValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the ML-state catalogue needs to know of the keys it is handed, and nothing more: for each key the layout rules
 * can claim, its entry (type, size, and the field names of a hash or the members of a versions sorted set, sized
 * first; a split's size alone, by {@code SCARD} or, for a sorted set of weighted ids, {@code ZCARD}); keys the rules
 * cannot claim are dropped after at most one cheap command. All commands of a batch are sent at once (Lettuce
 * pipelines them on the connection); values are never read.
 */
final class CatalogueProbe {

    /** Field names fetched at most from one hash ({@code HKEYS} below this, a sample of this many above). */
    static final int MAX_FIELD_NAMES = 4096;
    /** Members read at most from a versions sorted set, in score order. */
    static final int MAX_VERSION_MEMBERS = 1000;

    private static final byte[] DTYPE = "dtype".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHAPE = "shape".getBytes(StandardCharsets.US_ASCII);

    /** A key worth keeping, by its exact bytes. */
    record Found(byte[] key, KeyEntry entry) {
    }

    private final RedisSession session;

    CatalogueProbe(RedisSession session) {
        this.session = session;
    }

    /** Keys a {@code SCAN … TYPE} page says are all of {@code type}: the ones the layout rules may claim. */
    CompletableFuture<List<Found>> describe(List<byte[]> keys, RedisType type) {
        List<CompletableFuture<Optional<Found>>> each = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            each.add(describe(key, type));
        }
        return all(each);
    }

    /**
     * Keys of any type from a plain {@code SCAN} page, of which the hashes were described already: the strings, lists,
     * sets and sorted sets among them whose names the rules could claim get a {@code TYPE}, the rest nothing.
     */
    CompletableFuture<List<Found>> describeNonHashes(List<byte[]> keys) {
        List<CompletableFuture<Optional<Found>>> each = new ArrayList<>();
        for (byte[] key : keys) {
            String name = Keys.display(key);
            if (LayoutRecognizer.claimsByNameAsNonHash(name)) {
                CompletableFuture<String> type = session.read("TYPE", c -> c.type(key));
                CompletableFuture<Optional<Found>> found = type.thenCompose(t -> {
                    RedisType known = RedisType.fromTypeReply(t);
                    return known == RedisType.HASH ? none() : describe(key, known);
                });
                Futures.cancelTogether(found, type);
                each.add(found);
            }
        }
        return all(each);
    }

    /** One key whose type is not known (a keyspace event): {@code TYPE} first; empty when gone or not claimable. */
    CompletableFuture<Optional<Found>> describeOne(byte[] key) {
        CompletableFuture<String> type = session.read("TYPE", c -> c.type(key));
        CompletableFuture<Optional<Found>> found = type.thenCompose(t -> describe(key, RedisType.fromTypeReply(t)));
        Futures.cancelTogether(found, type);
        return found;
    }

    private CompletableFuture<Optional<Found>> describe(byte[] key, RedisType type) {
        String name = Keys.display(key);
        boolean byName = LayoutRecognizer.claimsByName(name, type);
        return switch (type) {
            case HASH -> byName ? hash(key, name) : rawArrayHash(key, name);
            case ZSET -> !byName ? none()
                    : LayoutRecognizer.isVersionIndex(name) ? versions(key, name)
                    : sized(key, name, type, session.read("ZCARD", c -> c.zcard(key))); // a weighted split
            case SET -> byName ? sized(key, name, type, session.read("SCARD", c -> c.scard(key))) : none();
            case STRING -> byName ? sized(key, name, type, session.read("STRLEN", c -> c.strlen(key))) : none();
            case LIST -> byName ? sized(key, name, type, session.read("LLEN", c -> c.llen(key))) : none();
            default -> none();
        };
    }

    /** A hash its name does not claim is kept only when it has both {@code dtype} and {@code shape} fields. */
    private CompletableFuture<Optional<Found>> rawArrayHash(byte[] key, String name) {
        CompletableFuture<List<KeyValue<byte[], byte[]>>> meta = session.read("HMGET", c -> c.hmget(key, DTYPE, SHAPE));
        CompletableFuture<Optional<Found>> found = meta.thenCompose(values ->
                values.stream().allMatch(KeyValue::hasValue) ? hash(key, name) : none());
        Futures.cancelTogether(found, meta);
        return found;
    }

    /** Its field names: every one for a hash of at most {@link #MAX_FIELD_NAMES} fields, else a sample of that many. */
    private CompletableFuture<Optional<Found>> hash(byte[] key, String name) {
        CompletableFuture<Long> length = session.read("HLEN", c -> c.hlen(key));
        CompletableFuture<List<byte[]>> fields = length.thenCompose(n -> n <= MAX_FIELD_NAMES
                ? session.read("HKEYS", c -> c.hkeys(key))
                : session.read("HRANDFIELD", c -> c.hrandfield(key, MAX_FIELD_NAMES)));
        // a hash of big values is a hash table, whose fields come back in no particular order: sort them as people do
        CompletableFuture<Optional<Found>> found = fields.thenApply(names -> length.join() == 0 ? Optional.empty()
                : Optional.of(new Found(key, new KeyEntry(name, RedisType.HASH, sorted(texts(names)), length.join()))));
        Futures.cancelTogether(found, length, fields);
        return found;
    }

    /** A versions sorted set: its members in score order, the oldest {@link #MAX_VERSION_MEMBERS}. */
    private CompletableFuture<Optional<Found>> versions(byte[] key, String name) {
        CompletableFuture<Long> size = session.read("ZCARD", c -> c.zcard(key));
        CompletableFuture<List<byte[]>> members = size.thenCompose(n ->
                session.read("ZRANGE", c -> c.zrange(key, 0, Math.min(n, MAX_VERSION_MEMBERS) - 1)));
        CompletableFuture<Optional<Found>> found = members.thenApply(m -> size.join() == 0 ? Optional.empty()
                : Optional.of(new Found(key, new KeyEntry(name, RedisType.ZSET, texts(m), size.join()))));
        Futures.cancelTogether(found, size, members);
        return found;
    }

    private static CompletableFuture<Optional<Found>> sized(byte[] key, String name, RedisType type,
                                                            CompletableFuture<Long> size) {
        // a key that went between SCAN and this command measures 0: a set or list of nothing is not kept (an empty
        // string is a value, but Redis keeps no empty sets or lists)
        CompletableFuture<Optional<Found>> found = size.thenApply(n -> n == 0 && type != RedisType.STRING ? Optional.empty()
                : Optional.of(new Found(key, new KeyEntry(name, type, List.of(), n))));
        Futures.cancelTogether(found, size);
        return found;
    }

    private static List<String> texts(List<byte[]> names) {
        List<String> out = new ArrayList<>(names.size());
        names.forEach(n -> out.add(Keys.display(n)));
        return out;
    }

    private static List<String> sorted(List<String> names) {
        names.sort(NaturalOrder.INSTANCE);
        return names;
    }

    private static CompletableFuture<Optional<Found>> none() {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    private static CompletableFuture<List<Found>> all(List<CompletableFuture<Optional<Found>>> each) {
        CompletableFuture<List<Found>> all = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    List<Found> found = new ArrayList<>();
                    each.forEach(f -> f.join().ifPresent(found::add));
                    return found;
                });
        Futures.cancelTogether(all, each.toArray(CompletableFuture[]::new));
        return all;
    }
}
