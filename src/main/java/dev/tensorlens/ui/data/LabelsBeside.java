package dev.tensorlens.ui.data;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.mlstate.CachedArrayGroups;
import dev.tensorlens.redis.ArrayHeader;
import dev.tensorlens.redis.ArrayReader;
import dev.tensorlens.redis.Futures;
import dev.tensorlens.redis.TensorLoader;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The labels that sit beside a batch — an integer array of the same prefix named {@code labels}, {@code y} or
 * {@code targets} with one value per sample — read whole (they are small), with the class names when a list of them
 * sits beside too, and the count of each class. An array that is not integers or not one per sample is not taken,
 * and the reason is said. Changed on the UI thread.
 */
public final class LabelsBeside {

    /** Labels are read whole up to this many; a labels array longer than that is not a batch's. */
    static final long MAX_LABELS = 10_000_000;
    /** Class ids up to this are counted densely (absent ones as 0); beyond it they are ids, not classes. */
    static final long MAX_DENSE_CLASSES = 1000;

    /**
     * The labels of a batch: one per sample, in order.
     *
     * @param names class names by label value, when a list of them was found; empty otherwise
     */
    public record Labels(CachedArray source, long[] values, List<String> names, Map<Long, Long> counts) {
        /** The class name of {@code label}, or the number itself. */
        public String name(long label) {
            return label >= 0 && label < names.size() ? names.get((int) label) : Long.toString(label);
        }

        public long count() {
            return values.length;
        }
    }

    private final Jobs jobs;
    private final ReadOnlyObjectWrapper<Labels> labels = new ReadOnlyObjectWrapper<>(this, "labels");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note");

    /** The batch shown when no array of labels was listed beside it (null: none): looked for again as more are. */
    private ArrayHeader awaitingLabels;

    LabelsBeside(UiExecutor ui) {
        this.jobs = new Jobs(ui);
    }

    /** Looks for the labels of {@code batch}, which has {@code samples} samples, among {@code all}. */
    void show(ArrayReader r, ArrayHeader batch, long samples, List<CachedArray> all) {
        clear();
        if (batch.kind() != ArrayHeader.Kind.TENSOR) {
            return;
        }
        Optional<CachedArray> beside = CachedArrayGroups.labelsBeside(batch.array(), all);
        if (beside.isEmpty()) {
            awaitingLabels = batch;
            return;
        }
        CachedArray source = beside.get();
        Optional<CachedArray> namesAt = CachedArrayGroups.classNamesBeside(batch.array(), all);
        jobs.<Labels>replacing("Reading the labels " + source.location().key())
                .onSuccess(labels::set)
                .onFailure(note::set)
                .start(() -> Futures.compose(Futures.compose(r.headers(source), headers -> read(r, source, headers,
                        samples)), values -> Futures.map(names(r, namesAt, all),
                        names -> new Labels(source, values, names, counts(values, names.size())))));
    }

    private static CompletableFuture<long[]> read(ArrayReader r, CachedArray source, List<ArrayHeader> headers,
                                                  long samples) {
        String name = source.label();
        if (headers.isEmpty() || headers.get(0).kind() != ArrayHeader.Kind.TENSOR) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " beside it holds no array of "
                    + "labels" + (headers.isEmpty() || headers.get(0).problem() == null ? "" : ": "
                    + headers.get(0).problem())));
        }
        ArrayHeader h = headers.get(0);
        DType.Kind kind = h.dtype().kind();
        if (kind != DType.Kind.SIGNED && kind != DType.Kind.UNSIGNED) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " beside it is " + h.dtype()
                    + ", not integers, so it is not read as labels."));
        }
        if (samples > MAX_LABELS) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " beside it is not read as labels: "
                    + "a batch of " + samples + " samples has more than the " + MAX_LABELS + " labels read whole."));
        }
        if (h.elementCount() != samples || h.shape().length == 0 || h.shape()[0] != samples) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " beside it has shape "
                    + Tensor.shapeText(h.shape()) + ", not one label for each of the " + samples + " samples."));
        }
        return Futures.map(r.read(h, 0, new long[] {samples}, TensorLoader.Progress.NONE), LabelsBeside::values);
    }

    private static CompletableFuture<List<String>> names(ArrayReader r, Optional<CachedArray> at,
                                                         List<CachedArray> all) {
        if (at.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return Futures.compose(r.headers(at.get()), headers -> headers.isEmpty()
                || headers.get(0).kind() != ArrayHeader.Kind.TEXT
                ? CompletableFuture.completedFuture(List.<String>of())
                : Futures.map(r.text(headers.get(0), 0, 10_000), ArrayReader.TextPage::items))
                .exceptionally(e -> List.of()); // names are a courtesy: the numbers still say which class
    }

    /** The labels exactly, int64 and uint64 included (a double holds only 53 bits). */
    private static long[] values(Tensor t) {
        long[] values = new long[(int) t.elementCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = t.getLong(i);
        }
        return values;
    }

    /**
     * How many samples each class has. Class ids 0…n (n the largest label, or the last class name) that no sample has
     * are counted as 0: an empty class is the imbalance most worth seeing. Sparse or negative ids are counted as found.
     */
    static Map<Long, Long> counts(long[] values, int classNames) {
        Map<Long, Long> counts = new TreeMap<>();
        if (Arrays.stream(values).distinct().limit(MAX_DENSE_CLASSES + 1).count() > MAX_DENSE_CLASSES) {
            return counts; // ids, not classes: no balance to chart (the note says so)
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long v : values) {
            counts.merge(v, 1L, Long::sum);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        long last = Math.max(max, classNames - 1L);
        if (values.length > 0 && min >= 0 && last < MAX_DENSE_CLASSES) {
            for (long k = 0; k <= last; k++) {
                counts.putIfAbsent(k, 0L);
            }
        }
        return counts;
    }

    /**
     * The catalogue listed more arrays: when {@code batch}'s labels were looked for before their array was listed (a
     * batch opened while the catalogue's walk goes on lists its labels a moment later), they are looked for again.
     */
    void catalogueGrew(ArrayReader r, ArrayHeader batch, long samples, List<CachedArray> all) {
        if (batch != null && batch == awaitingLabels && CachedArrayGroups.labelsBeside(batch.array(), all).isPresent()) {
            show(r, batch, samples, all);
        }
    }

    void clear() {
        awaitingLabels = null;
        jobs.cancelAll();
        labels.set(null);
        note.set(null);
    }

    /** The labels found beside the batch; null when there are none. */
    public ReadOnlyObjectProperty<Labels> labelsProperty() {
        return labels.getReadOnlyProperty();
    }

    /** Why an array beside the batch was not taken as its labels, in words; null otherwise. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }
}
