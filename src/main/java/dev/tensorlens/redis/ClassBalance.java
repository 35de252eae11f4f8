package dev.tensorlens.redis;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.NaturalOrder;
import dev.tensorlens.tensor.Tensor;
import io.lettuce.core.ScanCursor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The class balance of each split of a dataset, from labels kept beside its ids: a hash id → class, or an integer
 * array indexed by id (npy, or another format the value decoders read). Each split is read a page at a time
 * ({@code SSCAN}/{@code ZSCAN}); a hash's labels are fetched per page ({@code HMGET}), so memory stays at one page and
 * the class counts. An array has no way to be read per id, so it is read whole, and only up to
 * {@value ArrayReader#WHOLE_VALUE_MAX_BYTES} bytes.
 */
public final class ClassBalance {

    /** Split members per page, and so ids per {@code HMGET}. */
    static final int PAGE = 1000;
    /** The largest labels array read whole: the limit the Data view reads arrays whole to. */
    static final long ARRAY_WHOLE_MAX = ArrayReader.WHOLE_VALUE_MAX_BYTES;

    /**
     * Where a dataset's labels are.
     *
     * @param key         the labels key, as display text
     * @param kind        how an id finds its class
     * @param entries     fields of the hash, or elements of the array
     * @param description what it is, in words ({@code hash dataset:digits:labels: 14,000 ids → class})
     */
    public record LabelSource(String key, Kind kind, long entries, String description) {
        /** How an id finds its class. */
        public enum Kind {
            /** A hash whose fields are the ids and values the classes: {@code HMGET}. */
            HASH_BY_ID,
            /** An integer array whose element at index {@code id} is the class: ids must be integers. */
            ARRAY_BY_INDEX
        }

        public LabelSource {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * How many ids of each class each split holds.
     *
     * @param classes          every class met, in natural order ({@code 2} before {@code 10})
     * @param countsBySplit    split name → class → ids, splits in the dataset's order and every class in each (0 when
     *                         a split has none)
     * @param unlabeledBySplit split name → ids the labels did not cover (no field, an index out of range, an id that is
     *                         not a number for an array)
     */
    public record BalanceReport(LabelSource source, List<String> classes, Map<String, Map<String, Long>> countsBySplit,
                                Map<String, Long> unlabeledBySplit) {
        public BalanceReport {
            classes = List.copyOf(classes);
            Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
            countsBySplit.forEach((split, byClass) -> counts.put(split,
                    Collections.unmodifiableMap(new LinkedHashMap<>(byClass))));
            countsBySplit = Collections.unmodifiableMap(counts);
            unlabeledBySplit = Collections.unmodifiableMap(new LinkedHashMap<>(unlabeledBySplit));
        }
    }

    private final RedisSession session;

    public ClassBalance(RedisSession session) {
        this.session = Objects.requireNonNull(session);
    }

    /**
     * The labels beside {@code dataset}'s splits, probed by {@code TYPE} under the names people give them
     * ({@code dataset:digits:labels}, {@code mnist_labels}, {@code …:y}, {@code …:targets}): the first hash, or the
     * first integer array when the ids are integers. Empty when there is none.
     */
    public CompletableFuture<Optional<LabelSource>> findLabels(DatasetSplits dataset) {
        return new LabelProbe(session).find(Objects.requireNonNull(dataset));
    }

    /**
     * Counts the classes of every split's ids. {@code progress} hears 0 … 1 (ids counted of all splits' sizes) after
     * every page, on one of the session's threads. An array of more than {@value ArrayReader#WHOLE_VALUE_MAX_BYTES}
     * bytes is refused, saying why, before anything is read. Cancelling the future stops after the page in flight.
     */
    public CompletableFuture<BalanceReport> count(DatasetSplits dataset, LabelSource labels, Consumer<Double> progress) {
        Objects.requireNonNull(dataset);
        Objects.requireNonNull(labels);
        Objects.requireNonNull(progress);
        Counting counting = new Counting(dataset, labels, progress);
        counting.start();
        return counting.result;
    }

    /** The id as a non-negative integer (ASCII digits, as Python's {@code str(int)} writes it), or -1. */
    static long index(byte[] id) {
        if (id.length == 0 || id.length > 18) {
            return -1; // 18 digits always fit a long
        }
        long n = 0;
        for (byte b : id) {
            if (b < '0' || b > '9') {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }

    /** Classes for a page of ids, in order; null where an id has none. */
    private interface Labeler {
        CompletableFuture<List<String>> classes(List<byte[]> ids);
    }

    private Labeler hashLabeler(byte[] key) {
        return ids -> {
            byte[][] fields = ids.toArray(byte[][]::new);
            return Futures.map(session.read("HMGET", c -> c.hmget(key, fields)), values -> values.stream()
                    .map(kv -> kv.hasValue() ? Keys.display(kv.getValue()) : null).toList());
        };
    }

    private static Labeler arrayLabeler(Tensor labels) {
        long n = labels.elementCount();
        return ids -> {
            List<String> out = new ArrayList<>(ids.size());
            for (byte[] id : ids) {
                long i = index(id);
                out.add(i >= 0 && i < n ? Long.toString((long) labels.getDouble(i)) : null);
            }
            return CompletableFuture.completedFuture(out);
        };
    }

    /** The array read whole after its length was checked, decoded to an integer vector, or a failure saying why not. */
    private CompletableFuture<Labeler> readArray(LabelSource source) {
        byte[] key = Keys.bytes(source.key());
        CompletableFuture<Long> length = session.read("STRLEN", c -> c.strlen(key));
        return Futures.compose(length, n -> {
            if (n > ARRAY_WHOLE_MAX) {
                return CompletableFuture.failedFuture(new RedisOperationException("Counting classes", String.format(
                        Locale.ROOT, "The labels array %s is %,.1f MB, and an array is read whole to look ids up in it: "
                                + "only arrays up to %d MB are. Keep the labels in a hash (id → class), which is "
                                + "read a page at a time.", source.key(), n / 1048576.0, ARRAY_WHOLE_MAX >> 20), null));
            }
            return Futures.mapAsync(new ValueReader(session).readString(key, n, done -> { }), bytes -> {
                Tensor t = LabelProbe.integerArray(bytes, source.key()).orElseThrow(() -> new RedisOperationException(
                        "Counting classes", "The value of " + source.key() + " is not an integer array of one "
                        + "dimension any more, so it cannot label ids.", null));
                return arrayLabeler(t);
            }, session.executor());
        });
    }

    /** One count: the splits' sizes and the labeler first, then every split a page at a time. */
    private final class Counting {
        final CompletableFuture<BalanceReport> result = new CompletableFuture<>();
        final DatasetSplits dataset;
        final LabelSource source;
        final Consumer<Double> progress;
        /** The step in flight, cancelled with the result: the walk behind it then stops after its page. */
        final StepInFlight step = new StepInFlight(result);
        final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        final Map<String, Long> unlabeled = new LinkedHashMap<>();
        Labeler labeler;
        long total;
        long done;

        Counting(DatasetSplits dataset, LabelSource source, Consumer<Double> progress) {
            this.dataset = dataset;
            this.source = source;
            this.progress = progress;
        }

        void start() {
            SetOverlap sizing = new SetOverlap(session, 0, PAGE);
            List<CompletableFuture<Long>> sizes = dataset.splits().stream()
                    .map(s -> sizing.size(DatasetOverlaps.side(s))).toList();
            CompletableFuture<Labeler> labels = source.kind() == LabelSource.Kind.HASH_BY_ID
                    ? CompletableFuture.completedFuture(hashLabeler(Keys.bytes(source.key()))) : readArray(source);
            CompletableFuture<Void> ready = step.track(CompletableFuture.allOf(
                    CompletableFuture.allOf(sizes.toArray(CompletableFuture[]::new)), labels));
            Futures.cancelTogether(ready, labels);
            ready.whenCompleteAsync((v, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(RedisErrors.unwrap(failure));
                    return;
                }
                total = sizes.stream().mapToLong(CompletableFuture::join).sum();
                labeler = labels.join();
                for (DatasetSplits.Split s : dataset.splits()) {
                    counts.put(s.name(), new HashMap<>());
                    unlabeled.put(s.name(), 0L);
                }
                page(0, ScanCursor.INITIAL);
            }, session.executor());
        }

        /** Reads the page of split {@code i} at {@code cursor}, counts it, then goes on. */
        void page(int i, ScanCursor cursor) {
            if (result.isDone()) {
                return; // cancelled: stop after the page in flight
            }
            if (i == dataset.splits().size()) {
                progress.accept(1.0);
                result.complete(report());
                return;
            }
            DatasetSplits.Split split = dataset.splits().get(i);
            CompletableFuture<SetOverlap.Page> page = new SetOverlap(session, 0, PAGE)
                    .scan(DatasetOverlaps.side(split), cursor);
            CompletableFuture<SetOverlap.Page> counted = step.track(Futures.compose(page, p -> p.members().isEmpty()
                    ? CompletableFuture.completedFuture(p)
                    : Futures.mapAsync(labeler.classes(p.members()), classes -> {
                        add(split.name(), classes);
                        return p;
                    }, session.executor())));
            counted.whenCompleteAsync((p, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(RedisErrors.unwrap(failure));
                    return;
                }
                done += p.members().size();
                progress.accept(total == 0 ? 1.0 : Math.min(1.0, (double) done / total));
                if (p.next() == null) {
                    page(i + 1, ScanCursor.INITIAL);
                } else {
                    page(i, p.next());
                }
            }, session.executor());
        }

        void add(String split, List<String> classes) {
            Map<String, Long> byClass = counts.get(split);
            long missing = 0;
            for (String c : classes) {
                if (c == null) {
                    missing++;
                } else {
                    byClass.merge(c, 1L, Long::sum);
                }
            }
            unlabeled.merge(split, missing, Long::sum);
        }

        BalanceReport report() {
            TreeSet<String> classes = new TreeSet<>(NaturalOrder.INSTANCE);
            counts.values().forEach(m -> classes.addAll(m.keySet()));
            Map<String, Map<String, Long>> filled = new LinkedHashMap<>();
            counts.forEach((split, byClass) -> {
                Map<String, Long> all = new LinkedHashMap<>();
                classes.forEach(c -> all.put(c, byClass.getOrDefault(c, 0L)));
                filled.put(split, all);
            });
            return new BalanceReport(source, new ArrayList<>(classes), filled, unlabeled);
        }
    }
}
