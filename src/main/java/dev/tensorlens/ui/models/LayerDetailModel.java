package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.redis.CheckpointReader;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.Percentiles;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Job;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The layer the user picked: its values read in the background (with progress, listed in the task drawer when big,
 * latest pick wins) for the plots, and its percentile summary. Changed on the UI thread.
 */
public final class LayerDetailModel {

    public enum Phase { EMPTY, LOADING, LOADED, FAILED }

    /** The largest layer the plots read (a 2 GB tensor is plotted from a server that has it, not refused). */
    static final long MAX_BYTES = 2L << 30;
    /** Reads longer than this are listed in the task drawer, where they can be cancelled. */
    static final long LISTED_FROM_BYTES = 16L << 20;

    private final Executor background;
    private final TaskList tasks;
    private final Jobs loading;
    private final ReadOnlyObjectWrapper<LayerRow> row = new ReadOnlyObjectWrapper<>(this, "row");
    private final ReadOnlyObjectWrapper<Tensor> tensor = new ReadOnlyObjectWrapper<>(this, "tensor");
    private final ReadOnlyObjectWrapper<Percentiles> percentiles = new ReadOnlyObjectWrapper<>(this, "percentiles");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.EMPTY);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    /** The read of the picked layer now running, to tell a cancel from the drawer from one of a newer pick. */
    private Job<Tensor> current;

    LayerDetailModel(UiExecutor ui, Executor background, TaskList tasks) {
        this.background = background;
        this.tasks = tasks;
        this.loading = new Jobs(ui);
    }

    /** Reads {@code picked}'s values, replacing a read in progress. */
    void show(CheckpointReader reader, LayerRow picked) {
        current = null;
        loading.cancelAll();
        row.set(picked);
        tensor.set(null);
        percentiles.set(null);
        LayerInfo layer = picked.layer();
        if (!layer.loadable()) {
            fail(layer.problem());
            return;
        }
        phase.set(Phase.LOADING);
        progress.set(0);
        message.set("Reading " + layer.name() + " (" + HumanReadable.bytes(layer.bytes()) + ")…");
        var job = loading.<Tensor>replacing("Reading " + layer.name())
                .onSuccess(t -> {
                    tensor.set(t);
                    phase.set(Phase.LOADED);
                    message.set(null);
                    summarise(t);
                })
                .onFailure(this::fail)
                .onProgress(j -> progress.set(j.progressProperty().get()));
        if (layer.bytes() >= LISTED_FROM_BYTES) {
            job.listedIn(tasks);
        }
        Job<Tensor> started = job.startWithContext(ctx -> reader.load(layer, MAX_BYTES, (done, total) ->
                ctx.progress(total <= 0 ? -1 : (double) done / total,
                        HumanReadable.bytes(done) + " of " + HumanReadable.bytes(total))));
        current = started;
        // cancelled from the task drawer: no callback comes, so the pane says so instead of spinning on
        started.stateProperty().addListener((obs, old, state) -> {
            if (state == Job.State.CANCELLED && current == started && phase.get() == Phase.LOADING) {
                fail("Reading " + layer.name() + " was cancelled. Pick the layer again to read it.");
            }
        });
    }

    /**
     * The picked layer's row was made again (its version listed again, its values unchanged): the pane follows the
     * new row without reading anything.
     */
    void adopt(LayerRow again) {
        row.set(again);
    }

    private void summarise(Tensor t) {
        loading.<Percentiles>job("Percentiles of " + t.name())
                .onSuccess(percentiles::set)
                .start(() -> CompletableFuture.supplyAsync(() -> Percentiles.of(t, Percentiles.DEFAULT_Q), background));
    }

    private void fail(String sentence) {
        phase.set(Phase.FAILED);
        message.set(sentence);
    }

    void clear() {
        current = null;
        loading.cancelAll();
        row.set(null);
        tensor.set(null);
        percentiles.set(null);
        message.set(null);
        phase.set(Phase.EMPTY);
    }

    public ReadOnlyObjectProperty<LayerRow> rowProperty() {
        return row.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tensor> tensorProperty() {
        return tensor.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Percentiles> percentilesProperty() {
        return percentiles.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What is happening or went wrong, in words; null when the plots say it all. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
