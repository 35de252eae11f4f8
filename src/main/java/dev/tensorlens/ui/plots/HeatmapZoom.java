package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.Viewport;

/**
 * The geometry of a {@link Heatmap}'s zoom: which window of the grid to show after a zoom step around a point, so
 * that the cell under the pointer stays under it. Pure arithmetic on device pixels, kept apart from the control.
 */
final class HeatmapZoom {

    private HeatmapZoom() {
    }

    /**
     * How a window fits the area: square cells for a grid with gaps (filter tiles keep their shape), else filling
     * the area as {@link CellFit#of} does.
     */
    static CellFit fit(Grid g, Viewport window, int areaWidth, int areaHeight) {
        return g.hasGaps() ? CellFit.square(window.rows(), window.cols(), areaWidth, areaHeight)
                : CellFit.of(window.rows(), window.cols(), areaWidth, areaHeight);
    }

    /**
     * The window after zooming {@code now} by {@code factor} (above 1: in) around the device pixel {@code (atX, atY)}
     * of its picture, in an area of {@code areaW × areaH} device pixels; {@code now} itself when the zoom cannot go
     * further that way.
     */
    static Viewport zoomed(Grid g, Viewport now, int areaW, int areaH, double factor, double atX, double atY) {
        CellFit nowFit = fit(g, now, areaW, areaH);
        double scale = now.pixelsPerCell(areaW, areaH);
        double next = Math.min(Viewport.nextScale(scale, factor), Math.min(areaW, areaH));
        if (next == scale) {
            return now;
        }
        double y = Math.max(0, Math.min(atY, nowFit.pixelHeight() - 1e-6));
        double x = Math.max(0, Math.min(atX, nowFit.pixelWidth() - 1e-6));
        double atRow = now.row() + cellsAt(y, nowFit.cellHeight(), nowFit.cellRows(), now.rows());
        double atCol = now.col() + cellsAt(x, nowFit.cellWidth(), nowFit.cellCols(), now.cols());
        Viewport v = Viewport.zoomedAt(next, atRow, atCol, y, x, areaW, areaH, g.rows(), g.cols());
        // the cells come out a little larger than the scale asked when the area is not a multiple of it: anchor the
        // window with the pixels they will really have, so the cell under the pointer stays under it
        CellFit fit = fit(g, v, areaW, areaH);
        return v.anchoredAt(atRow, atCol, y, x, fit.pixelHeight() / (double) v.rows(),
                fit.pixelWidth() / (double) v.cols(), g.rows(), g.cols());
    }

    /**
     * How many grid cells from the window's edge pixel {@code p} lies, for a window of {@code size} cells drawn as
     * {@code n} cells of {@code cellPixels} each (blocks of {@code size / n} cells when pooled).
     */
    private static double cellsAt(double p, int cellPixels, int n, int size) {
        double t = Math.max(0, Math.min(p / cellPixels, n - 1e-9));
        int i = (int) t;
        long from = (long) i * size / n;
        long to = (long) (i + 1) * size / n;
        return from + (t - i) * (to - from);
    }
}
