package dev.tensorlens.tensor.image;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A grid shrunk to at most a given number of cells by <em>max-|x| pooling</em>: each cell stands for a block of
 * the source and keeps the one value of the block with the largest magnitude, sign included. A single exploding
 * weight among a million ordinary ones therefore still shows, in full colour, at any zoom; an average would have
 * washed it out.
 *
 * <p>Blocks: cell row {@code i} of {@code n} covers source rows {@code [i·rows/n, (i+1)·rows/n)} (rounded down),
 * and the same for columns, so when the sizes are not multiples the blocks differ by at most one row or column,
 * and none is empty. A grid is never enlarged: asking for more cells than there are gives one cell per value.
 *
 * <p>Which value wins a block: NaN over everything (a NaN is the thing to see), then ±Inf, then the largest finite
 * |x|; on a tie (+x and -x, or two equal values) the first in row-major order. Each cell remembers where its value
 * came from ({@link #sourceRow}, {@link #sourceCol}), for a hover readout.
 */
public final class PooledGrid {

    private final Grid source;
    private final int rows;
    private final int cols;
    private final int[] rowEdges;
    private final int[] colEdges;
    private final int[] winners;
    private final float[] shown;

    private PooledGrid(Grid source, int[] rowEdges, int[] colEdges, int[] winners, float[] shown) {
        this.source = source;
        this.rows = rowEdges.length - 1;
        this.cols = colEdges.length - 1;
        this.rowEdges = rowEdges;
        this.colEdges = colEdges;
        this.winners = winners;
        this.shown = shown;
    }

    /** Pools {@code grid} to at most {@code maxRows × maxCols} cells (at least one each way, unless it is empty). */
    public static PooledGrid pool(Grid grid, int maxRows, int maxCols) {
        return pool(grid, maxRows, maxCols, () -> false);
    }

    /**
     * Pools as {@link #pool(Grid, int, int)}, asking {@code cancelled} before each row of cells.
     *
     * @throws CancellationException when {@code cancelled} says so: the result is no longer wanted
     */
    public static PooledGrid pool(Grid grid, int maxRows, int maxCols, BooleanSupplier cancelled) {
        int outRows = grid.isEmpty() ? 0 : Math.max(1, Math.min(maxRows, grid.rows()));
        int outCols = grid.isEmpty() ? 0 : Math.max(1, Math.min(maxCols, grid.cols()));
        int[] rowEdges = edges(grid.rows(), outRows);
        int[] colEdges = edges(grid.cols(), outCols);
        float[] v = grid.values();
        int width = grid.cols();
        int[] winners = new int[outRows * outCols];
        float[] shown = new float[outRows * outCols];
        // per cell column of the current cell row, the best key so far. A key is |x|'s bits (which order as |x|
        // does, +Inf above every finite value, every NaN above +Inf) in the high half and the complement of the
        // value's index in the low half, so the first of equal magnitudes is the larger key, and Math.max (no
        // branch to mispredict: a new maximum is a coin toss on noise) keeps both the winner and where it was.
        long[] best = new long[outCols];
        for (int i = 0; i < outRows; i++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("pooling " + grid + " is no longer wanted");
            }
            Arrays.fill(best, Long.MIN_VALUE);
            for (int r = rowEdges[i]; r < rowEdges[i + 1]; r++) {
                int rowStart = r * width;
                for (int j = 0; j < outCols; j++) {
                    long b = best[j];
                    for (int k = rowStart + colEdges[j], end = rowStart + colEdges[j + 1]; k < end; k++) {
                        long magnitude = Float.floatToRawIntBits(v[k]) & 0x7fffffffL;
                        b = Math.max(b, magnitude << 32 | (~k & 0xffffffffL));
                    }
                    best[j] = b;
                }
            }
            // the winners' values now, while their rows are still in the cache: read later, each one would be
            // a cache miss somewhere in the whole source (~5 ms for a million cells)
            for (int j = 0, o = i * outCols; j < outCols; j++, o++) {
                winners[o] = ~(int) best[j];
                shown[o] = v[winners[o]];
            }
        }
        return new PooledGrid(grid, rowEdges, colEdges, winners, shown);
    }

    /** {@code n + 1} block edges over {@code size}: {@code edge[i] = i·size/n}. */
    private static int[] edges(int size, int n) {
        int[] edges = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            edges[i] = (int) ((long) i * size / n);
        }
        return edges;
    }

    public Grid source() {
        return source;
    }

    /** Cell rows. */
    public int rows() {
        return rows;
    }

    /** Cell columns. */
    public int cols() {
        return cols;
    }

    /** The value cell {@code (row, col)} shows. */
    public float value(int row, int col) {
        return shown[row * cols + col];
    }

    /** The source row the value of cell {@code (row, col)} came from. */
    public int sourceRow(int row, int col) {
        return winners[row * cols + col] / source.cols();
    }

    /** The source column the value of cell {@code (row, col)} came from. */
    public int sourceCol(int row, int col) {
        return winners[row * cols + col] % source.cols();
    }

    /** Everything about cell {@code (row, col)}: its value, where that came from, and the block it stands for. */
    public Cell cell(int row, int col) {
        return new Cell(row, col, value(row, col), sourceRow(row, col), sourceCol(row, col),
                rowEdges[row], rowEdges[row + 1], colEdges[col], colEdges[col + 1]);
    }

    /**
     * One cell of a pooled grid.
     *
     * @param row       the cell's row among the cells
     * @param col       the cell's column among the cells
     * @param value     the value it shows: the largest |x| of its block
     * @param sourceRow the source row of that value
     * @param sourceCol the source column of that value
     * @param rowFrom   the block's first source row
     * @param rowTo     one past the block's last source row
     * @param colFrom   the block's first source column
     * @param colTo     one past the block's last source column
     */
    public record Cell(int row, int col, float value, int sourceRow, int sourceCol,
                       int rowFrom, int rowTo, int colFrom, int colTo) {

        /** Whether the cell stands for more than one value. */
        public boolean pooled() {
            return rowTo - rowFrom > 1 || colTo - colFrom > 1;
        }
    }

    /** The first source row of cell row {@code row}'s block. */
    public int blockRowStart(int row) {
        return rowEdges[row];
    }

    /** One past the last source row of cell row {@code row}'s block. */
    public int blockRowEnd(int row) {
        return rowEdges[row + 1];
    }

    /** The first source column of cell column {@code col}'s block. */
    public int blockColStart(int col) {
        return colEdges[col];
    }

    /** One past the last source column of cell column {@code col}'s block. */
    public int blockColEnd(int col) {
        return colEdges[col + 1];
    }

    /**
     * Writes the colour of every cell into {@code argb}, row-major, {@code rows() × cols()} of them from index 0:
     * the pixels of an image with one pixel per cell.
     */
    public void paint(ColorScale scale, int[] argb) {
        paint(scale, argb, 1, 1);
    }

    /**
     * Writes an image in which every cell is a block of {@code cellWidth × cellHeight} pixels of its colour:
     * {@code cols()·cellWidth} pixels across and {@code rows()·cellHeight} down, row-major from index 0. Shown one
     * image pixel per screen pixel, it needs no scaling, so nothing can blur the cells' edges.
     */
    public void paint(ColorScale scale, int[] argb, int cellWidth, int cellHeight) {
        if (cellWidth < 1 || cellHeight < 1) {
            throw new IllegalArgumentException("cells of " + cellWidth + " × " + cellHeight + " pixels");
        }
        int width = cols * cellWidth;
        if ((long) argb.length < (long) width * rows * cellHeight) {
            throw new IllegalArgumentException(argb.length + " pixels for " + rows + " × " + cols + " cells of "
                    + cellWidth + " × " + cellHeight);
        }
        int[] line = cellWidth == 1 ? null : new int[cols];
        for (int i = 0; i < rows; i++) {
            int start = i * cellHeight * width;
            if (line == null) {
                scale.argb(shown, i * cols, cols, argb, start);
            } else {
                scale.argb(shown, i * cols, cols, line, 0);
                for (int j = 0; j < cols; j++) {
                    Arrays.fill(argb, start + j * cellWidth, start + (j + 1) * cellWidth, line[j]);
                }
            }
            for (int y = 1; y < cellHeight; y++) {
                System.arraycopy(argb, start, argb, start + y * width, width);
            }
        }
    }
}
