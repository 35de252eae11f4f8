package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetGroups;
import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.NaturalOrder;
import dev.tensorlens.mlstate.RedisType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The sets a user can group into a dataset by hand when their names follow no convention the rules know: a search of
 * the keyspace for sets and sorted sets whose names match a pattern, and the sizes of a dataset's splits read again.
 *
 * <p>Only names and sizes are read ({@code SCAN … MATCH … TYPE}, {@code TYPE}, {@code SCARD}, {@code ZCARD}), never
 * members. On a cluster every master is searched ({@link KeyScanner}). Cancelling a returned future stops the search
 * and drops the commands still on their way.
 */
public final class SetFinder {

    /** The types searched, in this order: plain sets, then sorted sets of weighted ids. */
    private static final List<RedisType> TYPES = List.of(RedisType.SET, RedisType.ZSET);

    private final RedisSession session;

    public SetFinder(RedisSession session) {
        this.session = Objects.requireNonNull(session);
    }

    /**
     * Sets and sorted sets whose key matches a Redis glob, each with its size and a split name guessed from the key
     * ({@link DatasetGroups#splitName}), ordered by key (natural order).
     *
     * @param globPattern a {@code SCAN MATCH} pattern such as {@code *train*}; {@code *} for every set
     * @param limit       at most this many are returned: the search stops once it has them (which ones is up to
     *                    the order SCAN visits the keyspace in)
     */
    public CompletableFuture<List<DatasetSplits.Split>> find(String globPattern, int limit) {
        if (limit <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        Search search = new Search(ScanRequest.all().withMatch(Keys.bytes(globPattern)), limit);
        search.pass(0);
        return search.result;
    }

    /**
     * The dataset with the type and size of every split read again. A key that is gone measures 0; a key that now
     * holds something other than a set or sorted set fails the future with a sentence that names it.
     */
    public CompletableFuture<DatasetSplits> describe(DatasetSplits dataset) {
        List<CompletableFuture<DatasetSplits.Split>> each = new ArrayList<>();
        for (DatasetSplits.Split split : dataset.splits()) {
            each.add(describe(split));
        }
        CompletableFuture<DatasetSplits> all = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .handle((v, failure) -> {
                    if (failure != null) {
                        throw RedisErrors.wrap("Reading the sizes of dataset '" + dataset.name() + "'", failure);
                    }
                    return new DatasetSplits(dataset.name(), each.stream().map(CompletableFuture::join).toList(),
                            dataset.manual());
                });
        Futures.cancelTogether(all, each.toArray(CompletableFuture[]::new));
        return all;
    }

    private CompletableFuture<DatasetSplits.Split> describe(DatasetSplits.Split split) {
        byte[] key = Keys.bytes(split.key());
        CompletableFuture<String> type = session.read("TYPE", c -> c.type(key));
        return Futures.compose(type, reply -> {
            if ("none".equalsIgnoreCase(reply)) {
                // deleted since it was grouped: an empty split, which is what Redis makes of an empty set anyway
                return CompletableFuture.completedFuture(split.withSize(0));
            }
            RedisType now = RedisType.fromTypeReply(reply);
            if (now != RedisType.SET && now != RedisType.ZSET) {
                return CompletableFuture.failedFuture(new RedisOperationException("TYPE",
                        "'" + split.key() + "' is no longer a set or sorted set: it holds a " + reply.strip()
                                + " now, so it cannot be split '" + split.name() + "'.", null));
            }
            return Futures.map(size(key, now), n -> new DatasetSplits.Split(split.name(), split.key(), now, n));
        });
    }

    private CompletableFuture<Long> size(byte[] key, RedisType type) {
        return type == RedisType.ZSET
                ? session.read("ZCARD", c -> c.zcard(key))
                : session.read("SCARD", c -> c.scard(key));
    }

    /** One search: a scan per type, one after the other, then the sizes of what they found. */
    private final class Search {
        final CompletableFuture<List<DatasetSplits.Split>> result = new CompletableFuture<>();
        final ScanRequest request;
        final int limit;
        /** Found keys by their exact bytes, in the order found; guarded by itself. */
        final Map<ByteBuffer, RedisType> found = new LinkedHashMap<>();
        volatile ScanHandle scan;
        volatile CompletableFuture<?> sizing;

        Search(ScanRequest request, int limit) {
            this.request = request;
            this.limit = limit;
            result.whenComplete((v, e) -> {
                if (result.isCancelled()) {
                    // latest wins: the scan page in flight and the sizes on their way are not wanted either
                    ScanHandle s = scan;
                    if (s != null) {
                        s.result().cancel(true);
                    }
                    CompletableFuture<?> z = sizing;
                    if (z != null) {
                        z.cancel(true);
                    }
                }
            });
        }

        void pass(int index) {
            if (result.isDone()) {
                return;
            }
            if (index == TYPES.size() || full()) {
                sizeAll();
                return;
            }
            RedisType type = TYPES.get(index);
            ScanHandle s = new KeyScanner(session).scan(request.withType(type.name().toLowerCase(Locale.ROOT)),
                    page -> keep(page, type));
            scan = s;
            if (result.isCancelled()) {
                s.result().cancel(true); // cancelled before the handle was there to cancel
                return;
            }
            if (full()) {
                s.cancel(); // the first pages filled the search before the handle was there to stop it
            }
            s.result().whenComplete((summary, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(RedisErrors.wrap("Searching for sets matching "
                            + Keys.display(request.match()), failure));
                } else {
                    pass(index + 1);
                }
            });
        }

        /** A Lettuce thread, one page at a time: keeps keys up to the limit, then asks the scan to stop. */
        private void keep(List<byte[]> page, RedisType type) {
            synchronized (found) {
                for (byte[] key : page) {
                    if (found.size() >= limit) {
                        break;
                    }
                    found.putIfAbsent(ByteBuffer.wrap(key), type); // SCAN may name a key twice
                }
            }
            ScanHandle s = scan;
            if (full() && s != null) {
                s.cancel(); // stops after the page in flight, whose keys are dropped
            }
        }

        private boolean full() {
            synchronized (found) {
                return found.size() >= limit;
            }
        }

        private void sizeAll() {
            List<Map.Entry<ByteBuffer, RedisType>> keys;
            synchronized (found) {
                keys = new ArrayList<>(found.entrySet());
            }
            List<CompletableFuture<DatasetSplits.Split>> each = new ArrayList<>(keys.size());
            for (Map.Entry<ByteBuffer, RedisType> e : keys) {
                byte[] key = e.getKey().array();
                String name = Keys.display(key);
                each.add(Futures.map(size(key, e.getValue()),
                        n -> new DatasetSplits.Split(DatasetGroups.splitName(name), name, e.getValue(), n)));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
            Futures.cancelTogether(all, each.toArray(CompletableFuture[]::new));
            sizing = all;
            if (result.isCancelled()) {
                all.cancel(true);
                return;
            }
            all.whenComplete((v, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(RedisErrors.wrap("Reading the sizes of the sets found", failure));
                    return;
                }
                List<DatasetSplits.Split> splits = new ArrayList<>();
                for (CompletableFuture<DatasetSplits.Split> f : each) {
                    DatasetSplits.Split split = f.join();
                    if (split.size() > 0) { // gone between SCAN and its size: Redis keeps no empty sets
                        splits.add(split);
                    }
                }
                splits.sort(Comparator.comparing(DatasetSplits.Split::key, NaturalOrder.INSTANCE));
                result.complete(List.copyOf(splits));
            });
        }
    }
}
