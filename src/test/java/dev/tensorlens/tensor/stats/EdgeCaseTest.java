package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The decisions the fixture does not cover: undefined ratios, refusals, the approximate path. */
class EdgeCaseTest {

    @Test
    void theSameMatrixInRowAndColumnMajorOrderIsIdentical() {
        // [[1, 2, 3], [4, 5, 6]] as numpy writes it with fortran_order False and True
        byte[] c = {1, 2, 3, 4, 5, 6};
        byte[] f = {1, 4, 2, 5, 3, 6};
        Tensor rowMajor = Tensor.view("c", DType.INT8, new long[] {2, 3}, ByteOrder.LITTLE_ENDIAN, false, c, 0);
        Tensor columnMajor = Tensor.view("f", DType.INT8, new long[] {2, 3}, ByteOrder.LITTLE_ENDIAN, true, f, 0);

        TensorComparison same = TensorComparison.of(rowMajor, columnMajor);

        assertThat(same.maxAbsDiff()).isZero();
        assertThat(same.cosine()).isCloseTo(1.0, within(1e-12));
        assertThat(TensorComparison.of(rowMajor, Tensor.view("x", DType.INT8, new long[] {2, 3},
                ByteOrder.LITTLE_ENDIAN, false, f, 0)).maxAbsDiff()).as("the bytes alone differ").isEqualTo(2.0);
    }


    private static Tensor floats(float... v) {
        return TestData.tensor(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, v);
    }

    private static Tensor floats(long[] shape, float... v) {
        Tensor t = floats(v);
        return Tensor.view("t", DType.FLOAT32, shape, ByteOrder.LITTLE_ENDIAN, false, TestData.data(t), 0);
    }

    @Test
    void differentShapesAreRefusedWithBothShapesNamed() {
        Tensor a = floats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Tensor b = floats(new long[] {3, 2}, 1, 2, 3, 4, 5, 6);
        assertThatThrownBy(() -> TensorComparison.of(a, b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2, 3)").hasMessageContaining("(3, 2)");
    }

    @Test
    void comparisonWithItselfIsNoChange() {
        Tensor a = floats(1, -2, 3);
        TensorComparison d = TensorComparison.of(a, a);
        assertThat(d.diffNorm()).isZero();
        assertThat(d.relativeChange()).isZero();
        assertThat(d.cosine()).isEqualTo(1.0);
        assertThat(d.maxAbsDiff()).isZero();
    }

    @Test
    void relativeChangeFromZeroIsZeroOrInfinite() {
        Tensor zero = floats(0, 0, 0);
        assertThat(TensorComparison.of(zero, zero).relativeChange()).isZero();
        assertThat(TensorComparison.of(zero, zero).cosine()).isNaN();
        TensorComparison fromZero = TensorComparison.of(zero, floats(0, 1, 0));
        assertThat(fromZero.relativeChange()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(fromZero.cosine()).isNaN();
        assertThat(fromZero.maxAbsDiff()).isEqualTo(1.0);
    }

    @Test
    void oppositeTensorsHaveCosineMinusOne() {
        TensorComparison d = TensorComparison.of(floats(1, 2, 3), floats(-1, -2, -3));
        assertThat(d.cosine()).isEqualTo(-1.0);
        assertThat(d.relativeChange()).isCloseTo(2.0, within(1e-15));
    }

    @Test
    void anElementCutAtTheEndIsReportedAsPending() {
        StatsAccumulator acc = new StatsAccumulator(DType.FLOAT64, ByteOrder.LITTLE_ENDIAN);
        acc.accept(new byte[13]);
        assertThat(acc.pendingBytes()).isEqualTo(5);
        assertThat(acc.result().count()).isEqualTo(1);
        acc.accept(new byte[3]);
        assertThat(acc.pendingBytes()).isZero();
        assertThat(acc.result().count()).isEqualTo(2);
    }

    @Test
    void mergingRefusesOtherDtypesAndCutElements() {
        StatsAccumulator f32 = new StatsAccumulator(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> f32.merge(new StatsAccumulator(DType.FLOAT16, ByteOrder.LITTLE_ENDIAN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float16");
        StatsAccumulator cut = new StatsAccumulator(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN);
        cut.accept(new byte[2]);
        assertThatThrownBy(() -> f32.merge(cut)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void largeMeanSmallSpreadKeepsItsVariance() {
        // 1e9 + {0, 1, 2, 3}: a naive Σx² − (Σx)²/n in double loses every digit of the variance 1.25
        double[] v = new double[4 * ChunkDecoder.BLOCK + 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1e9 + (i % 4);
        }
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        TensorStats s = TensorStats.of(Tensor.view("t", DType.FLOAT64, new long[] {v.length}, b.array(), 0));
        double mean = 0;
        for (double x : v) {
            mean += (x - 1e9) / v.length;
        }
        double m2 = 0;
        for (double x : v) {
            m2 += (x - 1e9 - mean) * (x - 1e9 - mean);
        }
        assertThat(s.std()).isCloseTo(Math.sqrt(m2 / v.length), within(1e-9));
        assertThat(s.mean()).isCloseTo(1e9 + mean, within(1e-6));
    }

    @Test
    void pastTheLimitPercentilesAreApproximateButClose() {
        SplittableRandom r = new SplittableRandom(7);
        float[] v = new float[200_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        Tensor t = floats(v);
        Percentiles exact = Percentiles.of(t, Percentiles.DEFAULT_Q);
        Percentiles sketch = Percentiles.of(t, 10_000, Percentiles.DEFAULT_Q);

        assertThat(exact.exact()).isTrue();
        assertThat(sketch.exact()).isFalse();
        assertThat(sketch.finiteCount()).isEqualTo(v.length);
        for (int i = 0; i < exact.q().length; i++) {
            // uniform on [-1, 1]: rank error of 0.5 % is 0.01 in value
            assertThat(sketch.values()[i]).isCloseTo(exact.values()[i], within(0.01));
        }
        assertThat(sketch.valueAt(50)).isCloseTo(0, within(0.02));
    }

    @Test
    void binCountsOutsideOneTo512AreRefused() {
        Tensor t = floats(1, 2);
        TensorStats s = TensorStats.of(t);
        assertThatThrownBy(() -> Histogram.linear(t, s, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Histogram.linear(t, s, Histogram.MAX_BINS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Histogram.linear(t, s, Histogram.MAX_BINS).binCount()).isEqualTo(Histogram.MAX_BINS);
    }

    @Test
    void theMaximumFallsInTheLastBinAndTheMinimumInTheFirst() {
        Histogram h = Histogram.linear(floats(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        assertThat(h.counts()[0]).isEqualTo(1);
        assertThat(h.counts()[h.binCount() - 1]).isEqualTo(1);
        assertThat(h.binnedCount()).isEqualTo(11);
    }

    @Test
    void logHistogramKeepsZerosApartAndSpansTheDecades() {
        Tensor t = floats(0, 0, 1e-3f, -5e-2f, 1e1f, Float.NaN);
        Histogram h = Histogram.logMagnitude(t, TensorStats.of(t), 4);
        assertThat(h.zerosApart()).isEqualTo(2);
        assertThat(h.nan()).isEqualTo(1);
        assertThat(h.edges()[0]).isCloseTo(-3, within(1e-6));
        assertThat(h.edges()[4]).isCloseTo(1, within(1e-6));
        assertThat(h.counts()).containsExactly(1, 1, 0, 1);
    }

    @Test
    void sparsityIsTheShareOfExactZeros() {
        TensorStats s = TensorStats.of(floats(0, -0f, 1, 2));
        assertThat(s.zeros()).isEqualTo(2);
        assertThat(s.sparsity()).isEqualTo(0.5);
        assertThat(TensorStats.of(floats()).sparsity()).isZero();
    }
}
