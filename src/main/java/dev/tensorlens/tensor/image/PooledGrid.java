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
 * <p>Blocks: pooled from the grid's own cells, cell row {@code i} of {@code n} covers source rows
 * {@code [i·rows/n, (i+1)·rows/n)} (rounded down), and the same for columns, so when the sizes are not multiples the
 * blocks differ by at most one row or column, and none is empty. A grid is never enlarged: asking for more cells
 * than there are gives one cell per value. Pooled from a {@link Pyramid} level (a window of a large grid), blocks
 * are whole level cells.
 *
 * <p>Which value wins a block: NaN over everything (a NaN is the thing to see), then ±Inf, then the largest finite
 * |x|; a gap ({@link Grid#GAP}) only where the block holds nothing else. On a tie (+x and -x, or two equal values)
 * the first in row-major order when pooled from an array's own cells, else the negative one (see {@link MaxAbs}).
 * Each cell tells where its value came from ({@link #sourceRow}, {@link #sourceCol}, {@link #cell}), for a hover
 * readout.
 *
 * <p>Every value shown is canonical: a NaN is {@link Float#NaN}, so only a gap has the bits of {@link Grid#GAP}.
 */
public final class PooledGrid {

    private final Grid source;
    private final int rows;
    private final int cols;
    private final int[] rowEdges;
    private final int[] colEdges;
    /** Row-major index of each cell's winner in the source, or null: looked up when asked. */
    private final int[] winners;
    private final float[] shown;
    private final int level;

    private PooledGrid(Grid source, int[] rowEdges, int[] colEdges, int[] winners, float[] shown, int level) {
        this.source = source;
        this.rows = rowEdges.length - 1;
        this.cols = colEdges.length - 1;
        this.rowEdges = rowEdges;
        this.colEdges = colEdges;
        this.winners = winners;
        this.shown = shown;
        this.level = level;
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
        if (grid.isEmpty()) {
            return new PooledGrid(grid, new int[1], new int[1], new int[0], new float[0], 0);
        }
        return pool(grid, null, Viewport.all(grid.rows(), grid.cols()), maxRows, maxCols, cancelled);
    }

    /**
     * How finely a window is pooled from a pyramid: which level's cells make up the blocks.
     *
     * <ul>
     *   <li>{@link #EXACT}: the coarsest level whose cells are at most half a block each way, so blocks hold at least
     *       two level cells and differ in size by at most half: pooled noise looks even. Below 4 grid cells per pixel
     *       that is the grid's own cells (up to 16 per pixel to read).</li>
     *   <li>{@link #QUICK}: the coarsest level whose cells are at most a block, so at most about 4 cells per pixel
     *       are read; blocks of one or two level cells, so pooled noise can show faint lines where the blocks are
     *       the larger. For a picture in the middle of a zoom or a drag, replaced by an exact one when it stops.</li>
     * </ul>
     */
    public enum Fineness { EXACT, QUICK }

    /** {@link #pool(Grid, Pyramid, Viewport, int, int, Fineness, BooleanSupplier)} with {@link Fineness#EXACT}. */
    public static PooledGrid pool(Grid grid, Pyramid pyramid, Viewport window, int maxRows, int maxCols,
                                  BooleanSupplier cancelled) {
        return pool(grid, pyramid, window, maxRows, maxCols, Fineness.EXACT, cancelled);
    }

    /**
     * Pools the cells of {@code window} to at most {@code maxRows × maxCols} cells, from the level of
     * {@code pyramid} (null: the grid's own cells) that {@code fineness} picks. From a level, blocks start and end
     * on that level's cells: the picture may reach up to a level cell (less than a block) beyond the window.
     *
     * @throws CancellationException when {@code cancelled} says so
     */
    public static PooledGrid pool(Grid grid, Pyramid pyramid, Viewport window, int maxRows, int maxCols,
                                  Fineness fineness, BooleanSupplier cancelled) {
        if (grid.isEmpty()) {
            return pool(grid, maxRows, maxCols, cancelled);
        }
        if (pyramid != null && pyramid.grid() != grid) {
            throw new IllegalArgumentException(pyramid + " is not the pyramid of " + grid);
        }
        Viewport w = window.clampedTo(grid.rows(), grid.cols());
        int outRows = Math.max(1, Math.min(maxRows, w.rows()));
        int outCols = Math.max(1, Math.min(maxCols, w.cols()));
        int k = level(grid, pyramid, window, maxRows, maxCols, fineness);
        if (k == 0) {
            int[] rowEdges = edges(w.row(), w.rows(), outRows);
            int[] colEdges = edges(w.col(), w.cols(), outCols);
            float[] shown = new float[outRows * outCols];
            if (grid.hasArray()) {
                int[] winners = new int[outRows * outCols];
                MaxAbs.indexed(grid.values(), grid.cols(), rowEdges, colEdges, shown, winners, cancelled);
                return new PooledGrid(grid, rowEdges, colEdges, winners, shown, 0);
            }
            MaxAbs.valued(MaxAbs.grid(grid), rowEdges, colEdges, shown, cancelled);
            return new PooledGrid(grid, rowEdges, colEdges, null, shown, 0);
        }
        Pyramid.Level level = pyramid.level(k);
        int rs = level.rowSpan();
        int cs = level.colSpan();
        int r0 = w.row() / rs;
        int r1 = Math.min(level.rows(), (w.rowEnd() + rs - 1) / rs);
        int c0 = w.col() / cs;
        int c1 = Math.min(level.cols(), (w.colEnd() + cs - 1) / cs);
        outRows = Math.min(outRows, r1 - r0);
        outCols = Math.min(outCols, c1 - c0);
        int[] levelRows = edges(r0, r1 - r0, outRows);
        int[] levelCols = edges(c0, c1 - c0, outCols);
        float[] shown = new float[outRows * outCols];
        MaxAbs.valued(MaxAbs.array(level.values(), level.cols(), true), levelRows, levelCols, shown, cancelled);
        return new PooledGrid(grid, scaled(levelRows, rs, grid.rows()), scaled(levelCols, cs, grid.cols()), null,
                shown, k);
    }

    /** The pyramid level (0: the grid's own cells) a window is pooled from at {@code fineness}. */
    public static int level(Grid grid, Pyramid pyramid, Viewport window, int maxRows, int maxCols, Fineness fineness) {
        if (pyramid == null || grid.isEmpty()) {
            return 0;
        }
        Viewport w = window.clampedTo(grid.rows(), grid.cols());
        int perRow = w.rows() / Math.max(1, Math.min(maxRows, w.rows()));
        int perCol = w.cols() / Math.max(1, Math.min(maxCols, w.cols()));
        int k = 0;
        while (k < pyramid.levels() && fits(pyramid.rowSpan(k + 1), perRow, fineness)
                && fits(pyramid.colSpan(k + 1), perCol, fineness)) {
            k++;
        }
        return k;
    }

    /** About how many cells pooling a window from level {@code k} reads. */
    public static long cellsRead(Grid grid, Pyramid pyramid, Viewport window, int k) {
        Viewport w = window.clampedTo(grid.rows(), grid.cols());
        long rs = k == 0 ? 1 : pyramid.rowSpan(k);
        long cs = k == 0 ? 1 : pyramid.colSpan(k);
        return ((w.rows() + rs - 1) / rs) * ((w.cols() + cs - 1) / cs);
    }

    /** Whether level cells of {@code span} grid cells are fine enough for blocks of {@code perBlock}. */
    private static boolean fits(int span, int perBlock, Fineness fineness) {
        return span == 1 || (fineness == Fineness.EXACT ? span * 2 <= perBlock : span <= perBlock);
    }

    private static int[] scaled(int[] levelEdges, int span, int size) {
        int[] e = new int[levelEdges.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = (int) Math.min(size, (long) levelEdges[i] * span);
        }
        return e;
    }

    /** {@code n + 1} block edges over {@code size} cells from {@code from}: {@code edge[i] = from + i·size/n}. */
    private static int[] edges(int from, int size, int n) {
        int[] edges = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            edges[i] = from + (int) ((long) i * size / n);
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

    /** The pyramid level the cells were pooled from: 0 for the grid's own cells. */
    public int level() {
        return level;
    }

    /** The source row the value of cell {@code (row, col)} came from. */
    public int sourceRow(int row, int col) {
        return winner(row, col) / source.cols();
    }

    /** The source column the value of cell {@code (row, col)} came from. */
    public int sourceCol(int row, int col) {
        return winner(row, col) % source.cols();
    }

    /**
     * The row-major index of the cell's winner: known when pooled from the grid's own array, else the first cell of
     * the block (row-major) with exactly the bits shown, which exists because every level keeps a cell's own value.
     */
    private int winner(int row, int col) {
        if (winners != null) {
            return winners[row * cols + col];
        }
        int bits = Float.floatToRawIntBits(shown[row * cols + col]);
        int c0 = colEdges[col];
        int n = colEdges[col + 1] - c0;
        float[] line = new float[Math.min(n, MaxAbs.CHUNK)];
        for (int r = rowEdges[row]; r < rowEdges[row + 1]; r++) {
            for (int c = c0; c < c0 + n; c += line.length) {
                int m = Math.min(line.length, c0 + n - c);
                source.read(r, c, m, line, 0);
                for (int k = 0; k < m; k++) {
                    if (Float.floatToRawIntBits(line[k]) == bits) {
                        return r * source.cols() + c + k;
                    }
                }
            }
        }
        throw new IllegalStateException("no cell of block " + row + ", " + col + " holds " + shown[row * cols + col]);
    }

    /** Everything about cell {@code (row, col)}: its value, where that came from, and the block it stands for. */
    public Cell cell(int row, int col) {
        int w = winner(row, col);
        return new Cell(row, col, value(row, col), w / source.cols(), w % source.cols(),
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

        /** Whether the cell holds no value: a gap between the tiles of a tile grid (drawn as background). */
        public boolean gap() {
            return Float.floatToRawIntBits(value) == Grid.GAP_BITS;
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
