package dev.tensorlens.ui.models;

import dev.tensorlens.ui.common.Toggles;
import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.ui.plots.LayerBarChart;
import javafx.geometry.Pos;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.SegmentedButton;
import org.controlsfx.control.ToggleSwitch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * The whole model at a glance: one bar per layer, its L2 norm (or std), in the checkpoint's order — the first plot a
 * user opens to spot an exploding or a dead layer. Bars fill in as the statistics arrive; flagged layers are drawn
 * in the warning colour; clicking a bar picks that layer.
 */
final class OverviewPane extends VBox {

    private final ModelsModel model;
    private final LayerBarChart chart = new LayerBarChart();
    private final ToggleButton l2 = new ToggleButton("L2 norm");
    private final ToggleButton std = new ToggleButton("Std");

    OverviewPane(ModelsModel model, Executor background, IntConsumer pick) {
        this.model = model;
        setId("models-overview");
        getStyleClass().add("models-overview");
        l2.setId("overview-l2");
        std.setId("overview-std");
        SegmentedButton metric = new SegmentedButton(l2, std);
        l2.setSelected(true);
        Toggles.keepOneSelected(metric.getToggleGroup());
        metric.getToggleGroup().selectedToggleProperty().addListener((obs, old, t) -> {
            if (t != null) {
                update();
            }
        });
        ToggleSwitch log = new ToggleSwitch("Log scale");
        log.setId("overview-log");
        log.selectedProperty().bindBidirectional(chart.logScaleProperty());
        HBox bar = new HBox(12, metric, log);
        bar.setAlignment(Pos.CENTER_LEFT);

        chart.setId("overview-chart");
        VBox.setVgrow(chart, Priority.ALWAYS);
        chart.selectedIndexProperty().addListener((obs, old, i) -> {
            LayerRow picked = model.detail().rowProperty().get();
            if (picked == null || picked.index() != i.intValue()) { // the chart following a pick made elsewhere
                pick.accept(i.intValue());
            }
        });
        getChildren().addAll(bar, chart);

        model.checkpoint().onStats(this::update);
        model.detail().rowProperty().addListener((obs, old, row) -> {
            if (row != null && chart.selectedIndexProperty().get() != row.index()) {
                chart.selectedIndexProperty().set(row.index());
            }
        });
    }

    private void update() {
        boolean byStd = std.isSelected();
        chart.valueNameProperty().set(byStd ? "std" : "L2 norm");
        List<LayerBarChart.Bar> bars = new ArrayList<>();
        for (LayerRow row : model.checkpoint().rows()) {
            TensorStats s = row.stats();
            double v = s == null ? Double.NaN : byStd ? s.std() : s.l2Norm();
            bars.add(new LayerBarChart.Bar(row.name(), v, row.flagged()));
        }
        chart.setBars(bars);
    }
}
