package dev.tensorlens.ui.browser.value;

import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.ui.common.EmptyState;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.plots.TensorDetail;
import dev.tensorlens.ui.plots.TensorStatsPane;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.nio.ByteOrder;
import java.util.function.Function;

/**
 * The tensor view of one {@link TensorSelection}: format, dtype, shape and byte order; a table of tensors when
 * there are several; the selected one's statistics and histogram ({@link TensorStatsPane}). A malformed value says
 * where and why; a pickle or torch file what it is and that it was never executed.
 */
final class TensorView extends StackPane {

    private static final double TABLE_ROW_HEIGHT = 34;
    /** The column header and the table's border: with less, four rows already needed a scroll bar. */
    private static final double TABLE_HEADER_HEIGHT = 46;

    private final TensorSelection selection;
    private final Label summary = new Label();
    private final TableView<Tensor> table = new TableView<>();
    private final TensorStatsPane stats = new TensorStatsPane();
    private final VBox decoded;
    private final EmptyState notATensor = new EmptyState();

    TensorView(TensorSelection selection, String summaryId) {
        this.selection = selection;
        getStyleClass().add("tensor-view");
        summary.setId(summaryId);
        summary.getStyleClass().add("tensor-summary");
        summary.setWrapText(true);

        table.getStyleClass().add("tensor-table");
        table.setItems(selection.tensors());
        // all columns share the width; dtype, shape and size never go below what their short texts need
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(column("Tensor", 200, 80, Tensor::name));
        table.getColumns().add(column("dtype", 80, 70, t -> t.dtype().numpyName()));
        table.getColumns().add(column("Shape", 120, 90, t -> Tensor.shapeText(t.shape())));
        table.getColumns().add(column("Size", 90, 80, t -> HumanReadable.bytes(t.byteLength())));
        // as tall as its rows up to eight, then it scrolls
        table.setFixedCellSize(TABLE_ROW_HEIGHT);
        table.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> TABLE_ROW_HEIGHT * Math.min(8, selection.tensors().size()) + TABLE_HEADER_HEIGHT, selection.tensors()));
        table.minHeightProperty().bind(table.prefHeightProperty());
        table.managedProperty().bind(table.visibleProperty());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, t) -> {
            if (t != null) {
                selection.selectedProperty().set(t);
            }
        });
        selection.tensors().addListener((ListChangeListener<Tensor>) c -> table.setVisible(selection.tensors().size() > 1));
        table.setVisible(false);

        decoded = new VBox(12, summary, table, stats);
        decoded.setPadding(new Insets(14, 16, 14, 16));
        ScrollPane scroll = new ScrollPane(decoded);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        scroll.visibleProperty().bind(notATensor.visibleProperty().not());
        getChildren().addAll(scroll, notATensor);

        selection.resultProperty().addListener((obs, old, r) -> showResult(r));
        selection.selectedProperty().addListener((obs, old, t) -> {
            if (t != null && table.getSelectionModel().getSelectedItem() != t) {
                table.getSelectionModel().select(t);
            }
            showSummary();
        });
        selection.detailProperty().addListener((obs, old, d) -> showDetail(d));
        showResult(selection.resultProperty().get());
    }

    private void showResult(DecodeResult r) {
        notATensor.setVisible(!(r instanceof DecodeResult.Decoded));
        if (r == null) {
            notATensor.show(Feather.BOX, "No tensor", "");
        } else if (r instanceof DecodeResult.Malformed m) {
            notATensor.show(Feather.ALERT_TRIANGLE, "Not a valid " + m.format() + " value",
                    "At byte " + HumanReadable.count(m.offset()) + ": " + m.reason());
        } else if (r instanceof DecodeResult.Opaque o) {
            notATensor.show(Feather.LOCK, o.format() + " — recognised, never executed",
                    o.description() + (o.details().isEmpty() ? "" : "\n\n" + String.join("\n", o.details()))
                            + "\n\nTensorlens never runs pickled code; this is what the bytes say without executing them.");
        }
        showSummary();
    }

    private void showSummary() {
        Tensor t = selection.selectedProperty().get();
        DecodeResult r = selection.resultProperty().get();
        if (t == null || r == null) {
            summary.setText(r instanceof DecodeResult.Malformed m
                    ? m.format() + " · malformed at byte " + HumanReadable.count(m.offset()) + ": " + m.reason()
                    : r instanceof DecodeResult.Opaque o ? o.format() + " · " + o.description() : "");
            showDetail(null);
            return;
        }
        summary.setText(String.join(" · ", r.format(), t.name(),
                unbroken(t.dtype().numpyName() + " " + Tensor.shapeText(t.shape())),
                t.dtype().size() == 1 ? "single bytes" : t.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian",
                unbroken(t.fortranOrder() ? "Fortran order" : "C order"), unbroken(HumanReadable.bytes(t.byteLength()))));
    }

    /** Keeps a phrase on one line when the summary wraps: "C" and "order", or "(64," and "784)", stay together. */
    static String unbroken(String phrase) {
        return phrase.replace(' ', '\u00A0');
    }

    private void showDetail(TensorDetail d) {
        if (d != null) {
            stats.show(d);
        } else if (selection.selectedProperty().get() != null) {
            stats.showComputing();
        } else {
            stats.clear();
        }
    }

    private static TableColumn<Tensor, String> column(String title, double width, double minWidth,
                                                      Function<Tensor, String> value) {
        TableColumn<Tensor, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setMinWidth(minWidth);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }
}
