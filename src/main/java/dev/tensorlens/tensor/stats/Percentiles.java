package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.Tensor;

/**
 * Percentiles of the finite values of a tensor.
 *
 * @param q           the requested percentiles, 0..100
 * @param values      one value per requested percentile; NaN when there is no finite value
 * @param exact       true when computed from all values with numpy's default 'linear' rule; false when estimated
 *                    with a t-digest because there were more than the exact limit
 * @param finiteCount how many finite values they describe
 */
public record Percentiles(double[] q, double[] values, boolean exact, long finiteCount) {

    /** Percentiles shown by default. */
    public static final double[] DEFAULT_Q = {0, 1, 5, 25, 50, 75, 95, 99, 100};

    public static Percentiles of(Tensor tensor, double... q) {
        return of(tensor, PercentileAccumulator.EXACT_LIMIT, q);
    }

    /** As {@link #of(Tensor, double...)} with another limit on exact computation. */
    public static Percentiles of(Tensor tensor, int exactLimit, double... q) {
        PercentileAccumulator acc = new PercentileAccumulator(tensor.dtype(), tensor.byteOrder(), exactLimit);
        tensor.forEachRun(acc::accept);
        return acc.result(q);
    }

    /** The value for percentile {@code percent}, which must be one of those requested. */
    public double valueAt(double percent) {
        for (int i = 0; i < q.length; i++) {
            if (q[i] == percent) {
                return values[i];
            }
        }
        throw new IllegalArgumentException("percentile " + percent + " was not computed");
    }
}
