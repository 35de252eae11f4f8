package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.image.ColorScale;
import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.PooledGrid;
import dev.tensorlens.tensor.image.ValueRange;
import dev.tensorlens.tensor.image.Viewport;

/**
 * What a {@link Heatmap} shows.
 *
 * @param cells    the pooled cells of the window (their blocks in grid cells)
 * @param scale    the colour scale (what the legend shows)
 * @param fit      how many device pixels each cell takes: the image is {@code fit.pixelWidth() × pixelHeight()}
 * @param hasNan   whether the data holds NaN (the legend then shows the NaN colour)
 * @param viewport the window of the grid asked for (the cells' blocks may reach a little beyond it)
 * @param range    the range of the whole grid's values
 * @param times       how long the background steps took
 * @param provisional whether this is a quick picture of a zoom or drag in progress, pooled from a coarser level
 *                    ({@link PooledGrid.Fineness#QUICK}); the exact one follows unless the window moves on
 */
public record HeatmapFrame(PooledGrid cells, ColorScale scale, CellFit fit, boolean hasNan, Viewport viewport,
                           ValueRange range, BuildTimes times, boolean provisional) {

    /** Whether the window is a part of the grid, not all of it. */
    public boolean zoomed() {
        Grid g = cells.source();
        return !viewport.coversAll(g.rows(), g.cols());
    }

    /**
     * Nanoseconds spent off the FX thread on one picture: the range pass is ~0 when it was done before (it is kept
     * per grid), pooling is 0 when only the colours changed. (A pyramid is built after the first picture of a grid,
     * not for it: {@link Heatmap#lastPyramidNanos()}.)
     */
    public record BuildTimes(long rangeNanos, long poolNanos, long paintNanos) {
        public long totalNanos() {
            return rangeNanos + poolNanos + paintNanos;
        }
    }
}
