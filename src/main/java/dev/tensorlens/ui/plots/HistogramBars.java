package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.stats.Histogram;
import dev.tensorlens.ui.common.SceneStyles;
import javafx.geometry.Pos;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

import java.util.Locale;

/**
 * A small histogram drawn as one bar (a plain region) per bin, as tall as its count relative to the fullest bin, with
 * the bin's range and count in its tooltip. The bars share the width; the height is fixed ({@link #HEIGHT}).
 *
 * <p>Feed it a {@link Histogram} on the FX thread ({@link #show}; null clears it), e.g. the one of a
 * {@link TensorDetail}. Its colours ({@code .histogram}, {@code .hist-bar}) come from the theme through
 * {@code plots.css}, which it loads itself.
 */
public final class HistogramBars extends HBox {

    public static final double HEIGHT = 90;

    public HistogramBars() {
        getStyleClass().add("histogram");
        SceneStyles.use(this, PlotStyles.STYLESHEET);
        setAlignment(Pos.BOTTOM_LEFT);
        setMinHeight(HEIGHT);
        setPrefHeight(HEIGHT);
        setMaxHeight(HEIGHT);
    }

    /** Shows {@code h}'s bins; null shows nothing. */
    public void show(Histogram h) {
        getChildren().clear();
        if (h == null) {
            return;
        }
        long max = 1;
        for (long c : h.counts()) {
            max = Math.max(max, c);
        }
        double[] edges = h.edges();
        for (int i = 0; i < h.counts().length; i++) {
            long c = h.counts()[i];
            Region bar = new Region();
            bar.getStyleClass().add("hist-bar");
            // an empty bin stays a hairline, so the bins still read as a range
            double height = c == 0 ? 1 : Math.max(2, (HEIGHT - 4) * c / max);
            bar.setMinHeight(height);
            bar.setPrefHeight(height);
            bar.setMaxHeight(height);
            bar.setMinWidth(2);
            bar.setPrefWidth(8);
            bar.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(bar, Priority.ALWAYS);
            Tooltip tip = new Tooltip(String.format(Locale.ROOT, "[%.4g, %.4g): %,d", edges[i], edges[i + 1], c));
            tip.setShowDelay(Duration.millis(150));
            Tooltip.install(bar, tip);
            getChildren().add(bar);
        }
    }
}
