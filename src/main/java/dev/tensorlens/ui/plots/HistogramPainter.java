package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.stats.SharedBins;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

import java.util.function.DoubleUnaryOperator;

/**
 * Paints a {@link HistogramPlot}'s bars and its highlighted spans on the plot area, once the axes are placed: pixel
 * positions come from {@code toX} (a value) and {@code toY} (a count). Bars snap to whole pixels, so neighbouring
 * bins never blur into each other.
 */
final class HistogramPainter {

    /** How opaque each of two overlaid series is: both show where they overlap. */
    static final double OVERLAY_OPACITY = 0.45;

    private HistogramPainter() {
    }

    /** The bars of every series in {@code b}, series {@code s} in {@code colors[s]}; overlaid series get outlines. */
    static void bars(GraphicsContext g, SharedBins b, Color[] colors, DoubleUnaryOperator toX, DoubleUnaryOperator toY,
                     PlotArea a) {
        double[] e = b.edges();
        boolean overlay = b.histograms().size() > 1;
        for (int s = 0; s < b.histograms().size(); s++) {
            Color c = colors[s];
            long[] counts = b.histograms().get(s).counts();
            g.setFill(overlay ? Color.color(c.getRed(), c.getGreen(), c.getBlue(), OVERLAY_OPACITY) : c);
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    continue;
                }
                double x0 = Math.floor(toX.applyAsDouble(e[i]));
                double x1 = Math.floor(toX.applyAsDouble(e[i + 1]));
                double w = Math.max(1, x1 - x0 - (x1 - x0 >= 5 && !overlay ? 1 : 0));
                // a bin that holds anything is at least a pixel tall: one outlier among millions still shows
                double top = Math.min(a.bottom() - 1, Math.round(toY.applyAsDouble(counts[i])));
                g.fillRect(x0, top, w, a.bottom() - top);
            }
        }
        if (overlay) { // the outlines over both fills, so neither hides the other's edge
            for (int s = 0; s < b.histograms().size(); s++) {
                outline(g, colors[s], b.histograms().get(s).counts(), e, toX, toY, a);
            }
        }
    }

    /** The top edge of a series' bars as one line in its full colour, so two overlaid series stay apart. */
    private static void outline(GraphicsContext g, Color c, long[] counts, double[] e,
                                DoubleUnaryOperator toX, DoubleUnaryOperator toY, PlotArea a) {
        g.setStroke(c);
        g.setLineWidth(1.5);
        g.beginPath();
        g.moveTo(Math.floor(toX.applyAsDouble(e[0])), a.bottom());
        for (int i = 0; i < counts.length; i++) {
            double top = counts[i] == 0 ? a.bottom() : Math.min(a.bottom() - 1, Math.round(toY.applyAsDouble(counts[i])));
            g.lineTo(Math.floor(toX.applyAsDouble(e[i])), top);
            g.lineTo(Math.floor(toX.applyAsDouble(e[i + 1])), top);
        }
        g.lineTo(Math.floor(toX.applyAsDouble(e[e.length - 1])), a.bottom());
        g.stroke();
    }

    /** A drag's span across the plot's height: shaded, with a line at each end. */
    static void span(GraphicsContext g, PlotPalette palette, double x0, double x1, PlotArea a) {
        g.setFill(palette.color(PlotPalette.Role.HIGHLIGHT));
        g.fillRect(x0, a.y(), x1 - x0, a.height());
        g.setStroke(palette.color(PlotPalette.Role.SERIES_1));
        g.setLineWidth(1);
        g.strokeLine(AxisPainter.crisp(x0), a.y(), AxisPainter.crisp(x0), a.bottom());
        g.strokeLine(AxisPainter.crisp(x1), a.y(), AxisPainter.crisp(x1), a.bottom());
    }
}
