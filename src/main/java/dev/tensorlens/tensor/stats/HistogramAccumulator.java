package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;

import java.nio.ByteOrder;

/**
 * Bins element data given chunk by chunk. The range must be known first (from a {@link StatsAccumulator} pass):
 * a histogram needs its edges before it can count, so a value read in chunks is read twice, once for the
 * statistics and once for the bins. Values outside the range are left out, as numpy does with {@code range=}.
 */
public final class HistogramAccumulator {

    private final ChunkDecoder decoder;
    private final Histogram.Scale scale;
    private final double[] edges;
    /**
     * {@link #COPIES} interleaved sets of {@code bins + 1} counters, the last of each for values out of the range
     * (see {@link #linearBlock}); the float32 kernel uses the first two.
     */
    private final long[] counts;
    private final int spare;
    /** Interleaved copies of the counters (see {@link #linearBlock}). */
    private static final int COPIES = 4;
    /**
     * How close to a bin's end, as a share of its width, a value must be for rounding to matter. The multiply
     * and numpy's stored edges differ by a few ulps of the position (at most 512 bins), about 1e-13 of a bin:
     * 1e-9 leaves a wide margin.
     */
    private static final double EDGE_MARGIN = 1e-9;
    private final double first;
    private final double last;
    /** bins / (last - first): multiplying instead of dividing in the loop. */
    private final double binsPerUnit;
    /**
     * float32 linear bins: numpy's bins looked up per value (see {@link FloatBinTable}), made at the first whole
     * block (a small tensor does not pay for it: {@link #byRule} bins its values); null until then and for other
     * kinds of histogram.
     */
    private FloatBinTable table;
    /** Where the float32 kernel keeps the positions of values it leaves to {@link #oneFloat}. */
    private int[] misses;
    private long zerosApart;
    private final NonFiniteCounts nonFinite = new NonFiniteCounts();

    private HistogramAccumulator(DType dtype, ByteOrder order, Histogram.Scale scale, double lo, double hi, int bins) {
        if (bins < 1 || bins > Histogram.MAX_BINS) {
            throw new IllegalArgumentException("bins must be 1.." + Histogram.MAX_BINS + ", not " + bins);
        }
        this.scale = scale;
        if (!(lo - lo == 0) || !(hi - hi == 0)) {
            // nothing finite to bin: numpy's default range for empty data
            lo = 0;
            hi = 1;
        }
        if (lo > hi) {
            throw new IllegalArgumentException("range [" + lo + ", " + hi + "] is reversed");
        }
        if (lo == hi) {
            // a constant: one bin around it (numpy widens by 0.5 the same way, then splits it in `bins`)
            bins = 1;
            lo -= 0.5;
            hi += 0.5;
        }
        this.first = lo;
        this.last = hi;
        this.edges = linspace(lo, hi, bins);
        // COPIES interleaved sets of counters, each with one extra slot that takes out-of-range values
        this.counts = new long[COPIES * (bins + 1)];
        this.spare = bins;
        this.binsPerUnit = bins / (hi - lo);
        // lo == hi still: a constant so large that ±0.5 does not move it (1e20f) keeps the one-bin double loop
        if (dtype == DType.FLOAT32 && scale == Histogram.Scale.LINEAR && lo < hi) {
            this.decoder = new ChunkDecoder(order, this::linearFloatBits);
        } else {
            this.decoder = new ChunkDecoder(dtype, order, scale == Histogram.Scale.LINEAR ? this::linearBlock : this::logBlock);
        }
    }

    /** Linear bins over [min, max] (a {@link TensorStats}' finite min and max). */
    public static HistogramAccumulator linear(DType dtype, ByteOrder order, double min, double max, int bins) {
        return new HistogramAccumulator(dtype, order, Histogram.Scale.LINEAR, min, max, bins);
    }

    /** Bins of log10|x| between the magnitudes {@code minNonZeroMagnitude} and {@code maxMagnitude}. */
    public static HistogramAccumulator logMagnitude(DType dtype, ByteOrder order, double minNonZeroMagnitude,
                                                    double maxMagnitude, int bins) {
        return new HistogramAccumulator(dtype, order, Histogram.Scale.LOG10_MAGNITUDE,
                Math.log10(minNonZeroMagnitude), Math.log10(maxMagnitude), bins);
    }

    /** The next {@code len} bytes of element data, from {@code chunk[off]}. */
    public void accept(byte[] chunk, int off, int len) {
        decoder.accept(chunk, off, len);
    }

    public void accept(byte[] chunk) {
        accept(chunk, 0, chunk.length);
    }

    public Histogram result() {
        decoder.flush();
        long[] total = new long[spare];
        for (int copy = 0; copy < COPIES; copy++) {
            for (int b = 0; b < spare; b++) {
                total[b] += counts[copy * (spare + 1) + b];
            }
        }
        return new Histogram(scale, edges.clone(), total, zerosApart, nonFinite.nan, nonFinite.posInf, nonFinite.negInf);
    }

    /** numpy.linspace: {@code lo + i·step}, and the last edge exactly {@code hi}. */
    static double[] linspace(double lo, double hi, int bins) {
        double[] e = new double[bins + 1];
        double step = (hi - lo) / bins;
        for (int i = 0; i < bins; i++) {
            e[i] = i * step + lo;
        }
        e[bins] = hi;
        return e;
    }

    /**
     * Four interleaved sets of counters: bell-shaped data hits the same few bins in a row, and each
     * {@code counts[b]++} would wait for the store of the previous one to the same slot. Spreading consecutive
     * values over four copies breaks that chain; they are added together in {@link #result()}.
     */
    private void linearBlock(double[] v, int n) {
        final long[] c = counts;
        final int stride = spare + 1;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double x0 = v[i];
            double x1 = v[i + 1];
            double x2 = v[i + 2];
            double x3 = v[i + 3];
            if ((x0 - x0) + (x1 - x1) + (x2 - x2) + (x3 - x3) != 0) {
                break; // a NaN or Inf: finish the block one at a time
            }
            c[slot(x0)]++;
            c[stride + slot(x1)]++;
            c[2 * stride + slot(x2)]++;
            c[3 * stride + slot(x3)]++;
        }
        for (; i < n; i++) {
            double x = v[i];
            if (x - x == 0) {
                c[slot(x)]++;
            } else {
                countNonFinite(x);
            }
        }
    }

    /**
     * The float32 kernel, on raw bits: per value one fused multiply-add gives the cell, one unsigned comparison
     * says it is in the table (false for NaN, ±Inf and values out of the range), the table gives the bin. Values
     * in a cell a bin threshold splits (a few in a thousand) or in one of the two end cells are noted and taken
     * by {@link #oneFloat} after the loop, which so has no call in it.
     *
     * <p>The two halves of the block go to two sets of counters. A value's increment waits for the store of the
     * previous increment of the same counter; when most values fall in one bin (a tensor of mostly zeros), one set
     * makes that a chain through the whole block. Two halves side by side make two chains, each with the other's
     * work in between (on 90 % zeros: ~150 -> ~115 ms for 256 MiB; on the bell-shaped benchmark data it costs
     * ~5-10 %, a second data stream and counter base).
     */
    private void linearFloatBits(int[] bits, int n) {
        if (table == null) {
            if (n < ChunkDecoder.BLOCK) {
                for (int i = 0; i < n; i++) {
                    byRule(Float.intBitsToFloat(bits[i]));
                }
                return;
            }
            table = new FloatBinTable(first, last, edges);
            misses = new int[ChunkDecoder.BLOCK];
        }
        final FloatBinTable t = table;
        final short[] cells = t.cells;
        final double a = t.a;
        final double b = t.b;
        final long base = t.base;
        final long limit = t.lastCell + Long.MIN_VALUE; // unsigned cell <= lastCell, as a signed comparison
        final long[] c = counts;
        final int stride = spare + 1;
        final int[] missed = misses;
        int m = 0;
        int half = n >>> 1;
        for (int i = 0; i < half; i++) {
            float x = Float.intBitsToFloat(bits[i]);
            float y = Float.intBitsToFloat(bits[i + half]);
            long cx = Double.doubleToRawLongBits(Math.fma(x, a, b)) - base;
            long cy = Double.doubleToRawLongBits(Math.fma(y, a, b)) - base;
            int e;
            if (cx + Long.MIN_VALUE <= limit && (e = cells[(int) cx]) >= 0) {
                c[e]++;
            } else {
                missed[m++] = i;
            }
            if (cy + Long.MIN_VALUE <= limit && (e = cells[(int) cy]) >= 0) {
                c[stride + e]++;
            } else {
                missed[m++] = i + half;
            }
        }
        for (int k = 0; k < m; k++) {
            oneFloat(Float.intBitsToFloat(bits[missed[k]]));
        }
        if ((n & 1) != 0) {
            oneFloat(Float.intBitsToFloat(bits[n - 1]));
        }
    }

    /**
     * One float32 value of a small tensor, before any table: numpy's rule itself ({@link FloatBinTable#numpyBin},
     * the function the table's thresholds are found with, so both give the same bins).
     */
    private void byRule(float x) {
        if (x >= first && x <= last) {
            counts[FloatBinTable.numpyBin(x, first, last, edges)]++;
        } else if (x - x == 0) {
            counts[spare]++; // finite, outside the range
        } else {
            countNonFinite(x);
        }
    }

    /** One float32 value, any: its bin, the slot for values out of the range, or the NaN/Inf counts. */
    private void oneFloat(float x) {
        FloatBinTable t = table;
        if (x >= t.lo && x <= t.hi) {
            counts[t.bin(x)]++;
        } else if (x - x == 0) {
            counts[spare]++; // finite, outside the range
        } else {
            countNonFinite(x);
        }
    }

    private void logBlock(double[] v, int n) {
        for (int i = 0; i < n; i++) {
            double x = v[i];
            if (x - x != 0) {
                countNonFinite(x);
            } else if (x == 0) {
                zerosApart++;
            } else {
                bin(Math.log10(Math.abs(x)), 0);
            }
        }
    }

    /**
     * The counter slot of a finite value (within one copy): its bin, or the extra slot past the last bin for a
     * value outside the range. numpy's rule: a multiply gives the bin, then a comparison with the stored edges
     * corrects the rare value that rounding put one bin off, so the counts agree with the edges shown. That
     * correction only matters within a few ulps of an edge; a value whose position inside its bin is farther
     * than {@link #EDGE_MARGIN} of a bin width from both ends cannot be one off, and skips the two edge loads.
     */
    private int slot(double x) {
        if (x < first || x > last) {
            return spare;
        }
        int lastBin = spare - 1;
        double t = (x - first) * binsPerUnit;
        int b = (int) t;
        if (b > lastBin) {
            return lastBin; // x == last: the last bin is closed
        }
        double within = t - b;
        if (within > EDGE_MARGIN && within < 1 - EDGE_MARGIN) {
            return b;
        }
        if (x < edges[b]) {
            b--;
        } else if (b != lastBin && x >= edges[b + 1]) {
            b++;
        }
        return b;
    }

    /** Log-magnitude values go through the same slots. */
    private void bin(double x, int copy) {
        counts[copy + slot(x)]++;
    }

    private void countNonFinite(double x) {
        nonFinite.add(x);
    }
}
