package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.Tensor;

/**
 * Counts of finite values in bins. {@code edges} has one more entry than {@code counts}; bin {@code i} is
 * {@code [edges[i], edges[i+1])} and the last bin is closed on both sides, as in {@code numpy.histogram}.
 * NaN and ±Inf are never in a bin, they are counted apart.
 *
 * @param scale      what the edges measure: the values themselves, or log10 of their magnitude
 * @param edges      bin edges, ascending
 * @param counts     values per bin
 * @param zerosApart zeros left out of the bins (log-magnitude only: log10(0) is -Inf); 0 for a linear histogram
 * @param nan        NaN values left out
 * @param posInf     +Inf values left out
 * @param negInf     -Inf values left out
 */
public record Histogram(Scale scale, double[] edges, long[] counts, long zerosApart, long nan, long posInf,
                        long negInf) {

    /** What a default histogram shows. */
    public static final int DEFAULT_BINS = 64;
    /** More bins than a plot has pixel columns for would only show noise. */
    public static final int MAX_BINS = 512;

    /** How the edges relate to the values. */
    public enum Scale {
        /** Edges are values. */
        LINEAR,
        /** Edges are {@code log10(|x|)} of non-zero finite values: shows magnitudes spanning decades. */
        LOG10_MAGNITUDE
    }

    /** Linear bins over [finite min, finite max] taken from {@code stats}. */
    public static Histogram linear(Tensor tensor, TensorStats stats, int bins) {
        HistogramAccumulator acc = HistogramAccumulator.linear(tensor.dtype(), tensor.byteOrder(),
                stats.min(), stats.max(), bins);
        tensor.forEachRun(acc::accept);
        return acc.result();
    }

    /** {@link #DEFAULT_BINS} linear bins; computes the range first. */
    public static Histogram linear(Tensor tensor) {
        return linear(tensor, TensorStats.of(tensor), DEFAULT_BINS);
    }

    /** Bins of log10|x| over [smallest non-zero magnitude, largest magnitude] from {@code stats}. */
    public static Histogram logMagnitude(Tensor tensor, TensorStats stats, int bins) {
        HistogramAccumulator acc = HistogramAccumulator.logMagnitude(tensor.dtype(), tensor.byteOrder(),
                stats.minNonZeroMagnitude(), stats.maxMagnitude(), bins);
        tensor.forEachRun(acc::accept);
        return acc.result();
    }

    /** Values in the bins. */
    public long binnedCount() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    public int binCount() {
        return counts.length;
    }
}
