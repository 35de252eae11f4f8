package dev.tensorlens.tensor.image;

import java.util.Arrays;
import java.util.Locale;

/**
 * Values seen as a matrix of {@code rows × cols}: what a heatmap draws. Either a float array in row-major (C) order
 * ({@link #matrix}, {@link #of}), or a view over a tensor's bytes that decodes the cells it is asked for
 * ({@link TensorGrids}): neither copies the data, so whoever made the grid must not change it afterwards.
 *
 * <p>How a tensor's shape becomes rows and columns ({@link #of}): a 2-D tensor is itself; a 1-D tensor of n
 * elements is one row of n (a strip), as is a scalar (1 × 1); a tensor of more dimensions keeps its last dimension
 * as the columns and stacks all the others as rows, like numpy's {@code x.reshape(-1, x.shape[-1])}. A shape
 * with no element is an empty grid (0 × 0).
 *
 * <p>A view may have <em>gaps</em>: cells that hold no value, such as the one-cell lines between the filter tiles of
 * a convolution's weights. A gap reads as {@link #GAP}, is never pooled over a value, is left out of the
 * {@link #range()}, and is drawn as background.
 */
public final class Grid {

    /**
     * The raw bits of a gap: a NaN with every payload bit and the sign set. No arithmetic produces it, and the cells
     * a view reads have every NaN of the data made the canonical {@link Float#NaN} (0x7fc00000), so the two never
     * meet. Compare with {@link Float#floatToRawIntBits}, never {@code floatToIntBits} (which folds every NaN to one).
     */
    public static final int GAP_BITS = 0xFFFFFFFF;
    /** A gap as a float (see {@link #GAP_BITS}). */
    public static final float GAP = Float.intBitsToFloat(GAP_BITS);

    /**
     * Where the cells of a view come from. Implementations read from a tensor's bytes; {@link #read} is the hot
     * path (a heatmap reads whole rows), {@link #get} the readout's.
     */
    interface Source {
        /**
         * Cells {@code col … col+count-1} of {@code row} into {@code dst} from {@code off}: every NaN as
         * {@link Float#NaN}, every gap as {@link #GAP}.
         */
        void read(int row, int col, int count, float[] dst, int off);

        default float get(int row, int col) {
            float[] one = new float[1];
            read(row, col, 1, one, 0);
            return one[0];
        }

        /** Whether any cell can be a gap. */
        boolean hasGaps();

        /** Where cell {@code (row, col)} lies in the data, in words: {@code [2, 5, 7]}, {@code filter (3, 1) …}. */
        String describe(int row, int col);
    }

    private final float[] values;
    private final Source source;
    private final int rows;
    private final int cols;
    private volatile ValueRange range;

    private Grid(float[] values, Source source, int rows, int cols) {
        this.values = values;
        this.source = source;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * A {@code rows × cols} matrix over {@code values}.
     *
     * @throws IllegalArgumentException when a size is negative or {@code values} does not hold exactly rows × cols
     */
    public static Grid matrix(float[] values, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException(rows + " × " + cols + " does not fit " + values.length + " values");
        }
        return new Grid(values, null, rows, cols);
    }

    /**
     * The values of a tensor of the given shape, as rows and columns (see the class comment).
     *
     * @throws IllegalArgumentException when the shape does not describe exactly {@code values.length} elements
     */
    public static Grid of(float[] values, long... shape) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is negative");
            }
            count = d == 0 || count == 0 ? 0 : count <= Integer.MAX_VALUE / d ? count * d : Long.MAX_VALUE;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not fit " + values.length
                    + " values");
        }
        if (shape.length == 0) {
            return matrix(values, 1, 1);
        }
        if (count == 0) {
            return matrix(values, 0, 0); // nothing to show, whichever dimension is 0
        }
        int cols = (int) shape[shape.length - 1];
        return matrix(values, values.length / cols, cols);
    }

    /**
     * A view of {@code rows × cols} cells read from {@code source}.
     *
     * @throws IllegalArgumentException when the grid has more cells than an int can count (cells are addressed by
     *                                  their row-major index)
     */
    static Grid view(int rows, int cols, Source source) {
        if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + " × " + cols + " cells are more than a heatmap can address");
        }
        return new Grid(null, source, rows, cols);
    }

    /** Whether the values are a float array of their own ({@link #values()}), not a view over a tensor. */
    public boolean hasArray() {
        return values != null;
    }

    /**
     * The array of a grid made by {@link #matrix} or {@link #of}.
     *
     * @throws UnsupportedOperationException for a view over a tensor: read it with {@link #read} or {@link #get}
     */
    public float[] values() {
        if (values == null) {
            throw new UnsupportedOperationException(this + " is a view over a tensor's bytes, not an array");
        }
        return values;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public boolean isEmpty() {
        return rows == 0 || cols == 0;
    }

    /** The value of a cell; {@link #GAP} for a gap. An array's NaN keeps its bits. */
    public float get(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("cell (" + row + ", " + col + ") of " + this);
        }
        return values != null ? values[row * cols + col] : source.get(row, col);
    }

    /** Whether cell {@code (row, col)} is a gap: no value, drawn as background. */
    public boolean isGap(int row, int col) {
        return values == null && source.hasGaps() && Float.floatToRawIntBits(get(row, col)) == GAP_BITS;
    }

    /** Whether any cell can be a gap (a tile grid's separating lines). */
    public boolean hasGaps() {
        return values == null && source.hasGaps();
    }

    /**
     * Copies cells {@code col … col+count-1} of {@code row} into {@code dst} from {@code off}, every NaN as
     * {@link Float#NaN} and every gap as {@link #GAP}: a row at a time is how pooling reads a view.
     */
    public void read(int row, int col, int count, float[] dst, int off) {
        if (row < 0 || row >= rows || col < 0 || count < 0 || col + count > cols) {
            throw new IndexOutOfBoundsException(count + " cells from (" + row + ", " + col + ") of " + this);
        }
        if (values != null) {
            int from = row * cols + col;
            for (int i = 0; i < count; i++) {
                float x = values[from + i];
                dst[off + i] = x != x ? Float.NaN : x;
            }
        } else {
            source.read(row, col, count, dst, off);
        }
    }

    /**
     * Where cell {@code (row, col)} lies in the data, in words for a readout: {@code row 3, col 4} for a matrix,
     * the tensor's index ({@code [2, 3, 4]}) for a slice, the filter and position for a tile grid.
     */
    public String describe(int row, int col) {
        return values != null ? String.format(Locale.ROOT, "row %d, col %d", row, col) : source.describe(row, col);
    }

    /** The range of the values, worked out in one pass the first time it is asked for, then kept. Gaps are left out. */
    public ValueRange range() {
        ValueRange r = range;
        if (r == null) {
            if (values != null) {
                r = ValueRange.of(values);
            } else {
                ValueRange.Counter counter = new ValueRange.Counter(source.hasGaps());
                float[] row = new float[cols];
                for (int i = 0; i < rows; i++) {
                    source.read(i, 0, cols, row, 0);
                    counter.add(row, 0, cols);
                }
                r = counter.result();
            }
            range = r;
        }
        return r;
    }

    /**
     * Takes a range the caller knows already (a tensor's statistics give min, max and the non-finite counts), so
     * that {@link #range()} does not read every cell again. It must be the range of exactly these cells.
     */
    public Grid withKnownRange(ValueRange known) {
        range = known;
        return this;
    }

    @Override
    public String toString() {
        return "Grid[" + rows + " × " + cols + "]";
    }
}
