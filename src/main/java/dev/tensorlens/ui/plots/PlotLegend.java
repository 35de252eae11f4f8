package dev.tensorlens.ui.plots;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

import java.util.List;

/**
 * The row above a plot that names its series, each with a swatch of its colour ({@code -tl-plot-series-1},
 * {@code -tl-plot-series-2}: the same looked-up colours the canvas paints with). Hidden when no series has a name.
 */
final class PlotLegend extends HBox {

    PlotLegend() {
        super(14);
        getStyleClass().add("plot-legend");
        setAlignment(Pos.CENTER_LEFT);
        setVisible(false);
    }

    /** One entry per name, in series order; an empty name gets no entry. */
    void show(List<String> names) {
        getChildren().clear();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isEmpty()) {
                continue;
            }
            Region swatch = new Region();
            swatch.getStyleClass().addAll("plot-swatch", "series-" + (i + 1));
            Label label = new Label(name, swatch);
            label.getStyleClass().add("plot-legend-entry");
            label.setMinWidth(Region.USE_PREF_SIZE);
            getChildren().add(label);
        }
        setVisible(!getChildren().isEmpty());
        requestLayout();
    }
}
