package dev.tensorlens.ui.models;

import dev.tensorlens.tensor.stats.TensorComparison;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A comparison layer by layer: the change's L2 norm, the relative change, the cosine similarity and the largest
 * difference; layers that cannot be compared say why. Sortable: the most changed layer is a click away.
 */
final class ComparisonTable extends TableView<ComparisonRow> {

    /** {@code :uncomparable}, on a row whose layer the other version lacks or shapes differently: read muted. */
    private static final PseudoClass UNCOMPARABLE = PseudoClass.getPseudoClass("uncomparable");

    ComparisonTable(ComparisonModel model) {
        setId("comparison-table");
        SortedList<ComparisonRow> sorted = new SortedList<>(model.rows());
        sorted.comparatorProperty().bind(comparatorProperty());
        setItems(sorted);
        setPlaceholder(new Label("Pick two versions to compare"));
        TableColumn<ComparisonRow, String> name = new TableColumn<>("Layer");
        name.setPrefWidth(240);
        name.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().name()));
        TableColumn<ComparisonRow, String> note = new TableColumn<>("Note");
        note.setPrefWidth(150);
        note.setCellValueFactory(c -> c.getValue().noteProperty());
        getColumns().addAll(List.of(name,
                figure("‖Δ‖₂", TensorComparison::diffNorm, false),
                figure("Relative", TensorComparison::relativeChange, true),
                figure("Cosine", TensorComparison::cosine, false),
                figure("Max |Δ|", TensorComparison::maxAbsDiff, false),
                note));
        setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ComparisonRow row, boolean empty) {
                super.updateItem(row, empty);
                boolean uncomparable = false;
                if (!empty && row != null) {
                    model.wanted(row);
                    uncomparable = !row.comparable();
                }
                pseudoClassStateChanged(UNCOMPARABLE, uncomparable); // restyles less than a style class would
            }
        });
        getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> model.pick(row));
    }

    private static TableColumn<ComparisonRow, Number> figure(String title, ToDoubleFunction<TensorComparison> f,
                                                             boolean percent) {
        TableColumn<ComparisonRow, Number> c = new TableColumn<>(title);
        c.setPrefWidth(90);
        c.setCellValueFactory(r -> Bindings.createObjectBinding(() -> {
            TensorComparison cmp = r.getValue().resultProperty().get();
            return cmp == null ? null : f.applyAsDouble(cmp);
        }, r.getValue().resultProperty()));
        c.setComparator((a, b) -> a == null || b == null ? (a == null ? (b == null ? 0 : 1) : -1)
                : Double.compare(a.doubleValue(), b.doubleValue()));
        c.setCellFactory(col -> new TableCell<>() {
            {
                getStyleClass().add("number-cell");
            }

            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                ComparisonRow row = getTableRow() == null ? null : getTableRow().getItem();
                if (empty || row == null) {
                    setText(null);
                } else if (v == null) {
                    setText(row.comparable() ? "…" : "");
                } else if (percent) {
                    double d = v.doubleValue();
                    setText(Double.isInfinite(d) ? "∞" : String.format(Locale.ROOT, "%.3g %%", 100 * d));
                } else {
                    setText(LayerTable.figure(v.doubleValue()));
                }
            }
        });
        return c;
    }
}
