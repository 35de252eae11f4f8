package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pooling a vector to pixel columns keeps every spike, covers every element once, and counts NaN/Inf apart. */
class ColumnExtremesTest {

    @Test
    void aSingleSpikeInAMillionSurvivesPoolingTo300Columns() {
        float[] v = new float[1_000_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 7) * 0.001f;
        }
        v[654_321] = 5f;
        v[10] = -3f;
        ColumnExtremes p = ColumnExtremes.of(floats(v), 300, () -> false);

        assertThat(p.columns()).isEqualTo(300);
        assertThat(p.pooled()).isTrue();
        assertThat(p.high()).isEqualTo(5);
        assertThat(p.low()).isEqualTo(-3);
        int spike = p.columnOf(654_321);
        assertThat(p.max()[spike]).isEqualTo(5);
        assertThat(p.from(spike)).isLessThanOrEqualTo(654_321);
        assertThat(p.to(spike)).isGreaterThan(654_321);
        assertThat(p.min()[p.columnOf(10)]).isEqualTo(-3);
        assertThat(p.max()[spike + 1]).isEqualTo(0.006f);
    }

    @Test
    void theColumnsCoverEveryElementOnceInOrder() {
        ColumnExtremes p = ColumnExtremes.of(floats(new float[1003]), 10, () -> false);
        assertThat(p.from(0)).isZero();
        assertThat(p.to(9)).isEqualTo(1003);
        for (int j = 0; j < 9; j++) {
            assertThat(p.to(j)).isEqualTo(p.from(j + 1));
            assertThat(p.to(j) - p.from(j)).isBetween(100L, 101L);
        }
        for (long i = 0; i < 1003; i++) {
            int j = p.columnOf(i);
            assertThat(i).isBetween(p.from(j), p.to(j) - 1);
        }
    }

    @Test
    void aShortVectorIsOneColumnPerElementAndNonFiniteValuesAreCountedNotPooled() {
        ColumnExtremes p = ColumnExtremes.of(floats(1, Float.NaN, -2, Float.POSITIVE_INFINITY), 100, () -> false);
        assertThat(p.columns()).isEqualTo(4);
        assertThat(p.pooled()).isFalse();
        assertThat(p.min()).containsExactly(1, Double.NaN, -2, Double.NaN);
        assertThat(p.nonFinite()).containsExactly(0, 1, 0, 1);
        assertThat(p.low()).isEqualTo(-2);
        assertThat(p.high()).isEqualTo(1);
    }

    @Test
    void nothingFiniteHasNoRangeAndAnEmptyVectorNoColumns() {
        ColumnExtremes nan = ColumnExtremes.of(floats(Float.NaN), 10, () -> false);
        assertThat(nan.low()).isNaN();
        assertThat(nan.high()).isNaN();
        assertThat(ColumnExtremes.of(floats(), 10, () -> false).columns()).isZero();
    }

    @Test
    void stopsWhenCancelled() {
        assertThatThrownBy(() -> ColumnExtremes.of(floats(new float[200_000]), 100, () -> true))
                .isInstanceOf(CancellationException.class);
    }

    static Tensor floats(float... v) {
        return TestData.tensor(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, v);
    }
}
