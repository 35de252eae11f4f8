package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.Tensor;

/**
 * Summary of a tensor's values. Counts cover every element; {@code min … l2Norm} cover the finite ones only
 * (numpy's {@code nanmin} etc. after dropping ±Inf), so one bad value does not hide the shape of the rest.
 * With no finite value, min, max, mean and std are NaN and the norm is 0.
 *
 * <p>Complex elements count by magnitude, bools as 0/1, integers as their value in double (int64/uint64 beyond
 * 2^53 round, as in numpy's float64 arithmetic).
 *
 * @param count               every element
 * @param nan                 NaN elements
 * @param posInf              +Inf elements
 * @param negInf              -Inf elements
 * @param zeros               elements exactly 0 (either sign), for sparsity
 * @param finiteCount         elements that are neither NaN nor infinite
 * @param min                 smallest finite value
 * @param max                 largest finite value
 * @param mean                mean of the finite values
 * @param std                 population standard deviation of the finite values (numpy's ddof=0)
 * @param l2Norm              sqrt of the sum of squares of the finite values
 * @param minNonZeroMagnitude smallest |x| over finite non-zero values (NaN if none): the low end of a
 *                            log-magnitude histogram
 * @param maxMagnitude        largest |x| over finite values (NaN if none)
 */
public record TensorStats(long count, long nan, long posInf, long negInf, long zeros, long finiteCount,
                          double min, double max, double mean, double std, double l2Norm,
                          double minNonZeroMagnitude, double maxMagnitude) {

    /** One pass over the tensor's bytes, in place. */
    public static TensorStats of(Tensor tensor) {
        StatsAccumulator acc = new StatsAccumulator(tensor.dtype(), tensor.byteOrder());
        tensor.forEachRun(acc::accept);
        return acc.result();
    }

    /** Population variance of the finite values. */
    public double variance() {
        return std * std;
    }

    /** Share of elements that are exactly zero (0 for an empty tensor). */
    public double sparsity() {
        return count == 0 ? 0 : (double) zeros / count;
    }

    /** Elements that are NaN or infinite. */
    public long nonFiniteCount() {
        return nan + posInf + negInf;
    }
}
