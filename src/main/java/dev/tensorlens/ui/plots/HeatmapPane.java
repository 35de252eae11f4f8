package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.image.ColorMap;
import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.ValueRange;
import dev.tensorlens.ui.common.SceneStyles;
import dev.tensorlens.ui.common.Toggles;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.RangeSlider;
import org.controlsfx.control.SegmentedButton;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * A {@link Heatmap} with its controls, as the Models and Data views show one: above the picture a row with the
 * colour map (Diverging / Sequential, a ControlsFX {@link SegmentedButton}), the clamp of the colour range (a
 * ControlsFX {@link RangeSlider} from the data's smallest to its largest finite value, with the two ends written
 * beside it and an "Auto" button that fits the scale to the data again), and "Reset view" (shows the whole grid
 * again after a zoom). The heatmap brings its colour bar and its readout line.
 *
 * <p>The slider follows the shown grid: a new grid sets its ends to the new range. Moving a thumb clamps the colour
 * range there; both thumbs at the ends mean no clamp.
 */
public final class HeatmapPane extends VBox {

    private final Heatmap heatmap;
    private final ToggleButton diverging = new ToggleButton("Diverging");
    private final ToggleButton sequential = new ToggleButton("Sequential");
    private final SegmentedButton maps = new SegmentedButton(diverging, sequential);
    private final RangeSlider slider = new RangeSlider(0, 1, 0, 1);
    private final Label lowLabel = new Label();
    private final Label highLabel = new Label();
    private final Button auto = new Button("Auto");
    private final Button resetView = new Button("Reset view");
    /** Set while the slider is moved to follow the data or the clamp, so that move is not taken as the user's. */
    private boolean following;
    private ValueRange sliderRange;

    /** @param background where the heatmap builds its pictures (see {@link Heatmap}) */
    public HeatmapPane(Executor background) {
        heatmap = new Heatmap(background);
        getStyleClass().add("heatmap-pane");
        SceneStyles.use(this, PlotStyles.STYLESHEET);

        diverging.setUserData(ColorMap.DIVERGING);
        sequential.setUserData(ColorMap.VIRIDIS);
        diverging.setTooltip(new Tooltip("Blue below 0, red above, 0 white: for weights and differences"));
        sequential.setTooltip(new Tooltip("Viridis from the smallest value to the largest"));
        diverging.setSelected(true);
        maps.getStyleClass().add("heatmap-maps");
        Toggles.keepOneSelected(maps.getToggleGroup()); // one map is always chosen
        maps.getToggleGroup().selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                heatmap.setColorMap((ColorMap) now.getUserData());
            }
        });
        heatmap.colorMapProperty().addListener((obs, old, now) -> (now.diverging() ? diverging : sequential)
                .setSelected(true));

        slider.getStyleClass().add("heatmap-clamp");
        slider.setShowTickMarks(false);
        slider.setShowTickLabels(false);
        slider.setDisable(true);
        slider.setMinWidth(120);
        HBox.setHgrow(slider, Priority.ALWAYS);
        lowLabel.getStyleClass().add("heatmap-clamp-low");
        highLabel.getStyleClass().add("heatmap-clamp-high");
        Tooltip.install(slider, new Tooltip("Clamp the colour range: values beyond it take the end colours"));
        slider.lowValueProperty().addListener((obs, old, now) -> sliderMoved());
        slider.highValueProperty().addListener((obs, old, now) -> sliderMoved());
        heatmap.clampProperty().addListener((obs, old, now) -> followClamp());
        heatmap.shownProperty().addListener((obs, old, now) -> {
            if (now != null && (old == null || old.range() != now.range())) {
                followRange(now.range());
            }
        });

        auto.getStyleClass().add("heatmap-auto");
        auto.setTooltip(new Tooltip("Fit the colour range to the data again"));
        auto.setOnAction(e -> heatmap.clampProperty().set(null));
        auto.disableProperty().bind(heatmap.clampProperty().isNull());
        resetView.getStyleClass().add("heatmap-reset-view");
        resetView.setTooltip(new Tooltip("Show the whole grid (0, or a double click on the picture)"));
        resetView.setOnAction(e -> heatmap.resetView());
        resetView.disableProperty().bind(heatmap.viewportProperty().isNull());

        Label clampTitle = new Label("Range");
        clampTitle.getStyleClass().add("heatmap-clamp-title");
        // the buttons keep their words; the slider gives way when the pane is narrow
        for (Control c : List.of(diverging, sequential, clampTitle, auto, resetView)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox toolbar = new HBox(8, maps, clampTitle, lowLabel, slider, highLabel, auto, resetView);
        toolbar.getStyleClass().add("heatmap-toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(heatmap, Priority.ALWAYS);
        getChildren().addAll(toolbar, heatmap);
        showEnds();
    }

    public Heatmap heatmap() {
        return heatmap;
    }

    /** The heatmap's grid. */
    public ObjectProperty<Grid> gridProperty() {
        return heatmap.gridProperty();
    }

    public void setGrid(Grid grid) {
        heatmap.setGrid(grid);
    }

    /** The clamp slider, for tests and for a view that wants to restyle it. */
    public RangeSlider clampSlider() {
        return slider;
    }

    private void sliderMoved() {
        showEnds();
        if (following || sliderRange == null) {
            return;
        }
        double span = slider.getMax() - slider.getMin();
        double eps = span * 1e-6;
        boolean whole = slider.getLowValue() <= slider.getMin() + eps && slider.getHighValue() >= slider.getMax() - eps;
        heatmap.clampProperty().set(whole ? null : ValueRange.span(slider.getLowValue(), slider.getHighValue()));
    }

    /** A new grid: the slider's ends are its range, the thumbs where the clamp is (or at the ends). */
    private void followRange(ValueRange range) {
        sliderRange = range.hasFinite() && range.max() > range.min() ? range : null;
        following = true;
        try {
            if (sliderRange == null) {
                slider.setDisable(true);
                slider.setMin(0);
                slider.setMax(1);
                slider.setLowValue(0);
                slider.setHighValue(1);
            } else {
                slider.setDisable(false);
                // widen before narrowing, so no intermediate state has min > max
                slider.setMin(Math.min(slider.getMin(), range.min()));
                slider.setMax(Math.max(slider.getMax(), range.max()));
                slider.setMin(range.min());
                slider.setMax(range.max());
                slider.setMajorTickUnit((range.max() - range.min()) / 4);
                slider.setBlockIncrement((range.max() - range.min()) / 100);
            }
        } finally {
            following = false;
        }
        followClamp();
    }

    /** Thumbs at the clamp's ends, or at the slider's ends without a clamp. */
    private void followClamp() {
        ValueRange c = heatmap.clampProperty().get();
        following = true;
        try {
            double low = c == null ? slider.getMin() : Math.max(slider.getMin(), Math.min(c.min(), slider.getMax()));
            double high = c == null ? slider.getMax() : Math.min(slider.getMax(), Math.max(c.max(), slider.getMin()));
            // RangeSlider keeps low <= high: move the thumb that makes room first
            if (low > slider.getHighValue()) {
                slider.setHighValue(high);
                slider.setLowValue(low);
            } else {
                slider.setLowValue(low);
                slider.setHighValue(high);
            }
        } finally {
            following = false;
        }
        showEnds();
    }

    private void showEnds() {
        boolean any = sliderRange != null;
        lowLabel.setText(any ? ColorBar.number(slider.getLowValue()) : "–");
        highLabel.setText(any ? ColorBar.number(slider.getHighValue()) : "–");
    }
}
