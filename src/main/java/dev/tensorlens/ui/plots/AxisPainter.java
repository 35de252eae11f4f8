package dev.tensorlens.ui.plots;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.function.DoubleUnaryOperator;

/**
 * Paints axes on a plot's canvas the same way in every plot: grid lines at the y ticks, tick labels left of the
 * area and below it (those that would overlap a neighbour are left out), the axis lines, and a short title above
 * the y axis ("count", "L2 norm"). Lines sit on half pixels so that they are one crisp pixel wide.
 */
final class AxisPainter {

    static final double TICK = 4;
    static final double LABEL_GAP = 3;

    private final GraphicsContext g;
    private final PlotPalette palette;
    private final Font font;
    private final double lineHeight;

    AxisPainter(GraphicsContext g, PlotPalette palette) {
        this.g = g;
        this.palette = palette;
        this.font = palette.smallFont();
        this.lineHeight = PlotText.lineHeight(font);
        g.setLineCap(StrokeLineCap.BUTT); // a line ends where it is told: a tick does not poke into the bars
    }

    Font font() {
        return font;
    }

    double lineHeight() {
        return lineHeight;
    }

    /** How wide the widest of {@code labels} is. */
    double widest(String[] labels) {
        double w = 0;
        for (String s : labels) {
            w = Math.max(w, PlotText.width(font, s));
        }
        return w;
    }

    /** The area inside a canvas that leaves room for y labels as wide as {@code yLabelWidth}, a title line, x labels. */
    PlotArea area(double canvasWidth, double canvasHeight, double yLabelWidth, boolean title, double extraBottom) {
        double left = Math.ceil(yLabelWidth + TICK + LABEL_GAP + 2);
        // a title sits wholly above the top tick label, which is centred on the area's top edge
        double top = title ? Math.ceil(lineHeight * 1.5 + 4) : Math.ceil(lineHeight / 2 + 2);
        double bottom = Math.ceil(TICK + LABEL_GAP + lineHeight + 2 + extraBottom);
        double right = Math.ceil(Math.max(10, lineHeight));
        return new PlotArea(left, top, Math.max(0, canvasWidth - left - right), Math.max(0, canvasHeight - top - bottom));
    }

    /** Grid lines and labels at the y ticks, and the y axis line. */
    void yAxis(PlotArea a, double[] values, String[] labels, DoubleUnaryOperator toY) {
        g.setLineWidth(1);
        g.setFont(font);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        double lastLabelY = Double.POSITIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            double y = crisp(toY.applyAsDouble(values[i]));
            if (y < a.y() - 0.5 || y > a.bottom() + 0.5) {
                continue;
            }
            g.setStroke(palette.color(PlotPalette.Role.GRID));
            g.strokeLine(a.x(), y, a.right(), y);
            g.setStroke(palette.color(PlotPalette.Role.AXIS));
            g.strokeLine(a.x() - TICK, y, a.x(), y);
            if (lastLabelY - y >= lineHeight) { // ascending values go up the canvas
                g.setFill(palette.color(PlotPalette.Role.TEXT));
                g.fillText(labels[i], a.x() - TICK - LABEL_GAP, y);
                lastLabelY = y;
            }
        }
        g.setStroke(palette.color(PlotPalette.Role.AXIS));
        double x = crisp(a.x());
        g.strokeLine(x, a.y(), x, a.bottom());
    }

    /** Tick marks and labels below the area at the x ticks (a label that would touch its neighbour is left out). */
    void xAxis(PlotArea a, double[] values, String[] labels, DoubleUnaryOperator toX) {
        g.setLineWidth(1);
        g.setFont(font);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        double lastRight = Double.NEGATIVE_INFINITY;
        double labelTop = a.bottom() + TICK + LABEL_GAP;
        for (int i = 0; i < values.length; i++) {
            double x = crisp(toX.applyAsDouble(values[i]));
            if (x < a.x() - 0.5 || x > a.right() + 0.5) {
                continue;
            }
            g.setStroke(palette.color(PlotPalette.Role.AXIS));
            g.strokeLine(x, a.bottom(), x, a.bottom() + TICK);
            double w = PlotText.width(font, labels[i]);
            if (x - w / 2 >= lastRight + 8) {
                g.setFill(palette.color(PlotPalette.Role.TEXT));
                g.fillText(labels[i], x, labelTop);
                lastRight = x + w / 2;
            }
        }
        g.setStroke(palette.color(PlotPalette.Role.AXIS));
        double y = crisp(a.bottom());
        g.strokeLine(a.x(), y, a.right(), y);
    }

    /** A horizontal line across the area at {@code y} in the axis colour: the zero baseline. */
    void baseline(PlotArea a, double y) {
        if (y >= a.y() - 0.5 && y <= a.bottom() + 0.5) {
            g.setLineWidth(1);
            g.setStroke(palette.color(PlotPalette.Role.AXIS));
            double c = crisp(y);
            g.strokeLine(a.x(), c, a.right(), c);
        }
    }

    /** The y axis's title, above its top, left-aligned with the tick labels. */
    void title(PlotArea a, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        g.setFont(font);
        g.setFill(palette.color(PlotPalette.Role.TEXT));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(text, 2, a.y() - lineHeight / 2 - 1);
    }

    /** {@code v} on the middle of a pixel, where a one-pixel line is sharp. */
    static double crisp(double v) {
        return Math.floor(v) + 0.5;
    }
}
