package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.Histogram;
import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.ui.common.HumanReadable;

/**
 * One tensor's statistics and histogram: what a {@link TensorStatsPane} shows. {@code histogram} is null without
 * finite values.
 */
public record TensorDetail(Tensor tensor, TensorStats stats, Histogram histogram) {

    /** How many equal bins the histogram has, from the smallest finite value to the largest. */
    public static final int BINS = 48;

    /** Reads every value of {@code tensor}: slow for big tensors, so never on the FX thread. */
    public static TensorDetail of(Tensor tensor) {
        TensorStats stats = TensorStats.of(tensor);
        Histogram histogram = stats.finiteCount() > 0 ? Histogram.linear(tensor, stats, BINS) : null;
        return new TensorDetail(tensor, stats, histogram);
    }

    /** {@code float32 (64, 784) · 196 KiB}: what a row of tensors says about each. */
    public static String summary(Tensor t) {
        return t.dtype().numpyName() + " " + Tensor.shapeText(t.shape()) + " · " + HumanReadable.bytes(t.byteLength());
    }
}
