package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Statistics of each column of an array's table view — its last axis as the columns, every leading axis flattened
 * into the rows ({@code x.reshape(-1, x.shape[-1])}; a vector is one column) — built from element data given chunk
 * by chunk in storage order, so a 200 MB array is summarised without holding it. What numpy's
 * {@code np.nanmin(x2d, axis=0)}, {@code nanmax}, {@code nanmean} and {@code nanstd} give, with NaN and ±Inf counted
 * apart and left out. Mean and variance use Welford's update per column. Not thread-safe.
 */
public final class ColumnStats {

    private final ChunkDecoder decoder;
    private final int columns;
    /** Elements per column: in Fortran order a column is one contiguous run of this many. */
    private final long rows;
    private final boolean fortranOrder;
    private final long[] finite;
    private final long[] nonFinite;
    private final double[] min;
    private final double[] max;
    private final double[] mean;
    private final double[] m2;
    private long seen;

    /**
     * @param shape        the array's shape
     * @param fortranOrder whether the data comes column-major (numpy's {@code fortran_order}), which makes the last
     *                     axis the slowest: its column changes once every {@code rows} elements
     */
    public ColumnStats(DType dtype, ByteOrder order, long[] shape, boolean fortranOrder) {
        long count = Tensor.elementCount(shape);
        long cols = shape.length <= 1 ? 1 : shape[shape.length - 1];
        if (cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many columns for per-column statistics: " + cols);
        }
        this.columns = (int) cols;
        this.rows = cols == 0 ? 0 : count / cols;
        this.fortranOrder = fortranOrder && shape.length > 1;
        this.finite = new long[columns];
        this.nonFinite = new long[columns];
        this.min = filled(Double.POSITIVE_INFINITY);
        this.max = filled(Double.NEGATIVE_INFINITY);
        this.mean = new double[columns];
        this.m2 = new double[columns];
        this.decoder = new ChunkDecoder(dtype, order, this::acceptBlock);
    }

    /** The statistics of every column of {@code t}, all its elements read in their storage order. */
    public static ColumnStats of(Tensor t) {
        ColumnStats s = new ColumnStats(t.dtype(), t.byteOrder(), t.shape(), t.fortranOrder());
        t.forEachRun(s::accept);
        return s;
    }

    private double[] filled(double v) {
        double[] a = new double[columns];
        Arrays.fill(a, v);
        return a;
    }

    /** The next {@code len} bytes of element data in storage order, cut at any byte. */
    public void accept(byte[] chunk, int off, int len) {
        decoder.accept(chunk, off, len);
    }

    private void acceptBlock(double[] v, int n) {
        long at = seen;
        seen += n;
        if (columns == 0) {
            return;
        }
        // the column of the first element of the block, then stepped along rather than divided per element
        int column;
        long left;
        if (fortranOrder) {
            column = (int) (at / rows);
            left = rows - at % rows;
        } else {
            column = (int) (at % columns);
            left = 1;
        }
        for (int i = 0; i < n; i++) {
            add(column, v[i]);
            if (fortranOrder) {
                if (--left == 0) {
                    column++;
                    left = rows;
                }
            } else if (++column == columns) {
                column = 0;
            }
        }
    }

    private void add(int c, double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            nonFinite[c]++;
            return;
        }
        long n = ++finite[c];
        if (x < min[c]) {
            min[c] = x;
        }
        if (x > max[c]) {
            max[c] = x;
        }
        double d = x - mean[c];
        mean[c] += d / n;
        m2[c] += d * (x - mean[c]);
    }

    private void flush() {
        decoder.flush();
    }

    public int columns() {
        return columns;
    }

    /** Finite values of column {@code c}. */
    public long finite(int c) {
        flush();
        return finite[c];
    }

    /** NaN and ±Inf in column {@code c}. */
    public long nonFinite(int c) {
        flush();
        return nonFinite[c];
    }

    /** NaN when the column has no finite value. */
    public double min(int c) {
        flush();
        return finite[c] == 0 ? Double.NaN : min[c];
    }

    public double max(int c) {
        flush();
        return finite[c] == 0 ? Double.NaN : max[c];
    }

    public double mean(int c) {
        flush();
        return finite[c] == 0 ? Double.NaN : mean[c];
    }

    /** Population standard deviation (numpy's default {@code ddof=0}). */
    public double std(int c) {
        flush();
        return finite[c] == 0 ? Double.NaN : Math.sqrt(m2[c] / finite[c]);
    }
}
