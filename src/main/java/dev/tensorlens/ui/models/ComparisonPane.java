package dev.tensorlens.ui.models;

import dev.tensorlens.ui.common.LateParts;
import dev.tensorlens.ui.common.Toggles;
import dev.tensorlens.tensor.stats.TensorComparison;
import dev.tensorlens.ui.common.EmptyState;
import dev.tensorlens.ui.plots.HistogramPane;
import dev.tensorlens.ui.plots.LayerBarChart;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import org.controlsfx.control.SegmentedButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Two versions of the open model: the per-layer figures in a table, the relative change of every layer as bars, and
 * for the picked layer the difference as a heatmap (or a line for a vector) and both distributions overlaid.
 */
final class ComparisonPane extends VBox {

    ComparisonPane(ComparisonModel model, Executor background) {
        setId("models-compare");
        getStyleClass().add("models-compare");
        ComboBox<String> before = new ComboBox<>(model.versions());
        before.setId("compare-before");
        before.valueProperty().bindBidirectional(model.beforeProperty());
        ComboBox<String> after = new ComboBox<>(model.versions());
        after.setId("compare-after");
        after.valueProperty().bindBidirectional(model.afterProperty());
        Label message = new Label();
        message.setId("compare-message");
        message.getStyleClass().add("muted");
        message.textProperty().bind(model.messageProperty());
        HBox bar = new HBox(8, new Label("Compare"), before, new Label("→"), after, message);
        bar.setAlignment(Pos.CENTER_LEFT);

        ComparisonTable table = new ComparisonTable(model);
        LayerBarChart change = new LayerBarChart();
        change.setId("compare-chart");
        change.valueNameProperty().set("relative change");
        Runnable bars = () -> {
            List<LayerBarChart.Bar> made = new ArrayList<>();
            for (ComparisonRow row : model.rows()) {
                TensorComparison c = row.resultProperty().get();
                made.add(new LayerBarChart.Bar(row.name(), c == null ? Double.NaN : c.relativeChange(),
                        c != null && (Double.isInfinite(c.relativeChange()) || c.nonFinitePairs() > 0)));
            }
            change.setBars(made);
        };
        model.onFigures(bars);
        model.rows().addListener((ListChangeListener<ComparisonRow>) c -> bars.run());
        change.selectedIndexProperty().addListener((obs, old, i) -> {
            int at = i.intValue();
            if (at >= 0 && at < model.rows().size()) {
                table.getSelectionModel().select(model.rows().get(at));
            }
        });
        SplitPane figures = new SplitPane(table, change);
        figures.setDividerPositions(0.62);

        ValuesPlot difference = new ValuesPlot(background);
        difference.setId("compare-difference");
        HistogramPane overlay = new HistogramPane(background);
        overlay.setId("compare-histograms");
        model.differenceProperty().addListener((obs, old, d) -> {
            if (d == null) {
                difference.clear();
            } else {
                difference.show(d);
            }
        });
        model.afterTensorProperty().addListener((obs, old, a) -> {
            if (a == null || model.beforeTensorProperty().get() == null) {
                overlay.plot().clear();
            } else {
                overlay.plot().showOverlay(model.beforeTensorProperty().get(), model.beforeProperty().get(), a,
                        model.afterProperty().get());
            }
        });
        ToggleButton showDifference = new ToggleButton("Difference");
        showDifference.setId("compare-show-difference");
        ToggleButton showDistributions = new ToggleButton("Distributions");
        showDistributions.setId("compare-show-distributions");
        SegmentedButton which = new SegmentedButton(showDifference, showDistributions);
        showDifference.setSelected(true);
        Toggles.keepOneSelected(which.getToggleGroup());
        Label pickedName = new Label();
        pickedName.getStyleClass().add("muted");
        pickedName.textProperty().bind(Bindings.createStringBinding(() -> {
            ComparisonRow row = model.pickedProperty().get();
            return row == null ? "" : row.name() + ": " + model.afterProperty().get() + " − " + model.beforeProperty().get();
        }, model.pickedProperty()));
        HBox plotBar = new HBox(10, which, pickedName);
        plotBar.setAlignment(Pos.CENTER_LEFT);
        EmptyState pickOne = new EmptyState(Feather.GIT_PULL_REQUEST, "Pick a layer",
                "Its change between the two versions appears here: the difference, and both distributions.");
        pickOne.visibleProperty().bind(model.differenceProperty().isNull());
        model.pickMessageProperty().addListener((obs, old, text) -> pickOne.show(Feather.GIT_PULL_REQUEST,
                text == null ? "Pick a layer" : model.pickedProperty().get() == null ? "Pick a layer"
                        : model.pickedProperty().get().name(),
                text == null ? "Its change between the two versions appears here: the difference, and both "
                        + "distributions." : text));
        difference.visibleProperty().bind(pickOne.visibleProperty().not().and(showDifference.selectedProperty()));
        overlay.visibleProperty().bind(pickOne.visibleProperty().not().and(showDistributions.selectedProperty()));
        // the plots sit out the window's first restyle until a pair is picked (LateParts)
        StackPane plots = new StackPane(LateParts.mark(difference), LateParts.mark(overlay), pickOne);
        VBox.setVgrow(plots, Priority.ALWAYS);
        VBox lower = new VBox(8, plotBar, plots);

        SplitPane split = new SplitPane(figures, lower);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(bar, split);
    }
}
