package dev.tensorlens.tensor.stats;

import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;
import dev.tensorlens.tensor.DType;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Percentiles of finite values given chunk by chunk. Keeps the values themselves (8 bytes each) up to a limit and
 * answers exactly, like {@code numpy.percentile(a[np.isfinite(a)], q)}; past the limit it moves them into a
 * t-digest (memory independent of the size, error largest in the middle and small in the tails) and says the
 * answer is approximate.
 */
public final class PercentileAccumulator {

    /** Up to this many finite values percentiles are exact: 4 M doubles is 32 MB, sorted in well under a second. */
    public static final int EXACT_LIMIT = 4_000_000;
    /** t-digest compression: about 200 centroids' worth of accuracy, the library's recommended range. */
    static final double COMPRESSION = 200;

    private final ChunkDecoder decoder;
    private final int exactLimit;
    private double[] values = new double[1024];
    private int size;
    private TDigest digest;
    private long finite;

    public PercentileAccumulator(DType dtype, ByteOrder order) {
        this(dtype, order, EXACT_LIMIT);
    }

    /** With a different limit on exact answers (a smaller one saves memory; tests use it to reach the digest). */
    public PercentileAccumulator(DType dtype, ByteOrder order, int exactLimit) {
        if (exactLimit < 0) {
            throw new IllegalArgumentException("exact limit " + exactLimit);
        }
        this.exactLimit = exactLimit;
        this.decoder = new ChunkDecoder(dtype, order, this::acceptBlock);
    }

    public void accept(byte[] chunk, int off, int len) {
        decoder.accept(chunk, off, len);
    }

    public void accept(byte[] chunk) {
        accept(chunk, 0, chunk.length);
    }

    /** The percentiles {@code q} (each 0..100) of the finite values so far. */
    public Percentiles result(double... q) {
        for (double p : q) {
            if (!(p >= 0 && p <= 100)) {
                throw new IllegalArgumentException("percentile " + p + " is not in 0..100");
            }
        }
        decoder.flush();
        double[] out = new double[q.length];
        if (finite == 0) {
            Arrays.fill(out, Double.NaN);
            return new Percentiles(q.clone(), out, true, 0);
        }
        if (digest == null) {
            Arrays.sort(values, 0, size);
            for (int i = 0; i < q.length; i++) {
                out[i] = linear(values, size, q[i] / 100);
            }
            return new Percentiles(q.clone(), out, true, finite);
        }
        for (int i = 0; i < q.length; i++) {
            out[i] = digest.quantile(q[i] / 100);
        }
        return new Percentiles(q.clone(), out, false, finite);
    }

    /**
     * numpy's 'linear' method: the value at virtual index (n-1)·q between its two neighbours. Like numpy, it
     * interpolates from the nearer neighbour (b - (b-a)(1-t) when t ≥ 0.5), which keeps the result monotonic in q
     * and exactly equal to a neighbour at t = 0 or 1.
     */
    static double linear(double[] sorted, int n, double quantile) {
        double index = (n - 1) * quantile;
        int below = (int) Math.floor(index);
        int above = Math.min(below + 1, n - 1);
        double t = index - below;
        double a = sorted[below];
        double b = sorted[above];
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    private void acceptBlock(double[] v, int n) {
        for (int i = 0; i < n; i++) {
            double x = v[i];
            if (x - x == 0) {
                add(x);
            }
        }
    }

    private void add(double x) {
        finite++;
        if (digest != null) {
            digest.add(x);
            return;
        }
        if (size == exactLimit) {
            digest = new MergingDigest(COMPRESSION);
            for (int i = 0; i < size; i++) {
                digest.add(values[i]);
            }
            values = null;
            size = 0;
            digest.add(x);
            return;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, (int) Math.min((long) values.length * 2, Math.max(exactLimit, 1)));
        }
        values[size++] = x;
    }
}
