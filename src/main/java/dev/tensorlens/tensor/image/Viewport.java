package dev.tensorlens.tensor.image;

/**
 * The window of a grid a heatmap shows: {@code rows × cols} cells from cell {@code (row, col)}. Whole cells only, so
 * every cell on screen is a whole number of pixels; when the window holds more cells than there are pixels it is
 * pooled (largest |x| per block, {@link PooledGrid}).
 *
 * <p>The zoom arithmetic ({@link #zoomedAt}, {@link #panned}) is here, free of any UI, so it can be tested alone.
 * Zooming works in <em>pixels per cell</em>, the same across and down: in steps of a factor while a pixel holds
 * several cells, in whole pixels once a cell is at least one pixel, so cells never come out a pixel wider than their
 * neighbours.
 *
 * @param row  the first row shown
 * @param col  the first column shown
 * @param rows how many rows are shown, at least 1
 * @param cols how many columns are shown, at least 1
 */
public record Viewport(int row, int col, int rows, int cols) {

    public Viewport {
        if (row < 0 || col < 0 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("no window: " + rows + " × " + cols + " from (" + row + ", " + col + ")");
        }
    }

    /** The whole of a {@code rows × cols} grid. */
    public static Viewport all(int rows, int cols) {
        return new Viewport(0, 0, Math.max(1, rows), Math.max(1, cols));
    }

    /** One past the last row shown. */
    public int rowEnd() {
        return row + rows;
    }

    /** One past the last column shown. */
    public int colEnd() {
        return col + cols;
    }

    /** Whether this window shows all of a {@code gridRows × gridCols} grid. */
    public boolean coversAll(int gridRows, int gridCols) {
        return row == 0 && col == 0 && rows >= gridRows && cols >= gridCols;
    }

    /** Whether cell {@code (r, c)} is in the window. */
    public boolean contains(int r, int c) {
        return r >= row && r < rowEnd() && c >= col && c < colEnd();
    }

    /** This window moved and shrunk as little as needed to lie inside a {@code gridRows × gridCols} grid. */
    public Viewport clampedTo(int gridRows, int gridCols) {
        int h = Math.min(rows, Math.max(1, gridRows));
        int w = Math.min(cols, Math.max(1, gridCols));
        int r = Math.max(0, Math.min(row, Math.max(1, gridRows) - h));
        int c = Math.max(0, Math.min(col, Math.max(1, gridCols) - w));
        return r == row && c == col && h == rows && w == cols ? this : new Viewport(r, c, h, w);
    }

    /** Moved by {@code dRows} down and {@code dCols} across, stopping at the grid's edges. */
    public Viewport panned(int dRows, int dCols, int gridRows, int gridCols) {
        long r = Math.max(0, Math.min((long) row + dRows, (long) gridRows - rows));
        long c = Math.max(0, Math.min((long) col + dCols, (long) gridCols - cols));
        return new Viewport((int) r, (int) c, rows, cols).clampedTo(gridRows, gridCols);
    }

    /**
     * The pixels each cell of this window gets, the same across and down, when it is fitted into an area of
     * {@code areaWidth × areaHeight} pixels: below 1 when a pixel pools several cells.
     */
    public double pixelsPerCell(int areaWidth, int areaHeight) {
        return Math.min(areaWidth / (double) cols, areaHeight / (double) rows);
    }

    /**
     * The next step of zoom from {@code pixelsPerCell} by {@code factor} (above 1 zooms in): the product while it is
     * below one pixel per cell, then whole pixels, at least one more (or less) than now, so every step changes
     * something.
     */
    public static double nextScale(double pixelsPerCell, double factor) {
        double next = pixelsPerCell * factor;
        if (next < 1) {
            return next;
        }
        double whole = Math.round(next);
        if (factor > 1 && whole <= Math.floor(pixelsPerCell + 1e-9)) {
            whole = Math.floor(pixelsPerCell + 1e-9) + 1;
        } else if (factor < 1 && whole >= Math.ceil(pixelsPerCell - 1e-9)) {
            whole = Math.ceil(pixelsPerCell - 1e-9) - 1;
        }
        return whole < 1 ? next : whole;
    }

    /**
     * The window that shows cells at {@code scale} pixels each (across and down) in an area of
     * {@code areaWidth × areaHeight} pixels, with grid point {@code (atRow, atCol)} (fractional cells) at pixel
     * {@code (atY, atX)} of the area, as near as whole cells allow, inside the grid.
     */
    public static Viewport zoomedAt(double scale, double atRow, double atCol, double atY, double atX,
                                    int areaWidth, int areaHeight, int gridRows, int gridCols) {
        int rows = cellsFor(areaHeight, scale, gridRows);
        int cols = cellsFor(areaWidth, scale, gridCols);
        return new Viewport(0, 0, rows, cols).anchoredAt(atRow, atCol, atY, atX, scale, scale, gridRows, gridCols);
    }

    /**
     * This window, its size kept, moved so that grid point {@code (atRow, atCol)} lies at pixel {@code (atY, atX)}
     * when its cells are {@code cellHeight × cellWidth} pixels (fractional when pooled), inside the grid. With cells
     * of a pixel or more, the cell that holds the point is the one drawn at that pixel (the point may move within
     * it); pooled, the point lies as near as whole cells allow.
     */
    public Viewport anchoredAt(double atRow, double atCol, double atY, double atX, double cellHeight, double cellWidth,
                               int gridRows, int gridCols) {
        long r = origin(atRow, atY, cellHeight);
        long c = origin(atCol, atX, cellWidth);
        r = Math.max(0, Math.min(r, (long) gridRows - rows));
        c = Math.max(0, Math.min(c, (long) gridCols - cols));
        return new Viewport((int) r, (int) c, rows, cols);
    }

    private static long origin(double at, double pixel, double cellPixels) {
        return cellPixels >= 1 ? (long) Math.floor(at) - (long) Math.floor(pixel / cellPixels)
                : Math.round(at - pixel / cellPixels);
    }

    /** Cells of {@code scale} pixels in {@code pixels}: all that fit whole when cells are pixels or more, else all
     * that the pixels pool; at least 1, at most the grid's. */
    private static int cellsFor(int pixels, double scale, int gridCells) {
        double n = scale >= 1 ? Math.floor(pixels / scale + 1e-9) : Math.ceil(pixels / scale - 1e-9);
        return (int) Math.max(1, Math.min(n, Math.max(1, gridCells)));
    }
}
