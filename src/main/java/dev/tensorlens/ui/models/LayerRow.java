package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.stats.Health;
import dev.tensorlens.tensor.stats.TensorStats;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.List;

/**
 * One row of the layer table: what the tensor's header said at once, and its statistics when the background has
 * read it. Changed on the UI thread.
 */
public final class LayerRow {

    public enum State { WAITING, READING, DONE, FAILED }

    private final int index;
    private DType learntDtype;
    private long[] learntShape;
    private final LayerInfo layer;
    private final ReadOnlyObjectWrapper<TensorStats> stats = new ReadOnlyObjectWrapper<>(this, "stats");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.WAITING);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final ReadOnlyObjectWrapper<List<Health>> health = new ReadOnlyObjectWrapper<>(this, "health", List.of());

    LayerRow(int index, LayerInfo layer) {
        this.index = index;
        this.layer = layer;
        if (!layer.loadable()) {
            state.set(State.FAILED);
            problem.set(layer.problem());
        }
    }

    void reading() {
        state.set(State.READING);
    }

    /** The statistics, and the dtype and shape the values showed (for a layer whose header was left unread). */
    void show(TensorStats s, DType dtype, long[] shape) {
        learntDtype = dtype;
        learntShape = shape.clone();
        stats.set(s);
        health.set(Health.of(s));
        problem.set(null);
        state.set(State.DONE);
    }

    void failed(String sentence) {
        stats.set(null);
        problem.set(sentence);
        state.set(State.FAILED);
    }

    void forget() {
        stats.set(null);
        health.set(List.of());
        problem.set(layer.problem());
        state.set(layer.loadable() ? State.WAITING : State.FAILED);
    }

    /** Position in the checkpoint's order (the order the model stores its tensors). */
    public int index() {
        return index;
    }

    public LayerInfo layer() {
        return layer;
    }

    public String name() {
        return layer.name();
    }

    /** The dtype from the header, or from the values once read when the header was left unread; null if neither. */
    public DType dtype() {
        return layer.dtype() != null ? layer.dtype() : learntDtype;
    }

    /** The shape from the header, or from the values once read; null when neither is known yet. */
    public long[] shape() {
        return layer.dtype() != null ? layer.shape() : learntShape == null ? null : learntShape.clone();
    }

    public ReadOnlyObjectProperty<TensorStats> statsProperty() {
        return stats.getReadOnlyProperty();
    }

    public TensorStats stats() {
        return stats.get();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<Health>> healthProperty() {
        return health.getReadOnlyProperty();
    }

    /** NaN/Inf, all zeros or constant: what the table flags. */
    public boolean flagged() {
        return !health.get().isEmpty();
    }
}
