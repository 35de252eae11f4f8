package dev.tensorlens.tensor.image;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A grid pooled again and again by max-|x| into coarser levels, built once so that a zoomed or panned picture is
 * pooled from the level that has just enough cells, not from every cell of the grid: a 4096 × 4096 matrix is read
 * once to build the levels (16 M cells), then every redraw reads a few million at most.
 *
 * <p>Each level halves the one below (max-|x| of 2 × 2 cells; an odd last row or column stands alone). A long,
 * thin grid halves only its long side until the sides are within a factor of two of each other, so a strip of
 * 1 × 16 M still gets levels. Levels stop at {@link #TOP} cells a side. A level cell holds the winner's value,
 * canonical (see {@link MaxAbs}); where it came from is looked up when asked.
 *
 * <p>Memory: a third of the grid's cell count in floats (about 21 MiB for 4096 × 4096).
 */
public final class Pyramid {

    /** A level whose longer side is at most this is the last. */
    public static final int TOP = 64;
    /** Grids with fewer cells than this are pooled from their own cells at every redraw: no pyramid is needed. */
    public static final long WORTH_IT = 1L << 20;

    /** One level: {@code rows × cols} cells, each standing for {@code rowSpan × colSpan} cells of the grid. */
    record Level(int rows, int cols, int rowSpan, int colSpan, float[] values) {
    }

    private final Grid grid;
    private final List<Level> levels;

    private Pyramid(Grid grid, List<Level> levels) {
        this.grid = grid;
        this.levels = List.copyOf(levels);
    }

    /** Whether a pyramid pays off for {@code grid}: it has at least {@link #WORTH_IT} cells. */
    public static boolean worthBuilding(Grid grid) {
        return (long) grid.rows() * grid.cols() >= WORTH_IT;
    }

    /**
     * Builds the levels of {@code grid}, asking {@code cancelled} before each row of each level.
     *
     * @throws java.util.concurrent.CancellationException when {@code cancelled} says so
     */
    public static Pyramid build(Grid grid, BooleanSupplier cancelled) {
        List<Level> levels = new ArrayList<>();
        int rows = grid.rows();
        int cols = grid.cols();
        int rowSpan = 1;
        int colSpan = 1;
        MaxAbs.Rows below = MaxAbs.grid(grid);
        while (!grid.isEmpty() && Math.max(rows, cols) > TOP) {
            boolean halveRows = rows > 1 && 2L * rows >= cols;
            boolean halveCols = cols > 1 && 2L * cols >= rows;
            int nextRows = halveRows ? (rows + 1) / 2 : rows;
            int nextCols = halveCols ? (cols + 1) / 2 : cols;
            float[] next;
            if (halveRows && halveCols) {
                next = MaxAbs.halve(below, rows, cols, cancelled);
            } else {
                next = new float[nextRows * nextCols];
                MaxAbs.valued(below, pairs(rows, halveRows), pairs(cols, halveCols), next, cancelled);
            }
            rowSpan *= halveRows ? 2 : 1;
            colSpan *= halveCols ? 2 : 1;
            levels.add(new Level(nextRows, nextCols, rowSpan, colSpan, next));
            below = MaxAbs.array(next, nextCols, true);
            rows = nextRows;
            cols = nextCols;
        }
        return new Pyramid(grid, levels);
    }

    /** Edges {@code 0, 2, 4, …, size} (the last block may be one), or every cell its own block. */
    private static int[] pairs(int size, boolean halve) {
        int n = halve ? (size + 1) / 2 : size;
        int[] edges = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            edges[i] = Math.min(size, halve ? 2 * i : i);
        }
        return edges;
    }

    public Grid grid() {
        return grid;
    }

    /** Levels above the grid itself. */
    public int levels() {
        return levels.size();
    }

    /** Level {@code k}, 1 … {@link #levels()} (level 0 is the grid). */
    Level level(int k) {
        return levels.get(k - 1);
    }

    /** Bytes the levels hold. */
    public long bytes() {
        long n = 0;
        for (Level l : levels) {
            n += 4L * l.values().length;
        }
        return n;
    }

    /** The value of cell {@code (row, col)} of level {@code k} (1 … levels()): for tests. */
    float value(int k, int row, int col) {
        Level l = level(k);
        return l.values()[row * l.cols() + col];
    }

    /** The grid cells a level's cell stands for, down: its row span. */
    int rowSpan(int k) {
        return k == 0 ? 1 : level(k).rowSpan();
    }

    int colSpan(int k) {
        return k == 0 ? 1 : level(k).colSpan();
    }

    @Override
    public String toString() {
        return "Pyramid[" + grid + ", " + levels.size() + " levels, " + (bytes() >> 10) + " KiB]";
    }
}
