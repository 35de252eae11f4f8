package dev.tensorlens.ui.browser.value;

import dev.tensorlens.mlstate.HashFieldTensors;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.UiExecutor;
import dev.tensorlens.ui.plots.TensorDetail;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The tensor view's state for one decode result: its tensors (one row each when there are several), the one
 * selected, and that one's statistics, computed off the FX thread — the newest selection wins.
 */
public final class TensorSelection {

    private final Executor worker;
    private final ReadOnlyObjectWrapper<DecodeResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ObservableList<Tensor> tensors = FXCollections.observableArrayList();
    private final ObjectProperty<Tensor> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<TensorDetail> detail = new ReadOnlyObjectWrapper<>(this, "detail");
    /** The selected tensor's statistics being computed. */
    private final Jobs computing;

    TensorSelection(UiExecutor ui, Executor worker) {
        this.worker = worker;
        this.computing = new Jobs(ui);
        selected.addListener((obs, old, tensor) -> compute(tensor));
    }

    /** Shows {@code r}; its tensors without a name take {@code fallbackName}; the first is selected. */
    void show(DecodeResult r, String fallbackName) {
        clear();
        result.set(r);
        if (r instanceof DecodeResult.Decoded d) {
            tensors.setAll(d.tensors().stream().map(t -> HashFieldTensors.named(t, fallbackName)).toList());
            selected.set(tensors.isEmpty() ? null : tensors.get(0));
        }
    }

    void clear() {
        selected.set(null);
        tensors.clear();
        result.set(null);
    }

    /** The selected tensor's statistics, off the FX thread; selecting another replaces the computation. */
    private void compute(Tensor tensor) {
        detail.set(null);
        if (tensor == null) {
            computing.cancelAll();
            return;
        }
        computing.<TensorDetail>replacing("Computing the statistics of " + tensor.name())
                .onSuccess(detail::set)
                .start(() -> CompletableFuture.supplyAsync(() -> TensorDetail.of(tensor), worker));
    }

    public ReadOnlyObjectProperty<DecodeResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ObservableList<Tensor> tensors() {
        return tensors;
    }

    /** Writable: the view's table selects a tensor through it. */
    public ObjectProperty<Tensor> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<TensorDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }
}
