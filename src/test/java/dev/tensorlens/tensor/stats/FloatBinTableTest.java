package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The float32 bin table against numpy's rule, value by value, where they could differ: a few float32 values
 * either side of every bin edge and every threshold, at every cell boundary, at both ends of the range, and at
 * random; over ranges chosen to be awkward (a few ulps wide, huge, subnormal, across zero, a widened constant).
 *
 * <p>Why numpy's rule is monotone for float32 values (what the table relies on; checked here near every edge):
 * numpy's estimate {@code ((x − first) / width) · bins} is within a few double ulps of the exact position, and its
 * edges {@code i · step + first} within a few double ulps of the exact edges; in bins that is at most about
 * 2^-52 · 512 · m / width ≤ 2^-19, m = max(|first|, |last|), for a range at least one float32 ulp of m wide
 * (width ≥ 2^-24 m).
 * So the estimate is never more than one bin off the edge comparison, numpy's ±1 correction lands on it, and
 * numpy's bin is "the last edge ≤ x", which is monotone.
 */
class FloatBinTableTest {

    private static final int[] BINS = {1, 2, 3, 8, 63, 64, 100, 255, 511, 512};

    @Test
    void tableThresholdsAndNumpyAgreeNearEveryEdgeOnAwkwardRanges() {
        for (double[] range : ranges()) {
            for (int bins : BINS) {
                checkTable(range[0], range[1], bins);
            }
        }
    }

    @Test
    void everyFloatOfNarrowRangesIsBinnedAsNumpyDoes() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 40; trial++) {
            float lo = randomFloat(r);
            int span = 1 + r.nextInt(trial < 20 ? 600 : 60_000);
            float hi = FloatBinTable.fromKey(FloatBinTable.key(lo) + span);
            if (!Float.isFinite(hi) || !Float.isFinite(lo)) {
                continue;
            }
            int bins = BINS[r.nextInt(BINS.length)];
            double[] edges = HistogramAccumulator.linspace(lo, hi, bins);
            FloatBinTable t = new FloatBinTable(lo, hi, edges);
            for (int k = FloatBinTable.key(lo); k <= FloatBinTable.key(hi); k++) {
                float x = FloatBinTable.fromKey(k);
                assertBin(t, x, lo, hi, edges);
            }
        }
    }

    /**
     * The same values binned as float32 and as float64 (the double loop, which the numpy fixture has held to
     * numpy's counts): equal counts, with NaN, ±Inf and values outside the range among them. Each set is binned
     * alone (fewer than a block: numpy's rule value by value, no table) and repeated past a block (the table),
     * fed in chunks cut anywhere.
     */
    @Test
    void float32HistogramEqualsTheDoubleLoopOnValuesAtEveryEdge() {
        SplittableRandom r = new SplittableRandom(5);
        for (double[] range : ranges()) {
            for (int bins : new int[] {1, 8, 64, 512}) {
                double first = range[0];
                double last = range[1];
                double[] edges = HistogramAccumulator.linspace(first, last, bins);
                FloatBinTable t = new FloatBinTable(first, last, edges);
                List<Float> values = new ArrayList<>();
                for (int k = 0; k <= bins; k++) {
                    float at = FloatBinTable.floatAtLeast(edges[k]);
                    for (int d = -2; d <= 2; d++) {
                        values.add(FloatBinTable.fromKey(FloatBinTable.key(at) + d));
                    }
                }
                for (int i = 0; t.any && i < 300; i++) {
                    values.add(inRange(r, t));
                }
                values.add(Float.NaN);
                values.add(Float.POSITIVE_INFINITY);
                values.add(Float.NEGATIVE_INFINITY);
                values.add(Math.nextDown(t.lo));
                values.add(Math.nextUp(t.hi));
                String where = "[" + first + ", " + last + "], " + bins + " bins";
                if (values.size() < ChunkDecoder.BLOCK) {
                    assertSameAsDoubleLoop(where + ", by rule", values, first, last, bins, r);
                }
                List<Float> many = new ArrayList<>();
                while (many.size() <= ChunkDecoder.BLOCK) {
                    many.addAll(values);
                }
                assertSameAsDoubleLoop(where + ", by table", many, first, last, bins, r);
            }
        }
    }

    private static void assertSameAsDoubleLoop(String where, List<Float> values, double first, double last, int bins,
                                               SplittableRandom r) {
        values = new ArrayList<>(values);
        Collections.shuffle(values, new Random(r.nextLong()));
        ByteBuffer f32 = ByteBuffer.allocate(values.size() * 4).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer f64 = ByteBuffer.allocate(values.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            f32.putFloat(v);
            f64.putDouble(v);
        }
        HistogramAccumulator a = HistogramAccumulator.linear(DType.FLOAT32, ByteOrder.BIG_ENDIAN, first, last, bins);
        byte[] bytes = f32.array();
        for (int at = 0; at < bytes.length; ) {
            int len = Math.min(1 + r.nextInt(4 * ChunkDecoder.BLOCK), bytes.length - at);
            a.accept(bytes, at, len);
            at += len;
        }
        HistogramAccumulator b = HistogramAccumulator.linear(DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, first, last, bins);
        b.accept(f64.array());
        Histogram table = a.result();
        Histogram reference = b.result();
        assertThat(table.counts()).as(where).containsExactly(reference.counts());
        assertThat(table.edges()).containsExactly(reference.edges());
        assertThat(new long[] {table.nan(), table.posInf(), table.negInf()})
                .containsExactly(reference.nan(), reference.posInf(), reference.negInf());
    }

    @Test
    void aBlockFullOfNaNAndValuesOutOfRangeIsCountedApart() {
        float[] v = new float[3 * ChunkDecoder.BLOCK + 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (i % 5) {
                case 0 -> Float.NaN;
                case 1 -> -7f; // below the range
                case 2 -> 0.25f;
                case 3 -> Float.POSITIVE_INFINITY;
                default -> 1f; // the closed right end
            };
        }
        Tensor t = TestData.tensor(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, v);
        HistogramAccumulator acc = HistogramAccumulator.linear(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, 0, 1, 4);
        acc.accept(TestData.data(t));
        Histogram h = acc.result();
        long[] perKind = new long[5];
        for (int i = 0; i < v.length; i++) {
            perKind[i % 5]++;
        }
        assertThat(h.counts()).containsExactly(0, perKind[2], 0, perKind[4]);
        assertThat(h.nan()).isEqualTo(perKind[0]);
        assertThat(h.posInf()).isEqualTo(perKind[3]);
        assertThat(h.negInf()).isZero();
    }

    @Test
    void aConstantTooLargeToWidenByAHalfIsOneBin() {
        for (float c : new float[] {1e20f, -3e38f, 1e12f, 0f, Float.MIN_VALUE}) {
            Tensor t = TestData.tensor(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, new float[] {c, c, Float.NaN, c});
            Histogram h = Histogram.linear(t, TensorStats.of(t), 64);
            assertThat(h.counts()).as("%s", c).containsExactly(3);
            assertThat(h.nan()).isEqualTo(1);
        }
    }

    private static void checkTable(double first, double last, int bins) {
        double[] edges = HistogramAccumulator.linspace(first, last, bins);
        FloatBinTable t = new FloatBinTable(first, last, edges);
        String where = "[" + first + ", " + last + "], " + bins + " bins";
        if (!t.any) { // no float32 value in the range: nothing may reach the table's bins
            assertThat(FloatBinTable.floatAtLeast(first)).as(where).isGreaterThan(FloatBinTable.floatAtMost(last));
            return;
        }
        for (int k = 1; k < bins; k++) {
            assertThat(t.thresholds[k]).as("%s: thresholds ascend", where).isGreaterThanOrEqualTo(t.thresholds[k - 1]);
        }
        // every edge and every threshold, with the float32 values around them
        for (int k = 0; k <= bins; k++) {
            aroundEveryValue(t, FloatBinTable.floatAtLeast(edges[k]), first, last, edges);
            if (Float.isFinite(t.thresholds[k])) {
                aroundEveryValue(t, t.thresholds[k], first, last, edges);
            }
        }
        // every cell boundary: the float32 value at the boundary and its neighbours
        for (int c = 0; c <= t.cells.length; c++) {
            double at = t.a == 0 ? first : (Double.longBitsToDouble(t.base + c) - t.b) / t.a;
            if (Double.isFinite(at) && Math.abs(at) <= Float.MAX_VALUE) {
                aroundEveryValue(t, FloatBinTable.floatAtLeast(at), first, last, edges);
            }
        }
        SplittableRandom r = new SplittableRandom(Double.doubleToLongBits(first) ^ bins);
        for (int i = 0; i < 2000; i++) {
            assertBin(t, inRange(r, t), first, last, edges);
        }
    }

    /** x and the float32 values up to 3 steps either side, each binned three ways; numpy's bins do not decrease. */
    private static void aroundEveryValue(FloatBinTable t, float x, double first, double last, double[] edges) {
        int previous = -1;
        for (int d = -3; d <= 3; d++) {
            float y = FloatBinTable.fromKey(FloatBinTable.key(x) + d);
            if (!(y >= t.lo && y <= t.hi)) {
                continue;
            }
            int bin = assertBin(t, y, first, last, edges);
            if (bin < previous) {
                fail("numpy's bin decreases at %s (%d after %d) in [%s, %s]", y, bin, previous, first, last);
            }
            previous = bin;
        }
    }

    private static int assertBin(FloatBinTable t, float x, double first, double last, double[] edges) {
        int numpy = FloatBinTable.numpyBin(x, first, last, edges);
        int table = t.bin(x);
        int search = binByThresholds(t, x);
        if (table != numpy || search != numpy || numpy != lastEdgeAtOrBelow(x, edges)) {
            fail("x = %s (bits %08x) in [%s, %s], %d bins: numpy %d, table %d, thresholds %d, edges %d; %s",
                    x, Float.floatToRawIntBits(x), first, last, edges.length - 1, numpy, table, search,
                    lastEdgeAtOrBelow(x, edges), t);
        }
        return numpy;
    }

    /** The thresholds alone, without the table: how many of thresholds[1..bins-1] x is at or above. */
    private static int binByThresholds(FloatBinTable t, float x) {
        int low = 1;
        int high = t.thresholds.length - 1; // thresholds[bins] = +Inf: x is below it
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (x >= t.thresholds[mid]) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low - 1;
    }

    /** The plain definition: the last bin whose left edge is at or below x (the last bin is closed). */
    private static int lastEdgeAtOrBelow(float x, double[] edges) {
        int low = 0; // edges[low] <= x (x is in the range)
        int high = edges.length - 2; // the last bin's left edge
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (x >= edges[mid]) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private static float inRange(SplittableRandom r, FloatBinTable t) {
        if (r.nextBoolean()) { // uniform over the float32 values of the range (most of them near 0 if it spans 0)
            return FloatBinTable.fromKey((int) r.nextLong(FloatBinTable.key(t.lo), FloatBinTable.key(t.hi) + 1L));
        }
        float x = (float) (t.lo + r.nextDouble() * ((double) t.hi - t.lo)); // uniform in value
        return Math.min(Math.max(x, t.lo), t.hi);
    }

    private static float randomFloat(SplittableRandom r) {
        float f;
        do {
            f = switch (r.nextInt(3)) {
                case 0 -> Float.intBitsToFloat(r.nextInt());
                case 1 -> (float) r.nextDouble(-1e6, 1e6);
                default -> (float) r.nextDouble(-2, 2);
            };
        } while (!Float.isFinite(f));
        return f;
    }

    /** [first, last] pairs, first < last. */
    private static List<double[]> ranges() {
        List<double[]> ranges = new ArrayList<>();
        // like the benchmark's weights, and plain ones
        ranges.add(new double[] {-0.10957f, 0.11342f});
        ranges.add(new double[] {-1, 1});
        ranges.add(new double[] {0, 1});
        ranges.add(new double[] {1, 2});
        ranges.add(new double[] {-3, 1e-7f});
        // a few ulps wide: several thresholds in one cell, bins no float32 value reaches
        for (int ulps : new int[] {1, 2, 3, 7, 64, 513, 100_000}) {
            float lo = 1.2345678e4f;
            ranges.add(new double[] {lo, FloatBinTable.fromKey(FloatBinTable.key(lo) + ulps)});
            ranges.add(new double[] {-lo, FloatBinTable.fromKey(FloatBinTable.key(-lo) + ulps)});
        }
        // huge and tiny
        ranges.add(new double[] {-Float.MAX_VALUE, Float.MAX_VALUE});
        ranges.add(new double[] {1e30f, Float.MAX_VALUE});
        ranges.add(new double[] {Float.MIN_VALUE, 100 * Float.MIN_VALUE});
        ranges.add(new double[] {-Float.MIN_NORMAL, Float.MIN_NORMAL});
        ranges.add(new double[] {-1e-40f, 1e-3f});
        ranges.add(new double[] {-Float.MIN_VALUE, 0});
        // a constant widened by ±0.5, and numpy's default (0, 1) for no data, are not float32 ends
        ranges.add(new double[] {3.3f - 0.5, 3.3f + 0.5});
        ranges.add(new double[] {1e7f - 0.5, 1e7f + 0.5});
        // ranges of doubles far narrower than their magnitude: no grid (one cell, every value compared), or no
        // float32 value in the range at all
        ranges.add(new double[] {1e12f - 0.5, 1e12f + 0.5});
        ranges.add(new double[] {1.0, 1.0 + 1e-12});
        ranges.add(new double[] {1.0 + 1e-12, 1.0 + 2e-12});
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 12; i++) {
            float a = randomFloat(r);
            float b = randomFloat(r);
            if (a != b) {
                ranges.add(new double[] {Math.min(a, b), Math.max(a, b)});
            }
        }
        return ranges;
    }
}
