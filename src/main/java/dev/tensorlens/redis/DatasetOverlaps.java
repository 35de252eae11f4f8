package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.NaturalOrder;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.mlstate.SplitRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * How a dataset's splits relate: the size of each, and for every pair how many ids they share (a leak when a training
 * split shares ids with an evaluation split) with a few of those ids as examples. Nothing loads a whole split:
 * <ul>
 *   <li>Sizes are {@code SCARD}/{@code ZCARD}.</li>
 *   <li>On Redis 7 and later, with both keys in one slot, the server counts: {@code SINTERCARD} for two sets,
 *       {@code ZINTERCARD} when a sorted set is involved (it takes plain sets too). Examples are then read only when
 *       the count is above 0, by walking the smaller split until it has met {@code min(count, sampleLimit)} shared
 *       ids — for a small leak in a big split that is often far less than the whole walk.</li>
 *   <li>Otherwise (older servers, keys in different slots of a cluster) the smaller split is read in pages and each
 *       page checked against the other ({@link SetOverlap}); count and examples come from that one walk.</li>
 * </ul>
 * Pairs are measured one after another, so the server sees one page at a time from here whatever the dataset's size.
 */
public final class DatasetOverlaps {

    /** {@code ZINTERCARD} arrived with {@code SINTERCARD}, in Redis 7.0. */
    static final int ZINTERCARD_SINCE = SetMembership.SINTERCARD_SINCE;

    /**
     * What two splits share.
     *
     * @param a      the first split's name (earlier in the dataset's split order)
     * @param b      the second split's name
     * @param count  ids in both
     * @param sample up to the limit asked for of those ids, as exact bytes, in natural order of their text (so
     *               {@code 7} comes before {@code 123}); empty when {@code count} is 0
     */
    public record PairOverlap(String a, String b, long count, List<byte[]> sample) {
        public PairOverlap {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
            sample = List.copyOf(sample);
        }

        /** Ids shared by a training split and an evaluation (validation or test) split: the model saw what it is judged on. */
        public boolean leak() {
            return count > 0 && (isTrainAndEvaluation(SplitRole.of(a), SplitRole.of(b))
                    || isTrainAndEvaluation(SplitRole.of(b), SplitRole.of(a)));
        }

        private static boolean isTrainAndEvaluation(SplitRole x, SplitRole y) {
            return x == SplitRole.TRAIN && (y == SplitRole.VALIDATION || y == SplitRole.TEST);
        }
    }

    /**
     * A measured dataset.
     *
     * @param dataset  the dataset with every split's size filled in
     * @param overlaps every pair of splits once, in the dataset's split order ({@code train ∩ val}, {@code train ∩
     *                 test}, {@code val ∩ test}), also those that share nothing
     */
    public record DatasetReport(DatasetSplits dataset, List<PairOverlap> overlaps) {
        public DatasetReport {
            Objects.requireNonNull(dataset, "dataset");
            overlaps = List.copyOf(overlaps);
        }

        /** Whether any training split shares ids with an evaluation split ({@link PairOverlap#leak()}). */
        public boolean leaks() {
            return overlaps.stream().anyMatch(PairOverlap::leak);
        }

        /** The overlap of the two splits named, in either order. */
        public Optional<PairOverlap> overlap(String a, String b) {
            return overlaps.stream().filter(o -> o.a().equals(a) && o.b().equals(b)
                    || o.a().equals(b) && o.b().equals(a)).findFirst();
        }
    }

    private final RedisSession session;
    /** The version to act as if the server had, for tests and benchmarks of the older paths; null asks the session. */
    private final Integer assumedVersion;

    public DatasetOverlaps(RedisSession session) {
        this(session, null);
    }

    private DatasetOverlaps(RedisSession session, Integer assumedVersion) {
        this.session = Objects.requireNonNull(session);
        this.assumedVersion = assumedVersion;
    }

    /**
     * The same measurements choosing their commands as if the server were {@code version} (major × 100 + minor,
     * such as 602 for the page-by-page count with {@code SMISMEMBER}, 600 for pipelined {@code SISMEMBER}): for tests
     * and benchmarks of the paths older servers take.
     */
    public DatasetOverlaps assumingVersion(int version) {
        return new DatasetOverlaps(session, version);
    }

    private CompletableFuture<Integer> version() {
        return assumedVersion != null ? CompletableFuture.completedFuture(assumedVersion) : session.versionNumber();
    }

    /**
     * Measures {@code dataset}: every split's size, then every pair's shared ids with up to {@code sampleLimit} of
     * them. {@code progress} hears ids checked of all pairs together (each pair counts as its smaller split), on one
     * of the session's threads, never the caller's. Cancelling the future stops after the page in flight. A split key
     * that is gone counts as empty; one of another type fails the measurement with the server's reason.
     */
    public CompletableFuture<DatasetReport> measure(DatasetSplits dataset, int sampleLimit,
                                                    Consumer<OverlapProgress> progress) {
        Objects.requireNonNull(dataset);
        Objects.requireNonNull(progress);
        if (sampleLimit < 0) {
            throw new IllegalArgumentException("sampleLimit " + sampleLimit);
        }
        Measurement m = new Measurement(dataset, sampleLimit, progress);
        m.start();
        return m.result;
    }

    /**
     * Every id in both splits, up to {@code limit}, in no particular order: what a leakage fix removes from
     * the evaluation side. The smaller split is read a page at a time and the walk stops once {@code limit} are found,
     * so memory stays at {@code limit} ids and one page. Cancelling the future stops after the page in flight.
     */
    public CompletableFuture<List<byte[]>> shared(DatasetSplits.Split a, DatasetSplits.Split b, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit);
        }
        CompletableFuture<List<byte[]>> result = new CompletableFuture<>();
        if (limit == 0) {
            result.complete(List.of());
            return result;
        }
        CompletableFuture<Integer> version = version();
        Futures.cancelTogether(result, version);
        version.whenCompleteAsync((v, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.unwrap(failure));
                return;
            }
            CompletableFuture<List<byte[]>> found = new CompletableFuture<>();
            Futures.cancelTogether(result, found);
            new SetOverlap(session, v, SetMembership.OVERLAP_PAGE).members(side(a), side(b), limit, found);
            // not sorted: the leak fix wants them all, in any order, and sorting a million texts would cost seconds
            found.whenComplete((list, e) -> complete(result, list, e));
        }, session.executor());
        return result;
    }

    static SetOverlap.Side side(DatasetSplits.Split split) {
        return new SetOverlap.Side(Keys.bytes(split.key()), split.type() == RedisType.ZSET);
    }

    /** Ids as people read them: numbers by value ({@code 7} before {@code 123}), the rest by their text. */
    /** A sample (at most a page) in the order people read numbers: 7 before 123. Each text is made once. */
    static List<byte[]> naturalOrder(List<byte[]> ids) {
        List<Map.Entry<String, byte[]>> named = new ArrayList<>(ids.size());
        ids.forEach(id -> named.add(Map.entry(Keys.display(id), id)));
        named.sort(Map.Entry.comparingByKey(NaturalOrder.INSTANCE));
        return named.stream().map(Map.Entry::getValue).toList();
    }

    private static <T> void complete(CompletableFuture<T> result, T value, Throwable failure) {
        if (failure != null) {
            result.completeExceptionally(RedisErrors.unwrap(failure));
        } else {
            result.complete(value);
        }
    }

    /** One measurement of one dataset: sizes first, then one pair at a time. */
    private final class Measurement {
        final CompletableFuture<DatasetReport> result = new CompletableFuture<>();
        final DatasetSplits asked;
        final int sampleLimit;
        final Consumer<OverlapProgress> progress;
        /** The step in flight, cancelled with the result: the walk behind it then stops after its page. */
        final StepInFlight step = new StepInFlight(result);
        final List<PairOverlap> overlaps = new ArrayList<>();
        DatasetSplits sized;
        int version;
        long checkedBefore;
        long grandTotal;

        Measurement(DatasetSplits asked, int sampleLimit, Consumer<OverlapProgress> progress) {
            this.asked = asked;
            this.sampleLimit = sampleLimit;
            this.progress = progress;
        }

        void start() {
            List<CompletableFuture<Long>> sizes = new ArrayList<>();
            SetOverlap sizing = new SetOverlap(session, 0, SetMembership.OVERLAP_PAGE);
            for (DatasetSplits.Split s : asked.splits()) {
                sizes.add(sizing.size(side(s)));
            }
            CompletableFuture<Integer> v = version();
            CompletableFuture<Void> all = step.track(CompletableFuture.allOf(
                    CompletableFuture.allOf(sizes.toArray(CompletableFuture[]::new)), v));
            Futures.cancelTogether(all, sizes.toArray(CompletableFuture[]::new));
            all.whenCompleteAsync((ignored, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(RedisErrors.unwrap(failure));
                    return;
                }
                List<DatasetSplits.Split> splits = new ArrayList<>();
                for (int i = 0; i < asked.splits().size(); i++) {
                    splits.add(asked.splits().get(i).withSize(sizes.get(i).join()));
                }
                sized = new DatasetSplits(asked.name(), splits, asked.manual());
                version = v.join();
                for (int i = 0; i < splits.size(); i++) {
                    for (int j = i + 1; j < splits.size(); j++) {
                        grandTotal += Math.min(splits.get(i).size(), splits.get(j).size());
                    }
                }
                progress.accept(new OverlapProgress(0, grandTotal));
                pair(0, 1);
            }, session.executor());
        }

        /** Measures the pair (i, j), then the next one; completes the result after the last. */
        void pair(int i, int j) {
            List<DatasetSplits.Split> splits = sized.splits();
            if (result.isDone()) {
                return; // cancelled
            }
            if (j >= splits.size()) {
                if (i + 1 >= splits.size() - 1) {
                    result.complete(new DatasetReport(sized, overlaps));
                } else {
                    pair(i + 1, i + 2);
                }
                return;
            }
            DatasetSplits.Split a = splits.get(i);
            DatasetSplits.Split b = splits.get(j);
            long pairTotal = Math.min(a.size(), b.size());
            Consumer<OverlapProgress> within = p -> progress.accept(
                    new OverlapProgress(checkedBefore + Math.min(p.checked(), pairTotal), grandTotal));
            step.track(overlap(a, b, within)).whenComplete((o, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(RedisErrors.unwrap(failure));
                    return;
                }
                overlaps.add(o);
                checkedBefore += pairTotal;
                progress.accept(new OverlapProgress(checkedBefore, grandTotal));
                pair(i, j + 1);
            });
        }

        CompletableFuture<PairOverlap> overlap(DatasetSplits.Split a, DatasetSplits.Split b,
                                               Consumer<OverlapProgress> within) {
            SetOverlap.Side sa = side(a);
            SetOverlap.Side sb = side(b);
            SetOverlap walker = new SetOverlap(session, version, SetMembership.OVERLAP_PAGE);
            if (a.size() == 0 || b.size() == 0) {
                return CompletableFuture.completedFuture(new PairOverlap(a.name(), b.name(), 0, List.of()));
            }
            if (version >= ZINTERCARD_SINCE && SetMembership.sameSlot(session, sa.key(), sb.key())) {
                CompletableFuture<Long> count = sa.sorted() || sb.sorted()
                        ? session.read("ZINTERCARD", c -> c.zintercard(sa.key(), sb.key()))
                        : session.read("SINTERCARD", c -> c.sintercard(sa.key(), sb.key()));
                return Futures.compose(count, n -> {
                    int wanted = (int) Math.min(n, sampleLimit);
                    if (wanted == 0) {
                        return CompletableFuture.completedFuture(new PairOverlap(a.name(), b.name(), n, List.of()));
                    }
                    // stops as soon as it has met every shared id it is asked for
                    CompletableFuture<List<byte[]>> sample = new CompletableFuture<>();
                    walker.members(sa, sb, wanted, sample);
                    return Futures.map(sample, s -> new PairOverlap(a.name(), b.name(), n, naturalOrder(s)));
                });
            }
            CompletableFuture<SetOverlap.Found> found = new CompletableFuture<>();
            walker.countAndSample(sa, sb, sampleLimit, within, found);
            return Futures.map(found, f -> new PairOverlap(a.name(), b.name(), f.count(), naturalOrder(f.sample())));
        }
    }
}
