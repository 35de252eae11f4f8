package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.PooledGrid;
import dev.tensorlens.tensor.image.Viewport;

import java.util.Locale;

/** The {@link Heatmap}'s readout in words: what the picture shows, and the cell under the mouse. */
final class HeatmapText {

    private HeatmapText() {
    }

    /** "4096 × 4096, rows 100–355, cols 40–295 shown as 256 × 256 cells, …" */
    static String summary(HeatmapFrame frame) {
        Grid g = frame.cells().source();
        PooledGrid cells = frame.cells();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d × %d", g.rows(), g.cols()));
        Viewport v = frame.viewport();
        if (frame.zoomed()) {
            b.append(String.format(Locale.ROOT, ", rows %d–%d, cols %d–%d", v.row(), v.rowEnd() - 1, v.col(),
                    v.colEnd() - 1));
        }
        if (cells.rows() < v.rows() || cells.cols() < v.cols()) {
            b.append(String.format(Locale.ROOT, " shown as %d × %d cells, each the largest |x| of its block",
                    cells.rows(), cells.cols()));
        }
        return b.toString();
    }

    /** "row 12, col 40: -0.0213", plus the block when the cell stands for more than one value. */
    static String describe(PooledGrid.Cell c) {
        String text = String.format(Locale.ROOT, "row %d, col %d: %s", c.sourceRow(), c.sourceCol(), value(c.value()));
        return c.pooled() ? text + block(c) : text;
    }

    /** The cell in the grid's own words: a matrix's row and column, a slice's index, a tile grid's filter. */
    static String describe(Grid g, PooledGrid.Cell c) {
        if (c.gap()) {
            return g.describe(c.sourceRow(), c.sourceCol());
        }
        String text = g.describe(c.sourceRow(), c.sourceCol()) + ": " + value(c.value());
        return c.pooled() ? text + block(c) : text;
    }

    private static String block(PooledGrid.Cell c) {
        return String.format(Locale.ROOT, "  (largest |x| of rows %d–%d, cols %d–%d)",
                c.rowFrom(), c.rowTo() - 1, c.colFrom(), c.colTo() - 1);
    }

    /** A value with enough digits to tell weights apart: 6 significant. */
    static String value(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            return Float.toString(v);
        }
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.6g", v);
    }
}
