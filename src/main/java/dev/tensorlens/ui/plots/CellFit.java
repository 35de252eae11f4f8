package dev.tensorlens.ui.plots;

/**
 * How a {@code rows × cols} grid fits an area of {@code width × height} device pixels: how many cells to pool it
 * to and how many whole pixels each cell takes. Every cell gets the same whole number of pixels each way, so the
 * picture is pixel-exact (no cell is a pixel wider than its neighbour, nothing is blurred).
 *
 * <ul>
 *   <li>More values than pixels: pooled to one cell per pixel, filling the area.</li>
 *   <li>Fewer: one cell per value, as large as fits, square once both sides are at least {@link #STRIP} pixels.</li>
 *   <li>A strip (a vector, or any matrix much longer than wide) keeps its thin side at most {@link #STRIP} pixels
 *       thick instead of stretching a handful of values over the whole area.</li>
 * </ul>
 *
 * <p>{@link #square} keeps the grid's aspect instead, for pictures whose shapes mean something (the filter tiles of
 * a convolution): cells are squares of whole pixels, or, with more cells than pixels, pooled by the same factor both
 * ways.
 *
 * @param cellRows   cells down
 * @param cellCols   cells across
 * @param cellHeight device pixels per cell, down
 * @param cellWidth  device pixels per cell, across
 */
public record CellFit(int cellRows, int cellCols, int cellHeight, int cellWidth) {

    /** The most pixels the thin side of a strip takes. */
    public static final int STRIP = 24;

    public static final CellFit NONE = new CellFit(0, 0, 0, 0);

    public static CellFit of(int rows, int cols, int width, int height) {
        if (rows <= 0 || cols <= 0 || width <= 0 || height <= 0) {
            return NONE;
        }
        int cellRows = Math.min(rows, height);
        int cellCols = Math.min(cols, width);
        int h = height / cellRows;
        int w = width / cellCols;
        int cellHeight = Math.min(h, Math.max(w, STRIP));
        int cellWidth = Math.min(w, Math.max(h, STRIP));
        return new CellFit(cellRows, cellCols, cellHeight, cellWidth);
    }

    /** Like {@link #of}, but cells are square: the grid keeps its aspect and the area may be left partly empty. */
    public static CellFit square(int rows, int cols, int width, int height) {
        if (rows <= 0 || cols <= 0 || width <= 0 || height <= 0) {
            return NONE;
        }
        double scale = Math.min(width / (double) cols, height / (double) rows);
        if (scale >= 1) {
            int s = (int) scale;
            return new CellFit(rows, cols, s, s);
        }
        int cellRows = Math.max(1, Math.min(height, (int) Math.ceil(rows * scale)));
        int cellCols = Math.max(1, Math.min(width, (int) Math.ceil(cols * scale)));
        return new CellFit(cellRows, cellCols, 1, 1);
    }

    /** Device pixels the picture takes across. */
    public int pixelWidth() {
        return cellCols * cellWidth;
    }

    /** Device pixels the picture takes down. */
    public int pixelHeight() {
        return cellRows * cellHeight;
    }
}
