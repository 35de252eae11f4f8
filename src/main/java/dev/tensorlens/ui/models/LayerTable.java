package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.LayerInfo;
import dev.tensorlens.mlstate.TensorRef;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.Health;
import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.ui.common.HumanReadable;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The flat layer table: name, dtype, shape, parameters, bytes and the statistics as they arrive, sortable by any
 * column (numbers sort as numbers; rows still being read sort last). A row shown on screen asks for its statistics
 * first; flagged rows (NaN/Inf, all zeros, constant) carry a warning mark and their reason.
 */
final class LayerTable extends TableView<LayerRow> {

    /** {@code :flagged}, on a row whose tensor has NaN/Inf, is all zeros or constant: read in red. */
    private static final PseudoClass FLAGGED = PseudoClass.getPseudoClass("flagged");

    LayerTable(CheckpointModel model) {
        setId("layer-table");
        getStyleClass().add("layer-table");
        SortedList<LayerRow> sorted = new SortedList<>(model.shownRows());
        sorted.comparatorProperty().bind(comparatorProperty());
        setItems(sorted);
        setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        setPlaceholder(new Label("No layers"));

        // the mark's severity (2 flagged, 1 unreadable, 0 fine), followed through the row's state
        TableColumn<LayerRow, Number> flag = new TableColumn<>("");
        flag.setId("flag-column");
        flag.setPrefWidth(30);
        flag.setComparator((a, b) -> Integer.compare(b.intValue(), a.intValue()));
        flag.setCellValueFactory(c -> {
            LayerRow row = c.getValue();
            return Bindings.createObjectBinding(() -> row.flagged() ? 2 : row.problemProperty().get() != null ? 1 : 0,
                    row.stateProperty());
        });
        flag.setCellFactory(c -> new FlagCell());

        TableColumn<LayerRow, String> name = text("Layer", 260, LayerRow::name);
        name.setId("name-column");
        TableColumn<LayerRow, String> dtype = learnt("dtype", 80, r -> r.dtype() == null ? "?" : r.dtype().numpyName());
        TableColumn<LayerRow, String> shape = learnt("Shape", 110, r -> r.shape() == null ? "?" : Tensor.shapeText(r.shape()));
        TableColumn<LayerRow, Number> params = number("Parameters", 118, r -> r.layer().parameters(), true);
        TableColumn<LayerRow, Number> bytes = numberCol("Bytes", 80, r -> r.layer().bytes(),
                v -> HumanReadable.bytes(v.longValue()));

        getColumns().addAll(List.of(flag, name, dtype, shape, params, bytes,
                stat("Min", TensorStats::min), stat("Max", TensorStats::max), stat("Mean", TensorStats::mean),
                stat("Std", TensorStats::std),
                statCol("NaN/Inf", 70, s -> s.nonFiniteCount(), v -> HumanReadable.count(v.longValue())),
                statCol("Zeros", 70, s -> s.count() == 0 ? 0 : 100.0 * s.zeros() / s.count(),
                        v -> String.format(Locale.ROOT, "%.1f %%", v.doubleValue())),
                stat("L2 norm", TensorStats::l2Norm)));

        setRowFactory(t -> new TableRow<>() {
            /** The row shown, followed: its statistics (and so its health) arrive after it is on screen. */
            private LayerRow watched;
            private final InvalidationListener healthChanged = obs -> showHealth();

            @Override
            protected void updateItem(LayerRow row, boolean empty) {
                super.updateItem(row, empty);
                if (watched != null) {
                    watched.healthProperty().removeListener(healthChanged);
                }
                watched = !empty && row != null && !showsPlaceholders ? row : null;
                if (watched != null) {
                    model.wanted(watched);
                    watched.healthProperty().addListener(healthChanged);
                }
                showHealth();
            }

            private void showHealth() {
                // a pseudo-class: a style class would restyle the row's 14 cells from the stylesheets each time
                pseudoClassStateChanged(FLAGGED, watched != null && watched.flagged());
            }
        });
    }

    /** Blank rows, about a screenful: see {@link #showPlaceholders()}. */
    private static final int PLACEHOLDER_ROWS = 24;
    /** True while placeholder rows are shown: they ask for no statistics. */
    private boolean showsPlaceholders;

    /**
     * Any thread, before the window shows (see {@code AppView#showPlaceholders}): blank rows in place of the
     * checkpoint's, while the window is styled and laid out ahead, so that the cells of a first checkpoint (14 columns
     * of a screenful of rows) are made then; the action returned puts the checkpoint's rows back (the cells stay).
     */
    Runnable showPlaceholders() {
        ObservableList<LayerRow> rows = getItems();
        LayerInfo blank = new LayerInfo(" ", TensorRef.wholeKey(" ", " "), null, "", null, new long[0], 0, -1, null);
        List<LayerRow> blanks = new ArrayList<>();
        for (int i = 0; i < PLACEHOLDER_ROWS; i++) {
            blanks.add(new LayerRow(i, blank));
        }
        showsPlaceholders = true;
        setItems(FXCollections.observableArrayList(blanks));
        return () -> {
            setItems(rows);
            showsPlaceholders = false;
        };
    }

    private static TableColumn<LayerRow, String> text(String title, double width, Function<LayerRow, String> f) {
        TableColumn<LayerRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(r -> new SimpleStringProperty(f.apply(r.getValue())));
        return c;
    }

    /** A fact the header gives, or the values once read when the header was left unread: followed through the stats. */
    private static TableColumn<LayerRow, String> learnt(String title, double width, Function<LayerRow, String> f) {
        TableColumn<LayerRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(r -> Bindings.createStringBinding(() -> f.apply(r.getValue()), r.getValue().statsProperty()));
        return c;
    }

    private static TableColumn<LayerRow, Number> number(String title, double width, ToDoubleFunction<LayerRow> f,
                                                        boolean count) {
        return numberCol(title, width, f, v -> count ? HumanReadable.count(v.longValue()) : figure(v.doubleValue()));
    }

    private static TableColumn<LayerRow, Number> numberCol(String title, double width, ToDoubleFunction<LayerRow> f,
                                                           Function<Number, String> show) {
        TableColumn<LayerRow, Number> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(r -> new SimpleDoubleProperty(f.applyAsDouble(r.getValue())));
        c.setCellFactory(col -> new NumberCell(show));
        return c;
    }

    private static TableColumn<LayerRow, Number> stat(String title, ToDoubleFunction<TensorStats> f) {
        return statCol(title, 82, f, v -> figure(v.doubleValue()));
    }

    /** A statistic: empty until the row's statistics arrive; sorts after every known value until then. */
    private static TableColumn<LayerRow, Number> statCol(String title, double width, ToDoubleFunction<TensorStats> f,
                                                         Function<Number, String> show) {
        TableColumn<LayerRow, Number> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(r -> {
            LayerRow row = r.getValue();
            // null while the statistics are on their way ("…"), NaN when they cannot come ("–")
            ObservableValue<Number> v = Bindings.createObjectBinding(() -> {
                TensorStats s = row.stats();
                if (s == null) {
                    return row.stateProperty().get() == LayerRow.State.FAILED ? Double.NaN : null;
                }
                return f.applyAsDouble(s);
            }, row.statsProperty(), row.stateProperty());
            return v;
        });
        c.setComparator((a, b) -> {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : 1) : -1;
            }
            return Double.compare(a.doubleValue(), b.doubleValue());
        });
        c.setCellFactory(col -> new NumberCell(show));
        return c;
    }

    /** Numbers as a person reads them: 4 significant digits, scientific when very small or large. */
    static String figure(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
    }

    private static final class NumberCell extends TableCell<LayerRow, Number> {
        private final Function<Number, String> show;

        NumberCell(Function<Number, String> show) {
            this.show = show;
            getStyleClass().add("number-cell");
        }

        @Override
        protected void updateItem(Number value, boolean empty) {
            super.updateItem(value, empty);
            if (empty) {
                setText(null);
                return;
            }
            if (value == null) {
                setText("…");
            } else {
                setText(show.apply(value));
            }
        }
    }

    private static final class FlagCell extends TableCell<LayerRow, Number> {
        @Override
        protected void updateItem(Number severity, boolean empty) {
            super.updateItem(severity, empty);
            LayerRow row = getTableRow() == null ? null : getTableRow().getItem();
            setText(null);
            setTooltip(null);
            setGraphic(null);
            if (empty || row == null) {
                return;
            }
            String problem = row.problemProperty().get();
            List<Health> flags = row.healthProperty().get();
            if (!flags.isEmpty()) {
                FontIcon icon = new FontIcon(Feather.ALERT_TRIANGLE);
                icon.getStyleClass().add("flag-icon");
                setGraphic(icon);
                setTooltip(new Tooltip(String.join(", ", flags.stream().map(Health::words).toList())));
            } else if (problem != null) {
                FontIcon icon = new FontIcon(Feather.SLASH);
                icon.getStyleClass().add("problem-icon");
                setGraphic(icon);
                setTooltip(new Tooltip(problem));
            }
        }
    }

    static String describe(LayerInfo layer) {
        return layer.name() + " · " + (layer.dtype() == null ? "?" : layer.dtype().numpyName()) + " "
                + Tensor.shapeText(layer.shape()) + " · " + HumanReadable.count(layer.parameters()) + " parameters · "
                + HumanReadable.bytes(layer.bytes());
    }
}
