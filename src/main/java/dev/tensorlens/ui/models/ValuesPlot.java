package dev.tensorlens.ui.models;

import dev.tensorlens.ui.common.Toggles;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.TensorGrids;
import dev.tensorlens.tensor.image.TensorSlice;
import dev.tensorlens.ui.plots.HeatmapPane;
import dev.tensorlens.ui.plots.SeriesPlot;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.SegmentedButton;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A tensor's values, drawn the way its shape asks: a vector (a bias) as bars or a line, a matrix as a heatmap, a
 * 2-D convolution kernel as a grid of filter tiles, and any other rank through a slice selector — which two axes
 * run down and across, and where every other axis stands.
 */
final class ValuesPlot extends VBox {

    private final SeriesPlot series;
    private final HeatmapPane heatmap;
    private final HBox sliceBar = new HBox(8);
    private final ToggleButton bars = new ToggleButton("Bars");
    private final ToggleButton line = new ToggleButton("Line");
    private final SegmentedButton seriesMode = new SegmentedButton(bars, line);
    private final ToggleButton tiles = new ToggleButton("Filters");
    private final ToggleButton slice = new ToggleButton("Slice");
    private final SegmentedButton kernelMode = new SegmentedButton(tiles, slice);
    private final Label tooBig = new Label();
    private Tensor shown;
    private TensorSlice at;

    ValuesPlot(Executor background) {
        getStyleClass().add("values-plot");
        setSpacing(6);
        series = new SeriesPlot(background);
        series.setId("values-series");
        heatmap = new HeatmapPane(background);
        heatmap.setId("values-heatmap");
        bars.setSelected(true);
        bars.setOnAction(e -> series.setMode(SeriesPlot.Mode.BAR));
        line.setOnAction(e -> series.setMode(SeriesPlot.Mode.LINE));
        Toggles.keepOneSelected(seriesMode.getToggleGroup());
        tiles.setSelected(true);
        tiles.setOnAction(e -> redraw());
        slice.setOnAction(e -> redraw());
        Toggles.keepOneSelected(kernelMode.getToggleGroup());
        sliceBar.setAlignment(Pos.CENTER_LEFT);
        sliceBar.setId("values-slice");
        tooBig.getStyleClass().add("muted");
        tooBig.setWrapText(true);
        tooBig.setVisible(false);
        StackPane plots = new StackPane(series, heatmap, tooBig);
        VBox.setVgrow(plots, Priority.ALWAYS);
        getChildren().addAll(new HBox(8, seriesMode, kernelMode, sliceBar), plots);
        clear();
    }

    void show(Tensor t) {
        shown = t;
        at = t.rank() >= 3 ? TensorSlice.lastTwo(t.rank()) : null;
        redraw();
    }

    void clear() {
        shown = null;
        series.clear();
        heatmap.setGrid(null);
        series.setVisible(false);
        heatmap.setVisible(false);
        seriesMode.setVisible(false);
        kernelMode.setVisible(false);
        sliceBar.getChildren().clear();
    }

    private void redraw() {
        Tensor t = shown;
        if (t == null) {
            return;
        }
        boolean vector = t.rank() <= 1;
        boolean kernel = t.rank() == 4 && TensorGrids.preferred(t) != null
                && t.shape()[2] <= TensorGrids.MAX_KERNEL && t.shape()[3] <= TensorGrids.MAX_KERNEL;
        series.setVisible(vector);
        heatmap.setVisible(!vector);
        seriesMode.setVisible(vector);
        seriesMode.setManaged(vector);
        kernelMode.setVisible(kernel);
        kernelMode.setManaged(kernel);
        sliceBar.getChildren().clear();
        tooBig.setVisible(false);
        try {
            if (vector) {
                series.show(t, t.name());
            } else if (t.rank() == 2) {
                heatmap.setGrid(TensorGrids.matrix(t));
            } else if (kernel && tiles.isSelected()) {
                heatmap.setGrid(TensorGrids.filters(t));
            } else {
                buildSliceBar(t);
                heatmap.setGrid(TensorGrids.slice(t, at));
            }
        } catch (IllegalArgumentException tooManyCells) {
            // a grid addresses at most 2^31 cells: say so instead of drawing nothing
            heatmap.setGrid(null);
            tooBig.setText(tooManyCells.getMessage());
            tooBig.setVisible(true);
        }
    }

    /** Two axes to show and a spinner for each other axis: where the slice stands. */
    private void buildSliceBar(Tensor t) {
        long[] shape = t.shape();
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            axes.add(i);
        }
        ComboBox<Integer> rows = new ComboBox<>(FXCollections.observableArrayList(axes));
        ComboBox<Integer> cols = new ComboBox<>(FXCollections.observableArrayList(axes));
        rows.setValue(at.rowAxis());
        cols.setValue(at.colAxis());
        rows.setOnAction(e -> axesChosen(t, rows.getValue(), cols.getValue()));
        cols.setOnAction(e -> axesChosen(t, rows.getValue(), cols.getValue()));
        sliceBar.getChildren().addAll(new Label("rows: axis"), rows, new Label("cols: axis"), cols);
        for (int axis = 0; axis < shape.length; axis++) {
            if (axis == at.rowAxis() || axis == at.colAxis()) {
                continue;
            }
            int fixed = axis;
            Spinner<Integer> index = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(0,
                    (int) Math.max(0, Math.min(Integer.MAX_VALUE, shape[axis] - 1)), (int) at.index()[axis]));
            index.setPrefWidth(80);
            index.setEditable(true);
            index.setId("slice-axis-" + axis);
            index.valueProperty().addListener((obs, old, i) -> {
                at = at.at(fixed, i);
                heatmap.setGrid(TensorGrids.slice(t, at));
            });
            sliceBar.getChildren().addAll(new Label("axis " + axis + " at"), index);
        }
    }

    private void axesChosen(Tensor t, Integer rowAxis, Integer colAxis) {
        if (rowAxis == null || colAxis == null || rowAxis.equals(colAxis)) {
            return;
        }
        long[] index = at.index();
        at = new TensorSlice(rowAxis, colAxis, index);
        redraw();
    }
}
