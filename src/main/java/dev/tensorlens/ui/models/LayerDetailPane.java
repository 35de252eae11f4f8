package dev.tensorlens.ui.models;

import dev.tensorlens.ui.common.LateParts;
import dev.tensorlens.ui.common.Toggles;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.Percentiles;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.EmptyState;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.plots.HistogramPane;
import javafx.geometry.Pos;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.SegmentedButton;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * The picked layer: its name and shape, its distribution (histogram) or its values (heatmap, filter tiles, a bar or
 * line for a vector, a slice of more dimensions), its percentile summary, and exports of the plot (PNG) and the
 * values (CSV, .npy).
 */
final class LayerDetailPane extends VBox {

    private final LayerDetailModel model;
    private final HistogramPane histogram;
    private final ValuesPlot values;
    private final Label percentiles = new Label();
    private final ToggleButton distribution = new ToggleButton("Distribution");
    private final ToggleButton valuesButton = new ToggleButton("Values");

    LayerDetailPane(LayerDetailModel model, Dialogs dialogs, Executor background) {
        this.model = model;
        setId("layer-detail");
        getStyleClass().add("layer-detail");
        setMinWidth(320);
        histogram = new HistogramPane(background);
        values = new ValuesPlot(background);

        // the layer's name is in the trail above; here what it is
        Label facts = new Label();
        facts.setId("layer-facts");
        facts.getStyleClass().add("muted");
        facts.setMinWidth(0);
        model.rowProperty().addListener((obs, old, row) -> {
            facts.setText(row == null ? "" : LayerTable.describe(row.layer()).substring(row.name().length() + 3));
            facts.setTooltip(row == null ? null : new Tooltip(LayerTable.describe(row.layer())));
        });

        distribution.setId("layer-distribution");
        valuesButton.setId("layer-values");
        SegmentedButton plotKind = new SegmentedButton(distribution, valuesButton);
        distribution.setSelected(true);
        Toggles.keepOneSelected(plotKind.getToggleGroup());
        MenuButton export = new MenuButton("Export", new FontIcon(Feather.DOWNLOAD));
        export.setId("layer-export");
        LayerExport exports = new LayerExport(model, dialogs, background);
        MenuItem png = new MenuItem("Plot as PNG…");
        png.setId("export-png");
        png.setOnAction(e -> exports.png(distribution.isSelected() ? histogram : values));
        MenuItem csv = new MenuItem("Values as CSV…");
        csv.setId("export-csv");
        csv.setOnAction(e -> exports.csv());
        MenuItem npy = new MenuItem("Values as .npy…");
        npy.setId("export-npy");
        npy.setOnAction(e -> exports.npy());
        export.getItems().addAll(png, csv, npy);
        export.disableProperty().bind(model.tensorProperty().isNull());
        for (Control c : List.of(distribution, valuesButton, export)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, facts, gap, plotKind, export);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label exported = new Label();
        exported.setId("layer-export-message");
        exported.getStyleClass().add("muted");
        exported.setWrapText(true);
        exported.textProperty().bind(exports.messageProperty());

        ProgressBar progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.phaseProperty().isEqualTo(LayerDetailModel.Phase.LOADING));
        progress.managedProperty().bind(progress.visibleProperty());

        EmptyState state = new EmptyState();
        state.setId("layer-detail-state");
        Runnable showState = () -> {
            switch (model.phaseProperty().get()) {
                case EMPTY -> state.show(Feather.BAR_CHART_2, "Pick a layer",
                        "Its distribution, its values and how they moved appear here.");
                case LOADING -> state.show(Feather.LOADER, "Reading the layer…", model.messageProperty().get());
                case FAILED -> state.show(Feather.ALERT_TRIANGLE, "This layer cannot be plotted",
                        model.messageProperty().get());
                case LOADED -> { }
            }
        };
        model.phaseProperty().addListener((obs, old, p) -> showState.run());
        model.messageProperty().addListener((obs, old, p) -> showState.run());
        showState.run();
        state.visibleProperty().bind(model.phaseProperty().isNotEqualTo(LayerDetailModel.Phase.LOADED));
        histogram.visibleProperty().bind(distribution.selectedProperty().and(state.visibleProperty().not()));
        values.visibleProperty().bind(valuesButton.selectedProperty().and(state.visibleProperty().not()));
        // the plots sit out the window's first restyle until a layer is shown (LateParts)
        StackPane plots = new StackPane(LateParts.mark(histogram), LateParts.mark(values), state);
        plots.setMinHeight(220);
        VBox.setVgrow(plots, Priority.ALWAYS);

        percentiles.setId("layer-percentiles");
        percentiles.getStyleClass().add("percentile-line");
        percentiles.setWrapText(true);
        percentiles.setMinHeight(Region.USE_PREF_SIZE); // wraps onto a second line rather than losing p75 … max
        model.tensorProperty().addListener((obs, old, t) -> show(t));
        model.percentilesProperty().addListener((obs, old, p) -> showPercentiles(p));

        getChildren().addAll(bar, progress, plots, percentiles, exported);
    }

    private void show(Tensor t) {
        if (t == null) {
            histogram.plot().clear();
            values.clear();
            percentiles.setText("");
            return;
        }
        histogram.plot().show(t, t.name());
        values.show(t);
    }

    /** One line, the numbers TensorBoard's distribution bands are drawn from: min, p1 … p99, max. */
    private void showPercentiles(Percentiles p) {
        if (p == null) {
            percentiles.setText("");
            return;
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < p.q().length; i++) {
            double q = p.q()[i];
            String name = q == 0 ? "min" : q == 100 ? "max" : q == 50 ? "median" : String.format(Locale.ROOT, "p%.0f", q);
            line.append(i == 0 ? "" : "   ").append(name).append(' ').append(LayerTable.figure(p.values()[i]));
        }
        if (!p.exact()) {
            line.append("   (estimated from ").append(HumanReadable.count(p.finiteCount())).append(" values)");
        }
        percentiles.setText(line.toString());
    }

}
