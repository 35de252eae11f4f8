package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CancellationException;

import static dev.tensorlens.tensor.stats.ColumnExtremesTest.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two versions binned over the same edges, and a zoomed range that counts what it leaves out. */
class SharedBinsTest {

    @Test
    void twoTensorsShareTheEdgesOfTheirCombinedRange() {
        Tensor before = floats(0, 1, 2, 3);
        Tensor after = floats(2, 4, 6, 8, Float.NaN);
        SharedBins b = SharedBins.of(List.of(before, after), null, 4, Double.NaN, Double.NaN, () -> false);

        assertThat(b.edges()).containsExactly(0, 2, 4, 6, 8);
        assertThat(b.histograms().get(0).edges()).isEqualTo(b.histograms().get(1).edges());
        assertThat(b.histograms().get(0).counts()).containsExactly(2, 2, 0, 0);
        assertThat(b.histograms().get(1).counts()).containsExactly(0, 1, 1, 2); // the last bin is closed: 8 is in it
        assertThat(b.histograms().get(1).nan()).isEqualTo(1);
        assertThat(b.outside()).containsExactly(0, 0);
        assertThat(b.maxCount()).isEqualTo(2);
    }

    @Test
    void aZoomedRangeCountsTheFiniteValuesOutsideIt() {
        Tensor t = floats(-5, -1, -0.5f, 0, 0.5f, 1, 5, Float.POSITIVE_INFINITY);
        SharedBins b = SharedBins.of(List.of(t), null, 2, -1, 1, () -> false);
        assertThat(b.edges()).containsExactly(-1, 0, 1);
        assertThat(b.histograms().get(0).counts()).containsExactly(2, 3);
        assertThat(b.outside()).containsExactly(2); // -5 and 5; +Inf is not finite, counted apart
        assertThat(b.histograms().get(0).posInf()).isEqualTo(1);
        assertThat(b.stats().get(0).finiteCount()).isEqualTo(7);
    }

    @Test
    void knownStatisticsAreUsedAndStatsAreTheSameAsInOnePass() {
        Tensor t = floats(new float[3 * SharedBins.CHUNK / 4 + 5]); // more than one chunk
        TensorStats chunked = SharedBins.stats(t, () -> false);
        assertThat(chunked).isEqualTo(TensorStats.of(t));
        SharedBins b = SharedBins.of(List.of(t), List.of(chunked), 8, Double.NaN, Double.NaN, () -> false);
        assertThat(b.binCount()).isEqualTo(1); // a constant: one bin around it
        assertThat(b.histograms().get(0).binnedCount()).isEqualTo(t.elementCount());
    }

    @Test
    void stopsWhenCancelled() {
        assertThatThrownBy(() -> SharedBins.of(List.of(floats(1, 2)), null, 4, Double.NaN, Double.NaN, () -> true))
                .isInstanceOf(CancellationException.class);
    }
}
