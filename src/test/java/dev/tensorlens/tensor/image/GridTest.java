package dev.tensorlens.tensor.image;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GridTest {

    @Test
    void aMatrixIsItsOwnRowsAndColumns() {
        Grid g = Grid.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(g.rows()).isEqualTo(2);
        assertThat(g.cols()).isEqualTo(3);
        assertThat(g.get(1, 0)).isEqualTo(4f);
    }

    @Test
    void aVectorAndAScalarAreOneRow() {
        Grid vector = Grid.of(new float[] {1, 2, 3, 4}, 4);
        assertThat(vector.rows()).isEqualTo(1);
        assertThat(vector.cols()).isEqualTo(4);
        Grid scalar = Grid.of(new float[] {7});
        assertThat(scalar.rows()).isEqualTo(1);
        assertThat(scalar.cols()).isEqualTo(1);
    }

    @Test
    void moreDimensionsStackAsRowsOverTheLastOne() {
        Grid g = Grid.of(new float[2 * 3 * 4], 2, 3, 4); // like x.reshape(-1, 4)
        assertThat(g.rows()).isEqualTo(6);
        assertThat(g.cols()).isEqualTo(4);
    }

    @Test
    void aShapeWithNoElementIsEmpty() {
        assertThat(Grid.of(new float[0], 3, 0).isEmpty()).isTrue();
        assertThat(Grid.of(new float[0], 0).isEmpty()).isTrue();
        assertThat(Grid.of(new float[0], 4_000_000_000L, 0).isEmpty()).isTrue();
    }

    @Test
    void aShapeThatDoesNotFitTheValuesIsRefused() {
        assertThatThrownBy(() -> Grid.of(new float[5], 2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Grid.of(new float[5], -5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Grid.of(new float[1], 1L << 40, 1L << 40)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Grid.matrix(new float[6], 4, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRangeCoversFiniteValuesAndCountsTheOthers() {
        float nan = Float.NaN;
        ValueRange r = Grid.of(new float[] {-2, 0.5f, nan, Float.POSITIVE_INFINITY, 3, Float.NEGATIVE_INFINITY, nan}, 7)
                .range();
        assertThat(r.min()).isEqualTo(-2);
        assertThat(r.max()).isEqualTo(3);
        assertThat(r.maxAbs()).isEqualTo(3);
        assertThat(r.nan()).isEqualTo(2);
        assertThat(r.posInf()).isEqualTo(1);
        assertThat(r.negInf()).isEqualTo(1);
        assertThat(r.count()).isEqualTo(7);

        ValueRange none = ValueRange.of(new float[] {nan, Float.POSITIVE_INFINITY});
        assertThat(none.hasFinite()).isFalse();
        assertThat(none.min()).isNaN();
        assertThat(none.maxAbs()).isNaN();
    }
}
