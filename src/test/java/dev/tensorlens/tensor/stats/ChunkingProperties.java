package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Chunked, merged and one-shot computations agree, whatever the cuts. */
class ChunkingProperties {

    @Property(tries = 300)
    void chunkedEqualsOneShotForAnyCuts(@ForAll("floatData") float[] values, @ForAll("dtypes") DType dtype,
                                        @ForAll boolean bigEndian,
                                        @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 40) Integer> cuts) {
        ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Tensor t = TestData.tensor(dtype, order, values);
        byte[] bytes = TestData.data(t);

        StatsAccumulator acc = new StatsAccumulator(dtype, order);
        int at = 0;
        for (int cut : cuts) {
            int len = Math.min(cut, bytes.length - at);
            acc.accept(bytes, at, len); // zero-length pieces included
            at += len;
        }
        acc.accept(bytes, at, bytes.length - at);

        assertThat(acc.pendingBytes()).isZero();
        assertThat(acc.result()).isEqualTo(TensorStats.of(t));
    }

    @Property(tries = 200)
    void mergedEqualsOneShot(@ForAll("floatData") float[] values, @ForAll @IntRange(min = 0, max = 5000) int split) {
        Tensor t = TestData.tensor(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, values);
        int at = Math.min(split, values.length) * Float.BYTES;
        StatsAccumulator left = new StatsAccumulator(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN);
        StatsAccumulator right = new StatsAccumulator(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN);
        left.accept(TestData.data(t), 0, at);
        right.accept(TestData.data(t), at, TestData.data(t).length - at);

        TensorStats merged = left.merge(right).result();
        TensorStats whole = TensorStats.of(t);

        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.nan()).isEqualTo(whole.nan());
        assertThat(merged.posInf()).isEqualTo(whole.posInf());
        assertThat(merged.negInf()).isEqualTo(whole.negInf());
        assertThat(merged.zeros()).isEqualTo(whole.zeros());
        assertThat(merged.finiteCount()).isEqualTo(whole.finiteCount());
        assertNear(merged.min(), whole.min(), 0);
        assertNear(merged.max(), whole.max(), 0);
        assertNear(merged.minNonZeroMagnitude(), whole.minNonZeroMagnitude(), 0);
        // moments are summed in another order: equal to rounding, relative to the spread
        double scale = Math.max(1, Math.abs(whole.mean()) + whole.std());
        assertNear(merged.mean(), whole.mean(), 1e-12 * scale);
        assertNear(merged.std(), whole.std(), 1e-12 * scale);
        assertNear(merged.l2Norm(), whole.l2Norm(), 1e-12 * Math.max(1, whole.l2Norm()));
    }

    @Property(tries = 200)
    void histogramCountsAddUpToTheFiniteValues(@ForAll("floatData") float[] values,
                                               @ForAll @IntRange(min = 1, max = Histogram.MAX_BINS) int bins) {
        Tensor t = TestData.tensor(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, values);
        TensorStats s = TensorStats.of(t);

        Histogram linear = Histogram.linear(t, s, bins);
        Histogram log = Histogram.logMagnitude(t, s, bins);

        assertThat(linear.binnedCount()).isEqualTo(s.finiteCount());
        assertThat(log.binnedCount() + log.zerosApart()).isEqualTo(s.finiteCount());
        assertThat(linear.nan() + linear.posInf() + linear.negInf()).isEqualTo(s.nonFiniteCount());
        assertThat(linear.edges()).isSorted().hasSize(linear.counts().length + 1);
    }

    @Property(tries = 100)
    void histogramFromChunksEqualsOneShot(@ForAll("floatData") float[] values,
                                          @ForAll @IntRange(min = 1, max = 13) int piece) {
        Tensor t = TestData.tensor(DType.FLOAT32, ByteOrder.BIG_ENDIAN, values);
        TensorStats s = TensorStats.of(t);
        HistogramAccumulator acc = HistogramAccumulator.linear(DType.FLOAT32, ByteOrder.BIG_ENDIAN, s.min(), s.max(), 16);
        byte[] bytes = TestData.data(t);
        for (int at = 0; at < bytes.length; at += piece) {
            acc.accept(bytes, at, Math.min(piece, bytes.length - at));
        }
        Histogram expected = Histogram.linear(t, s, 16);
        assertThat(acc.result().counts()).containsExactly(expected.counts());
    }

    @Property(tries = 200)
    void percentilesAreMonotonic(@ForAll("floatData") float[] values, @ForAll @IntRange(min = 0, max = 300) int limit) {
        Tensor t = TestData.tensor(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, values);
        double[] q = new double[101];
        for (int i = 0; i <= 100; i++) {
            q[i] = i;
        }
        Percentiles p = Percentiles.of(t, limit, q); // small limits take the t-digest path
        TensorStats s = TensorStats.of(t);

        if (s.finiteCount() == 0) {
            assertThat(p.values()).containsOnly(Double.NaN);
            return;
        }
        for (int i = 0; i < 100; i++) { // numeric order: -0.0 and 0.0 are the same value here
            assertThat(p.values()[i] <= p.values()[i + 1])
                    .as("p%d = %s, p%d = %s", i, p.values()[i], i + 1, p.values()[i + 1]).isTrue();
        }
        assertThat(p.exact()).isEqualTo(s.finiteCount() <= limit);
        assertThat(p.values()[0]).isEqualTo(s.min());
        assertThat(p.values()[100]).isEqualTo(s.max());
    }

    @Provide
    Arbitrary<float[]> floatData() {
        Arbitrary<Float> special = Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                0f, -0f, 1f, -2.5f);
        Arbitrary<Float> ordinary = Arbitraries.floats().between(-1e4f, 1e4f);
        Arbitrary<Float> offset = Arbitraries.floats().between(-1f, 1f).map(f -> 3.0e4f + f); // large mean
        Arbitrary<Float> element = Arbitraries.frequencyOf(
                Tuple.of(1, special), Tuple.of(6, ordinary), Tuple.of(2, offset));
        // up to a few blocks, so block boundaries and partial blocks are crossed
        return element.array(float[].class).ofMaxSize(3 * ChunkDecoder.BLOCK + 7);
    }

    @Provide
    Arbitrary<DType> dtypes() {
        return Arbitraries.of(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16, DType.INT8, DType.UINT8,
                DType.INT16, DType.INT32, DType.INT64, DType.UINT64, DType.COMPLEX64, DType.FLOAT8_E4M3FN);
    }

    private static void assertNear(double actual, double expected, double tolerance) {
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else {
            assertThat(actual).isCloseTo(expected, within(tolerance));
        }
    }
}
