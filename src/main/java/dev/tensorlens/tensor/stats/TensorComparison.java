package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.Tensor;

import java.util.Arrays;

/**
 * How far one tensor is from another of the same shape, for comparing a layer between checkpoints. The two may
 * have different dtypes (a float32 master weight against its bfloat16 copy): elements are compared as doubles.
 * Pairs where either side is NaN or infinite are left out and counted, so one bad value does not turn every
 * figure into NaN.
 *
 * @param count          element pairs
 * @param nonFinitePairs pairs left out because a side is NaN or ±Inf
 * @param diffNorm       ‖a − b‖₂
 * @param normA          ‖a‖₂ (the reference, "before")
 * @param normB          ‖b‖₂
 * @param relativeChange ‖a − b‖ / ‖a‖; when ‖a‖ = 0 it is 0 if b is zero too, +Inf otherwise (any change from
 *                       nothing is unbounded)
 * @param cosine         a·b / (‖a‖‖b‖), or NaN when either norm is 0 (no direction to compare)
 * @param maxAbsDiff     max |a − b| (0 with no pair)
 */
public record TensorComparison(long count, long nonFinitePairs, double diffNorm, double normA, double normB,
                               double relativeChange, double cosine, double maxAbsDiff) {

    /**
     * Compares {@code a} (the reference) with {@code b}.
     *
     * @throws IllegalArgumentException when the shapes differ: callers are expected to check, and a comparison of
     *                                  unrelated tensors is a programming error, not a result
     */
    public static TensorComparison of(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("cannot compare " + a.name() + " " + Tensor.shapeText(a.shape())
                    + " with " + b.name() + " " + Tensor.shapeText(b.shape()) + ": shapes differ");
        }
        if (a.fortranOrder() != b.fortranOrder() && a.rank() > 1) {
            return inLogicalOrder(a, b);
        }
        double[] va = new double[ChunkDecoder.BLOCK];
        double[] vb = new double[ChunkDecoder.BLOCK];
        long total = a.elementCount();
        PairSums sums = new PairSums();
        for (long start = 0; start < total; start += ChunkDecoder.BLOCK) {
            int n = (int) Math.min(ChunkDecoder.BLOCK, total - start);
            decode(a, start, n, va);
            decode(b, start, n, vb);
            for (int i = 0; i < n; i++) {
                sums.add(va[i], vb[i]);
            }
        }
        return sums.result(total);
    }

    /** Elements {@code [start, start + n)} of {@code t} as doubles into {@code dst}, across its chunks. */
    private static void decode(Tensor t, long start, int n, double[] dst) {
        int size = t.dtype().size();
        int[] to = {0};
        t.forEachRun(start, n, (bytes, off, len) -> {
            BlockDecoder.decode(t.dtype(), t.byteOrder(), bytes, off, len / size, dst, to[0]);
            to[0] += len / size;
        });
    }

    /**
     * One tensor row-major, the other column-major (a numpy array saved with {@code fortran_order: True}): the
     * same element sits at different places in the bytes, so pairs are matched by their coordinates. Slower, and
     * rare.
     */
    private static TensorComparison inLogicalOrder(Tensor a, Tensor b) {
        long[] shape = a.shape();
        long[] coords = new long[shape.length];
        long total = a.elementCount();
        PairSums sums = new PairSums();
        for (long i = 0; i < total; i++) {
            sums.add(a.getDouble(a.storageIndex(coords)), b.getDouble(b.storageIndex(coords)));
            for (int k = shape.length - 1; k >= 0 && ++coords[k] == shape[k]; k--) {
                coords[k] = 0; // next coordinates in C order, carrying like an odometer
            }
        }
        return sums.result(total);
    }

    /**
     * The running sums of a comparison. Σ of squares can overflow for float64 extremes; these are plain sums
     * because the three terms are non-negative or (the dot) compared only after the division, where relative
     * error is what matters. Pairs where either side is NaN or ±Inf are left out and counted.
     */
    private static final class PairSums {
        private double diff2;
        private double a2;
        private double b2;
        private double dot;
        private double maxAbs;
        private long skipped;

        void add(double x, double y) {
            if (x - x != 0 || y - y != 0) {
                skipped++;
                return;
            }
            double d = x - y;
            diff2 += d * d;
            a2 += x * x;
            b2 += y * y;
            dot += x * y;
            double ad = Math.abs(d);
            maxAbs = ad > maxAbs ? ad : maxAbs;
        }

        TensorComparison result(long total) {
            double diffNorm = Math.sqrt(diff2);
            double normA = Math.sqrt(a2);
            double normB = Math.sqrt(b2);
            double relative = normA > 0 ? diffNorm / normA : (diffNorm == 0 ? 0 : Double.POSITIVE_INFINITY);
            double cosine = normA > 0 && normB > 0 ? clamp(dot / (normA * normB)) : Double.NaN;
            return new TensorComparison(total, skipped, diffNorm, normA, normB, relative, cosine, maxAbs);
        }
    }

    /** Rounding can put a·b/(‖a‖‖b‖) a hair outside [-1, 1]; a cosine never is. */
    private static double clamp(double c) {
        return Math.max(-1, Math.min(1, c));
    }
}
