package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.mlstate.VersionDiff;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.TensorComparison;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One layer of a comparison: how the two sides pair, and the figures once both were read. UI thread. */
public final class ComparisonRow {

    private final VersionDiff.Pair pair;
    private final ReadOnlyObjectWrapper<TensorComparison> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note");

    ComparisonRow(VersionDiff.Pair pair) {
        this.pair = pair;
        if (pair.status() != VersionDiff.Status.COMPARABLE) {
            note.set(pair.status() == VersionDiff.Status.SHAPE_DIFFERS
                    ? "shape " + shape(pair.before()) + " → " + shape(pair.after()) : pair.status().words());
        } else if (pair.dtypeChange() != null) {
            note.set(pair.dtypeChange());
        }
    }

    private static String shape(LayerInfo l) {
        return Tensor.shapeText(l.shape());
    }

    void show(TensorComparison c) {
        result.set(c);
    }

    void failed(String sentence) {
        note.set(sentence);
    }

    public VersionDiff.Pair pair() {
        return pair;
    }

    public String name() {
        return pair.name();
    }

    public boolean comparable() {
        return pair.status() == VersionDiff.Status.COMPARABLE;
    }

    public ReadOnlyObjectProperty<TensorComparison> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** Why the row has no figures (a layer only one side has, a shape that changed), or a dtype change; may be null. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }
}
