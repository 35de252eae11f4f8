package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Histograms of one or more tensors over the same bin edges, so that two versions of a layer can be drawn over each
 * other and compared bin by bin: by default over the finite range of all of them together, or over a range the user
 * zoomed into, when the values outside it are counted apart ({@link #outside}). NaN and ±Inf are never binned; each
 * histogram counts them (see {@link Histogram}).
 *
 * <p>Each tensor is read in chunks, and between chunks {@code cancelled} is asked whether the work is still wanted,
 * so a plot whose user moved on (another layer, another bin count) stops soon instead of finishing a 100 MB pass.
 *
 * @param histograms one per tensor, in the order given, all with the same edges
 * @param stats      one per tensor: its counts and its finite range
 * @param outside    one per tensor: finite values outside the edges (0 unless a narrower range was asked for)
 */
public record SharedBins(List<Histogram> histograms, List<TensorStats> stats, long[] outside) {

    /** Bytes read between two looks at {@code cancelled}: about a millisecond of work. */
    static final int CHUNK = 1 << 20;

    public SharedBins {
        histograms = List.copyOf(histograms);
        stats = List.copyOf(stats);
        outside = outside.clone();
    }

    /**
     * Bins over {@code [lo, hi]} when both are finite, else over the finite range of all the tensors together.
     *
     * @param stats each tensor's statistics when already known (an entry may be null: it is computed), or null
     */
    public static SharedBins of(List<Tensor> tensors, List<TensorStats> stats, int bins, double lo, double hi,
                                BooleanSupplier cancelled) {
        List<TensorStats> known = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            TensorStats s = stats == null ? null : stats.get(i);
            known.add(s != null ? s : stats(tensors.get(i), cancelled));
        }
        boolean zoomed = Double.isFinite(lo) && Double.isFinite(hi) && lo < hi;
        if (!zoomed) {
            lo = Double.NaN;
            hi = Double.NaN;
            for (TensorStats s : known) {
                if (s.finiteCount() > 0) {
                    lo = Double.isNaN(lo) ? s.min() : Math.min(lo, s.min());
                    hi = Double.isNaN(hi) ? s.max() : Math.max(hi, s.max());
                }
            }
        }
        List<Histogram> histograms = new ArrayList<>();
        long[] outside = new long[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            HistogramAccumulator acc = HistogramAccumulator.linear(t.dtype(), t.byteOrder(), lo, hi, bins);
            feed(t, cancelled, acc::accept);
            Histogram h = acc.result();
            histograms.add(h);
            outside[i] = known.get(i).finiteCount() - h.binnedCount();
        }
        return new SharedBins(histograms, known, outside);
    }

    /** {@link TensorStats#of}, read in chunks so that it can stop when {@code cancelled} says so. */
    public static TensorStats stats(Tensor t, BooleanSupplier cancelled) {
        StatsAccumulator acc = new StatsAccumulator(t.dtype(), t.byteOrder());
        feed(t, cancelled, acc::accept);
        return acc.result();
    }

    /** The edges every histogram shares. */
    public double[] edges() {
        return histograms.get(0).edges();
    }

    public int binCount() {
        return histograms.get(0).binCount();
    }

    /** The most values in one bin, over all the histograms. */
    public long maxCount() {
        long max = 0;
        for (Histogram h : histograms) {
            for (long c : h.counts()) {
                max = Math.max(max, c);
            }
        }
        return max;
    }

    private static void feed(Tensor t, BooleanSupplier cancelled, Tensor.RunSink sink) {
        long count = t.elementCount();
        long step = Math.max(1, CHUNK / t.dtype().size());
        for (long done = 0; done < count; done += step) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("a newer request replaced this one");
            }
            t.forEachRun(done, Math.min(step, count - done), sink);
        }
    }
}
