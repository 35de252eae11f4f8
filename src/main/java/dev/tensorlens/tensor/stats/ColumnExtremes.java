package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.Tensor;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A long vector pooled to a few columns (one per pixel of a plot): the smallest and the largest finite value of each
 * column's run of elements. A mean or a sample per column would hide a single spike among a thousand neighbours;
 * the extremes keep it visible however narrow the plot. NaN and ±Inf are counted per column, never pooled.
 *
 * <p>Column {@code j} holds elements {@code [from(j), to(j))}: runs as equal as whole elements allow. With no more
 * elements than columns, each element is a column of its own.
 *
 * @param length    elements of the vector (a tensor of higher rank is read flat, in storage order)
 * @param min       per column, the smallest finite value; NaN when the column has none
 * @param max       per column, the largest finite value; NaN when the column has none
 * @param nonFinite per column, how many values are NaN or ±Inf
 * @param low       the smallest finite value of all; NaN when there is none
 * @param high      the largest finite value of all; NaN when there is none
 */
public record ColumnExtremes(long length, double[] min, double[] max, long[] nonFinite, double low, double high) {

    /** How many elements are read between two looks at {@code cancelled}. */
    private static final int CHECK_EVERY = 1 << 16;

    /**
     * Pools {@code t}'s elements into at most {@code columns} columns. Reads every element: not on the FX thread.
     *
     * @param cancelled asked now and then; when it says true the pass stops with a {@link CancellationException}
     */
    public static ColumnExtremes of(Tensor t, int columns, BooleanSupplier cancelled) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be at least 1, not " + columns);
        }
        long n = t.elementCount();
        int c = (int) Math.min(columns, n);
        double[] min = new double[c];
        double[] max = new double[c];
        long[] nonFinite = new long[c];
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        long read = 0;
        for (int j = 0; j < c; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            long end = from(j + 1, n, c);
            for (long i = from(j, n, c); i < end; i++) {
                double x = t.getDouble(i);
                if (x - x == 0) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                } else {
                    nonFinite[j]++;
                }
                if (++read % CHECK_EVERY == 0 && cancelled.getAsBoolean()) {
                    throw new CancellationException("a newer request replaced this one");
                }
            }
            min[j] = lo <= hi ? lo : Double.NaN;
            max[j] = lo <= hi ? hi : Double.NaN;
            low = Math.min(low, lo);
            high = Math.max(high, hi);
        }
        boolean any = low <= high;
        return new ColumnExtremes(n, min, max, nonFinite, any ? low : Double.NaN, any ? high : Double.NaN);
    }

    private static long from(int column, long n, int columns) {
        return columns == 0 ? 0 : column * n / columns;
    }

    public int columns() {
        return min.length;
    }

    /** Whether a column stands for more than one element. */
    public boolean pooled() {
        return length > min.length;
    }

    /** The first element of {@code column}. */
    public long from(int column) {
        return from(column, length, columns());
    }

    /** One past the last element of {@code column}. */
    public long to(int column) {
        return from(column + 1, length, columns());
    }

    /** The column that holds element {@code index} (which must be in {@code [0, length)}). */
    public int columnOf(long index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("element " + index + " of " + length);
        }
        int c = columns();
        int j = (int) Math.min(c - 1, index * c / length);
        while (j + 1 < c && from(j + 1) <= index) {
            j++;
        }
        while (j > 0 && from(j) > index) {
            j--;
        }
        return j;
    }
}
