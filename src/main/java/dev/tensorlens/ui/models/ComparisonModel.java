package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.CheckpointContents;
import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelVersion;
import dev.tensorlens.mlstate.VersionDiff;
import dev.tensorlens.redis.CheckpointReader;
import dev.tensorlens.redis.Futures;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.TensorComparison;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * Two checkpoints of the open model side by side: every layer paired by name, and for each pair that can be compared
 * the L2 norm of the change, the relative change, the cosine similarity and the largest difference, computed in the
 * background layer by layer. The layer the user picks is read on both sides for a difference heatmap and overlaid
 * histograms. When the newer side was the latest version and a newer one appears (Live), the comparison moves on to
 * it by itself. Changed on the UI thread.
 */
public final class ComparisonModel {

    public enum Phase { EMPTY, LOADING, LOADED, FAILED }

    /** Layers larger than this are left out of the per-layer figures (the picked layer is still read). */
    static final long MAX_BYTES = 512L << 20;

    private final Executor background;
    private final Jobs listing;
    private final Jobs picking;
    private final ReadQueue<ComparisonRow, TensorComparison> figures;
    private final ObservableList<String> versions = FXCollections.observableArrayList();
    private final ObjectProperty<String> before = new SimpleObjectProperty<>(this, "before");
    private final ObjectProperty<String> after = new SimpleObjectProperty<>(this, "after");
    private final ObservableList<ComparisonRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.EMPTY);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private final ReadOnlyObjectWrapper<ComparisonRow> picked = new ReadOnlyObjectWrapper<>(this, "picked");
    private final ReadOnlyObjectWrapper<Tensor> beforeTensor = new ReadOnlyObjectWrapper<>(this, "beforeTensor");
    private final ReadOnlyObjectWrapper<Tensor> afterTensor = new ReadOnlyObjectWrapper<>(this, "afterTensor");
    private final ReadOnlyObjectWrapper<Tensor> difference = new ReadOnlyObjectWrapper<>(this, "difference");
    private final ReadOnlyStringWrapper pickMessage = new ReadOnlyStringWrapper(this, "pickMessage");
    private final List<Runnable> figureListeners = new ArrayList<>();
    /** Figures already computed, kept until one of their keys is written. */
    private final Map<String, TensorComparison> computed = new ConcurrentHashMap<>();

    private CheckpointReader reader;
    private ModelEntry model;
    private BiFunction<ModelEntry, ModelVersion, CompletableFuture<CheckpointContents>> contentsOf;
    private boolean choosing;

    ComparisonModel(UiExecutor ui, Executor background) {
        this.background = background;
        this.listing = new Jobs(ui);
        this.picking = new Jobs(ui);
        this.figures = new ReadQueue<>(ui, 2, row -> "Comparing " + row.name(), this::figuresOf,
                ComparisonRow::show, ComparisonRow::failed);
        figures.afterEach(() -> figureListeners.forEach(Runnable::run));
        before.addListener((obs, old, v) -> compareIfChosen());
        after.addListener((obs, old, v) -> compareIfChosen());
    }

    /**
     * The model whose versions can be compared; {@code contentsOf} lists a version (cached by the caller). The newest
     * two versions are compared at first, or the ones already chosen when they still exist.
     */
    void open(CheckpointReader newReader, ModelEntry newModel,
              BiFunction<ModelEntry, ModelVersion, CompletableFuture<CheckpointContents>> lister) {
        boolean sameModel = model != null && model.isSameModel(newModel);
        String wasLatest = versions.isEmpty() ? null : versions.get(versions.size() - 1);
        reader = newReader;
        model = newModel;
        contentsOf = lister;
        List<String> names = newModel == null ? List.of() : newModel.versionNames();
        choosing = true;
        versions.setAll(names);
        if (names.size() < 2) {
            before.set(null);
            after.set(null);
        } else if (!sameModel || !names.contains(before.get()) || !names.contains(after.get())) {
            before.set(names.get(names.size() - 2));
            after.set(names.get(names.size() - 1));
        } else if (after.get().equals(wasLatest) && !wasLatest.equals(names.get(names.size() - 1))) {
            after.set(names.get(names.size() - 1)); // Live: the newest version arrived, follow it
        }
        choosing = false;
        compareIfChosen();
    }

    private CompletableFuture<TensorComparison> figuresOf(ComparisonRow row) {
        TensorComparison known = computed.get(id(row));
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        CompletableFuture<Tensor> a = reader.load(row.pair().before(), MAX_BYTES, (d, t) -> { });
        CompletableFuture<Tensor> b = reader.load(row.pair().after(), MAX_BYTES, (d, t) -> { });
        CompletableFuture<TensorComparison> c = a.thenCombineAsync(b, TensorComparison::of, background);
        Futures.cancelTogether(c, a, b);
        return Futures.map(c, figures -> {
            computed.put(id(row), figures);
            return figures;
        });
    }

    /** A pair of values by where they live: the same two values give the same figures, whichever versions hold them. */
    private static String id(ComparisonRow row) {
        return place(row.pair().before()) + '\u0001' + place(row.pair().after());
    }

    private static String place(LayerInfo l) {
        return l.source().key() + '\u0000' + l.source().field() + '\u0000' + l.part();
    }

    private String shownPair;

    private void compareIfChosen() {
        if (choosing) {
            return;
        }
        String pairNow = model == null || before.get() == null || after.get() == null ? null
                : model.name() + "\u0000" + before.get() + "\u0000" + after.get()
                + "\u0000" + model.version(before.get()).orElse(null) + model.version(after.get()).orElse(null);
        if (pairNow != null && pairNow.equals(shownPair) && phase.get() != Phase.FAILED) {
            return; // the same two versions as listed: nothing is read again
        }
        shownPair = pairNow;
        figures.stop();
        listing.cancelAll();
        picking.cancelAll();
        rows.clear();
        clearPicked();
        if (pairNow == null) {
            phase.set(Phase.EMPTY);
            message.set(model == null ? null : "This model has one version: there is nothing to compare yet.");
            return;
        }
        ModelVersion a = model.version(before.get()).orElseThrow();
        ModelVersion b = model.version(after.get()).orElseThrow();
        phase.set(Phase.LOADING);
        message.set("Listing " + a.version() + " and " + b.version() + "…");
        listing.<List<VersionDiff.Pair>>replacing("Pairing " + a.version() + " with " + b.version())
                .onSuccess(pairs -> {
                    List<ComparisonRow> made = pairs.stream().map(ComparisonRow::new).toList();
                    rows.setAll(made);
                    phase.set(Phase.LOADED);
                    message.set(null);
                    figures.addAll(made.stream().filter(ComparisonRow::comparable).toList());
                    figureListeners.forEach(Runnable::run);
                })
                .onFailure(sentence -> {
                    phase.set(Phase.FAILED);
                    message.set(sentence);
                })
                .start(() -> contentsOf.apply(model, a).thenCombine(contentsOf.apply(model, b), VersionDiff::of));
    }

    /** Reads the picked layer on both sides for the difference heatmap and the overlaid histograms. */
    public void pick(ComparisonRow row) {
        picking.cancelAll();
        clearPicked();
        picked.set(row);
        if (row == null) {
            return;
        }
        if (!row.comparable()) {
            pickMessage.set(row.name() + ": " + row.noteProperty().get() + ", so there is no difference to show.");
            return;
        }
        pickMessage.set("Reading " + row.name() + " in both versions…");
        CheckpointReader r = reader;
        picking.<Tensor[]>replacing("Reading " + row.name() + " in both versions")
                .onSuccess(both -> {
                    beforeTensor.set(both[0]);
                    afterTensor.set(both[1]);
                    difference.set(both[2]);
                    pickMessage.set(null);
                })
                .onFailure(pickMessage::set)
                .start(() -> {
                    CompletableFuture<Tensor> a = r.load(row.pair().before(), LayerDetailModel.MAX_BYTES, (d, t) -> { });
                    CompletableFuture<Tensor> b = r.load(row.pair().after(), LayerDetailModel.MAX_BYTES, (d, t) -> { });
                    CompletableFuture<Tensor[]> both = a.thenCombineAsync(b,
                            (x, y) -> new Tensor[] {x, y, difference(x, y)}, background);
                    Futures.cancelTogether(both, a, b);
                    return both;
                });
    }

    /**
     * {@code after − before} element by element, as float32 in C order in the after side's shape: both sides are
     * walked in logical order through their strides, so a Fortran-order side pairs with a C-order one.
     */
    static Tensor difference(Tensor before, Tensor after) {
        long n = after.elementCount();
        if (n > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException(after.name() + " has " + n + " elements: more than a difference "
                    + "heatmap can hold (" + Integer.MAX_VALUE / 4 + ").");
        }
        long[] shape = after.shape();
        long[] strideBefore = before.strides();
        long[] strideAfter = after.strides();
        long[] at = new long[shape.length];
        long ia = 0;
        long ib = 0;
        ByteBuffer out = ByteBuffer.allocate((int) (n * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (long k = 0; k < n; k++) {
            out.putFloat((float) (after.getDouble(ib) - before.getDouble(ia)));
            for (int d = shape.length - 1; d >= 0; d--) { // the next logical index, last dimension fastest
                ia += strideBefore[d];
                ib += strideAfter[d];
                if (++at[d] < shape[d]) {
                    break;
                }
                ia -= strideBefore[d] * shape[d];
                ib -= strideAfter[d] * shape[d];
                at[d] = 0;
            }
        }
        return Tensor.view(after.name() + " (change)", DType.FLOAT32, shape, out.array(), 0);
    }

    private void clearPicked() {
        pickMessage.set(null);
        picked.set(null);
        beforeTensor.set(null);
        afterTensor.set(null);
        difference.set(null);
    }

    void close() {
        figures.stop();
        listing.cancelAll();
        picking.cancelAll();
        model = null;
        shownPair = null;
        choosing = true;
        versions.clear();
        before.set(null);
        after.set(null);
        choosing = false;
        rows.clear();
        clearPicked();
        phase.set(Phase.EMPTY);
        message.set(null);
    }

    void forgetAll() {
        computed.clear();
        shownPair = null;
    }

    /** Runs after each layer's figures arrive: the change chart redraws. */
    void onFigures(Runnable listener) {
        figureListeners.add(listener);
    }

    public ObservableList<String> versions() {
        return versions;
    }

    public ObjectProperty<String> beforeProperty() {
        return before;
    }

    public ObjectProperty<String> afterProperty() {
        return after;
    }

    public ObservableList<ComparisonRow> rows() {
        return rows;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ComparisonRow> pickedProperty() {
        return picked.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tensor> beforeTensorProperty() {
        return beforeTensor.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tensor> afterTensorProperty() {
        return afterTensor.getReadOnlyProperty();
    }

    /** What the picked layer's plots wait for, or why there are none, in words; null once they are shown. */
    public ReadOnlyStringProperty pickMessageProperty() {
        return pickMessage.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tensor> differenceProperty() {
        return difference.getReadOnlyProperty();
    }

    public void wanted(ComparisonRow row) {
        figures.wanted(row);
    }

    /** Rewritten keys (Live): the comparison is listed and computed again when it involves them. */
    void changed(Collection<String> keys) {
        computed.keySet().removeIf(id -> keys.stream().anyMatch(k -> id.startsWith(k + '\u0000')
                || id.contains('\u0001' + k + '\u0000')));
        if (rows.stream().anyMatch(r -> touches(r, keys))) {
            shownPair = null;
            compareIfChosen();
        }
    }

    private static boolean touches(ComparisonRow r, Collection<String> keys) {
        return (r.pair().before() != null && keys.contains(r.pair().before().source().key()))
                || (r.pair().after() != null && keys.contains(r.pair().after().source().key()));
    }
}
