package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;

import java.nio.ByteOrder;

/**
 * Builds {@link TensorStats} from element data given chunk by chunk, cut at any byte, and merges with other
 * accumulators over other parts of the data (chunks read in parallel). Not thread-safe: one per reader.
 *
 * <h2>Numerics</h2>
 * Mean and variance use the Welford family in its block form, chosen for speed without giving up accuracy:
 * <ul>
 *   <li>Inside a block of {@link ChunkDecoder#BLOCK} elements the loop keeps plain sums of {@code d = x - shift}
 *       and {@code d²}, where the shift is the running mean so far (the block's first finite value for the first
 *       block). A naive {@code Σx² - (Σx)²/n} loses everything when the mean is large against the spread; shifting
 *       by a value close to the mean removes that cancellation (the "shifted data" algorithm), and the loop has no
 *       division and no dependency longer than one add, so it runs at memory speed.</li>
 *   <li>Blocks, and other accumulators, are combined with Chan, Golub and LeVeque's pairwise update
 *       {@code M2 = M2a + M2b + δ²·na·nb/n}, which is exact algebra and stable for any sizes.</li>
 * </ul>
 * The L2 norm is not summed separately: {@code Σx² = M2 + n·mean²} is a sum of two non-negative terms, so it has
 * no cancellation and costs nothing in the loop.
 */
public final class StatsAccumulator {

    private final ChunkDecoder decoder;

    private long count;
    private final NonFiniteCounts nonFinite = new NonFiniteCounts();
    private long zeros;
    private long finite;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double minNonZeroMagnitude = Double.POSITIVE_INFINITY;
    private double mean;
    private double m2;
    /** float32 min, max, zeros and non-zero minimum still in vector lanes (see {@link FloatLanes}); lazily made. */
    private FloatLanes lanes;

    /** For elements of {@code dtype} stored in {@code order}. */
    public StatsAccumulator(DType dtype, ByteOrder order) {
        this.decoder = dtype == DType.FLOAT32
                ? new ChunkDecoder(order, this::acceptFloatBits)
                : new ChunkDecoder(dtype, order, this::acceptBlock);
    }

    /** The next {@code len} bytes of element data, from {@code chunk[off]}. */
    public void accept(byte[] chunk, int off, int len) {
        decoder.accept(chunk, off, len);
    }

    /** The next bytes of element data. */
    public void accept(byte[] chunk) {
        accept(chunk, 0, chunk.length);
    }

    /** Bytes of an incomplete element waiting for the next chunk (non-zero at the end means the data was cut). */
    public int pendingBytes() {
        return decoder.pendingBytes();
    }

    /**
     * Adds what {@code other} has seen, as if its data had followed this one's. Both must be at an element
     * boundary and of the same dtype and byte order.
     */
    public StatsAccumulator merge(StatsAccumulator other) {
        if (other.decoder.dtype() != decoder.dtype() || other.decoder.order() != decoder.order()) {
            throw new IllegalArgumentException("cannot merge " + other.decoder.dtype() + "/" + other.decoder.order()
                    + " statistics into " + decoder.dtype() + "/" + decoder.order());
        }
        if (pendingBytes() != 0 || other.pendingBytes() != 0) {
            throw new IllegalStateException("an accumulator holds part of an element; merge at element boundaries");
        }
        decoder.flush();
        other.decoder.flush();
        foldLanes();
        other.foldLanes();
        count += other.count;
        nonFinite.merge(other.nonFinite);
        zeros += other.zeros;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        minNonZeroMagnitude = Math.min(minNonZeroMagnitude, other.minNonZeroMagnitude);
        combine(other.finite, other.mean, other.m2);
        return this;
    }

    /** The statistics of everything accepted so far. More chunks may follow. */
    public TensorStats result() {
        decoder.flush();
        foldLanes();
        boolean any = finite > 0;
        double std = any ? Math.sqrt(m2 / finite) : Double.NaN;
        double l2 = any ? Math.sqrt(m2 + finite * mean * mean) : 0;
        return new TensorStats(count, nonFinite.nan, nonFinite.posInf, nonFinite.negInf, zeros, finite,
                any ? min : Double.NaN, any ? max : Double.NaN, any ? mean : Double.NaN, std, l2,
                minNonZeroMagnitude == Double.POSITIVE_INFINITY ? Double.NaN : minNonZeroMagnitude,
                any ? Math.max(Math.abs(min), Math.abs(max)) : Double.NaN);
    }

    /**
     * The hot loop. A block with no NaN or Inf (nearly all of them) takes a loop with no finiteness test, no
     * division, and two interleaved sets of sums, which halves the add-latency chains that would otherwise bound
     * it (an add waits ~4 cycles for the previous one). Zeros are counted without a branch because their share
     * is unpredictable. A block with a special value takes the careful one-at-a-time loop.
     */
    private void acceptBlock(double[] v, int n) {
        count += n;
        if (!Blocks.allFinite(v, n)) {
            acceptMixedBlock(v, n);
            return;
        }
        double shift = finite > 0 ? mean : v[0];
        double s1a = 0;
        double s2a = 0;
        double s1b = 0;
        double s2b = 0;
        double lo = min;
        double hi = max;
        double smallest = minNonZeroMagnitude;
        long zero = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            double x = v[i];
            double y = v[i + 1];
            double dx = x - shift;
            double dy = y - shift;
            s1a += dx;
            s2a += dx * dx;
            s1b += dy;
            s2b += dy * dy;
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
            lo = y < lo ? y : lo;
            hi = y > hi ? y : hi;
            double ax = Math.abs(x);
            double ay = Math.abs(y);
            zero += (ax == 0 ? 1 : 0) + (ay == 0 ? 1 : 0);
            // "a < smallest" is nearly always false once a few values are in, so it is tested first
            if (ax < smallest && ax != 0) {
                smallest = ax;
            }
            if (ay < smallest && ay != 0) {
                smallest = ay;
            }
        }
        if (i < n) {
            double x = v[i];
            double dx = x - shift;
            s1a += dx;
            s2a += dx * dx;
            lo = x < lo ? x : lo;
            hi = x > hi ? x : hi;
            double ax = Math.abs(x);
            zero += ax == 0 ? 1 : 0;
            if (ax < smallest && ax != 0) {
                smallest = ax;
            }
        }
        min = lo;
        max = hi;
        minNonZeroMagnitude = smallest;
        zeros += zero;
        addBlockMoments(n, shift, s1a + s1b, s2a + s2b);
    }

    /**
     * The float32 kernel, on raw bits, for a block:
     * <ol>
     *   <li>the shifted sums, in four lanes (an add waits for the previous add of its own lane only), the square
     *       fused into the add. They also say whether the block holds a NaN or an Inf: any of them makes a sum NaN
     *       or infinite, while 2048 finite float32 values cannot (each squared difference is below 5·10^77). Such a block
     *       takes {@link #acceptMixedBlock} instead, as the other dtypes do;</li>
     *   <li>min, max, zeros and the smallest non-zero magnitude, integer operations on the bits: in vector lanes
     *       for a whole block ({@link FloatLanes}), folded in by {@link #result()} and {@link #merge}, and in the
     *       scalar loop of {@link #floatFigures} for the shorter last block.</li>
     * </ol>
     * The results are a function of the block contents only, so chunked and one-shot runs stay bit-for-bit equal.
     */
    private void acceptFloatBits(int[] b, int n) {
        count += n;
        double shift = finite > 0 ? mean : Float.intBitsToFloat(b[0]);
        double s1a = 0;
        double s1b = 0;
        double s1c = 0;
        double s1d = 0;
        double s2a = 0;
        double s2b = 0;
        double s2c = 0;
        double s2d = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double da = Float.intBitsToFloat(b[i]) - shift;
            double db = Float.intBitsToFloat(b[i + 1]) - shift;
            double dc = Float.intBitsToFloat(b[i + 2]) - shift;
            double dd = Float.intBitsToFloat(b[i + 3]) - shift;
            s1a += da;
            s1b += db;
            s1c += dc;
            s1d += dd;
            s2a = Math.fma(da, da, s2a);
            s2b = Math.fma(db, db, s2b);
            s2c = Math.fma(dc, dc, s2c);
            s2d = Math.fma(dd, dd, s2d);
        }
        for (; i < n; i++) {
            double d = Float.intBitsToFloat(b[i]) - shift;
            s1a += d;
            s2a = Math.fma(d, d, s2a);
        }
        double s1 = (s1a + s1b) + (s1c + s1d);
        double s2 = (s2a + s2b) + (s2c + s2d);
        if (!(s1 - s1 == 0 && s2 - s2 == 0)) { // a NaN or an Inf in the block (or a NaN first value as the shift)
            double[] v = scratch();
            for (int k = 0; k < n; k++) {
                v[k] = Float.intBitsToFloat(b[k]);
            }
            acceptMixedBlock(v, n);
            return;
        }
        if (n == ChunkDecoder.BLOCK) {
            if (lanes == null) {
                lanes = new FloatLanes();
            }
            lanes.add(b, n);
        } else {
            floatFigures(b, n);
        }
        addBlockMoments(n, shift, s1, s2);
    }

    /**
     * Min, max, zeros and the smallest non-zero magnitude of a short block with no NaN or Inf, one value at a time:
     * min and max on an integer key ordered as the floats are, 0 put last for the non-zero minimum by
     * {@code (|bits| - 1) & 0x7fffffff}, zeros counted by {@code (|bits| - 1) >>> 31}.
     */
    private void floatFigures(int[] b, int n) {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        int nonZero = Integer.MAX_VALUE;
        int zero = 0;
        for (int i = 0; i < n; i++) {
            int x = b[i];
            int ax = x & 0x7fffffff;
            int kx = x ^ ((x >> 31) & 0x7fffffff);
            lo = Math.min(lo, kx);
            hi = Math.max(hi, kx);
            nonZero = Math.min(nonZero, (ax - 1) & 0x7fffffff);
            zero += (ax - 1) >>> 31;
        }
        addFigures(Float.intBitsToFloat(lo ^ ((lo >> 31) & 0x7fffffff)), Float.intBitsToFloat(hi ^ ((hi >> 31) & 0x7fffffff)),
                zero, nonZero == Integer.MAX_VALUE ? Double.POSITIVE_INFINITY : Float.intBitsToFloat(nonZero + 1));
    }

    /** Float32 figures of blocks with no NaN or Inf, from {@link #floatFigures} or {@link FloatLanes}. */
    private void addFigures(double lo, double hi, long zero, double smallestNonZero) {
        min = Math.min(min, lo);
        max = Math.max(max, hi);
        zeros += zero;
        minNonZeroMagnitude = Math.min(minNonZeroMagnitude, smallestNonZero);
    }

    /** What the float32 vector lanes hold goes into the figures (before they are read or merged). */
    private void foldLanes() {
        if (lanes != null) {
            lanes.foldInto(this::addFigures);
        }
    }

    private double[] scratch;

    private double[] scratch() {
        if (scratch == null) {
            scratch = new double[ChunkDecoder.BLOCK];
        }
        return scratch;
    }

    /** A block holding NaN or Inf: one value at a time, each tested. */
    private void acceptMixedBlock(double[] v, int n) {
        double shift = finite > 0 ? mean : firstFinite(v, n);
        double s1 = 0;
        double s2 = 0;
        long fin = 0;
        for (int i = 0; i < n; i++) {
            double x = v[i];
            if (x - x == 0) { // finite: Inf - Inf and NaN - NaN are NaN
                double d = x - shift;
                s1 += d;
                s2 += d * d;
                min = Math.min(min, x);
                max = Math.max(max, x);
                fin++;
                double a = Math.abs(x);
                if (a == 0) {
                    zeros++;
                } else if (a < minNonZeroMagnitude) {
                    minNonZeroMagnitude = a;
                }
            } else {
                countNonFinite(x);
            }
        }
        addBlockMoments(fin, shift, s1, s2);
    }

    /** Folds a block's shifted sums Σd and Σd² (d = x − shift) into the running moments. */
    private void addBlockMoments(long fin, double shift, double s1, double s2) {
        if (fin > 0) {
            double blockMean = s1 / fin;
            // s2 - s1²/n is the block's M2 about its own mean; clamp the rounding that could make it negative
            double blockM2 = Math.max(0, s2 - s1 * blockMean);
            combine(fin, shift + blockMean, blockM2);
        }
    }

    private void countNonFinite(double x) {
        nonFinite.add(x);
    }

    private static double firstFinite(double[] v, int n) {
        for (int i = 0; i < n; i++) {
            if (v[i] - v[i] == 0) {
                return v[i];
            }
        }
        return 0;
    }

    /** Chan et al.: merges (nb, meanB, m2B) into this accumulator's finite-value moments. */
    private void combine(long nb, double meanB, double m2B) {
        if (nb == 0) {
            return;
        }
        if (finite == 0) {
            finite = nb;
            mean = meanB;
            m2 = m2B;
            return;
        }
        long n = finite + nb;
        double delta = meanB - mean;
        double weightB = (double) nb / n;
        mean += delta * weightB;
        m2 += m2B + delta * delta * finite * weightB;
        finite = n;
    }
}
