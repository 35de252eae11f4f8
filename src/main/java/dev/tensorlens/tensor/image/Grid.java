package dev.tensorlens.tensor.image;

import java.util.Arrays;

/**
 * A float array seen as a matrix of {@code rows × cols} in row-major (C) order: what a heatmap draws. The array is
 * not copied; whoever made the grid must not change it afterwards.
 *
 * <p>How a tensor's shape becomes rows and columns ({@link #of}): a 2-D tensor is itself; a 1-D tensor of n
 * elements is one row of n (a strip), as is a scalar (1 × 1); a tensor of more dimensions keeps its last dimension
 * as the columns and stacks all the others as rows, like numpy's {@code x.reshape(-1, x.shape[-1])}. A shape
 * with no element is an empty grid (0 × 0).
 */
public final class Grid {

    private final float[] values;
    private final int rows;
    private final int cols;
    private volatile ValueRange range;

    private Grid(float[] values, int rows, int cols) {
        this.values = values;
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
        return new Grid(values, rows, cols);
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

    public float[] values() {
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

    public float get(int row, int col) {
        return values[row * cols + col];
    }

    /** The range of the values, worked out in one pass the first time it is asked for, then kept. */
    public ValueRange range() {
        ValueRange r = range;
        if (r == null) {
            r = ValueRange.of(values);
            range = r;
        }
        return r;
    }

    @Override
    public String toString() {
        return "Grid[" + rows + " × " + cols + "]";
    }
}
