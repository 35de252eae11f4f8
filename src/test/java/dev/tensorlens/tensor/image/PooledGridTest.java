package dev.tensorlens.tensor.image;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PooledGridTest {

    static final float NAN = Float.NaN;
    static final float INF = Float.POSITIVE_INFINITY;

    @Test
    void eachCellKeepsTheLargestMagnitudeOfItsBlockWithItsSign() {
        Grid g = Grid.matrix(new float[] {
                1, 2, /**/ 0.1f, 0.2f,
                3, -9, /**/ 0.3f, 8,
                //
                0, 0, /**/ -1, -2,
                0, 5, /**/ 1, 1.5f}, 4, 4);
        PooledGrid p = PooledGrid.pool(g, 2, 2);
        assertThat(p.rows()).isEqualTo(2);
        assertThat(p.cols()).isEqualTo(2);
        assertThat(p.value(0, 0)).isEqualTo(-9f);
        assertThat(p.sourceRow(0, 0)).isEqualTo(1);
        assertThat(p.sourceCol(0, 0)).isEqualTo(1);
        assertThat(p.value(0, 1)).isEqualTo(8f);
        assertThat(p.value(1, 0)).isEqualTo(5f);
        assertThat(p.value(1, 1)).isEqualTo(-2f);
        assertThat(p.sourceRow(1, 1)).isEqualTo(2);
        assertThat(p.sourceCol(1, 1)).isEqualTo(3);
        assertThat(p.cell(1, 1)).isEqualTo(new PooledGrid.Cell(1, 1, -2f, 2, 3, 2, 4, 2, 4));
        assertThat(p.cell(1, 1).pooled()).isTrue();
        assertThat(PooledGrid.pool(g, 4, 4).cell(3, 1).pooled()).isFalse();
    }

    @Test
    void oneOutlierAmongAMillionStillShows() {
        float[] v = new float[1000 * 1000];
        Random r = new Random(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.01);
        }
        v[123_456] = -50;
        PooledGrid p = PooledGrid.pool(Grid.matrix(v, 1000, 1000), 7, 7);
        float extreme = 0;
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                extreme = Math.abs(p.value(i, j)) > Math.abs(extreme) ? p.value(i, j) : extreme;
            }
        }
        assertThat(extreme).isEqualTo(-50f);
    }

    @Test
    void blocksOfSizesThatAreNotMultiplesCoverEveryValueOnce() {
        PooledGrid p = PooledGrid.pool(Grid.matrix(new float[5 * 7], 5, 7), 2, 3);
        assertThat(p.rows()).isEqualTo(2);
        assertThat(p.cols()).isEqualTo(3);
        assertThat(new int[] {p.blockRowStart(0), p.blockRowEnd(0), p.blockRowEnd(1)}).containsExactly(0, 2, 5);
        assertThat(new int[] {p.blockColStart(0), p.blockColEnd(0), p.blockColEnd(1), p.blockColEnd(2)})
                .containsExactly(0, 2, 4, 7);
    }

    @Test
    void agreesWithABlockByBlockSearchOnRandomSizes() {
        Random r = new Random(11);
        for (int round = 0; round < 200; round++) {
            int rows = 1 + r.nextInt(40);
            int cols = 1 + r.nextInt(40);
            float[] v = new float[rows * cols];
            for (int i = 0; i < v.length; i++) {
                int kind = r.nextInt(50);
                v[i] = kind == 0 ? NAN : kind == 1 ? INF : kind == 2 ? -INF : (float) r.nextGaussian();
            }
            int outRows = 1 + r.nextInt(rows + 3);
            int outCols = 1 + r.nextInt(cols + 3);
            PooledGrid p = PooledGrid.pool(Grid.matrix(v, rows, cols), outRows, outCols);
            assertThat(p.rows()).isEqualTo(Math.min(outRows, rows));
            assertThat(p.cols()).isEqualTo(Math.min(outCols, cols));
            int covered = 0;
            for (int i = 0; i < p.rows(); i++) {
                for (int j = 0; j < p.cols(); j++) {
                    assertThat(p.blockRowEnd(i)).isGreaterThan(p.blockRowStart(i));
                    assertThat(p.blockColEnd(j)).isGreaterThan(p.blockColStart(j));
                    covered += (p.blockRowEnd(i) - p.blockRowStart(i)) * (p.blockColEnd(j) - p.blockColStart(j));
                    float expected = reference(v, cols, p.blockRowStart(i), p.blockRowEnd(i),
                            p.blockColStart(j), p.blockColEnd(j));
                    assertThat(p.value(i, j)).isEqualTo(Float.valueOf(expected)); // NaN equals NaN
                    assertThat(v[p.sourceRow(i, j) * cols + p.sourceCol(i, j)]).isEqualTo(Float.valueOf(expected));
                }
            }
            assertThat(covered).isEqualTo(rows * cols);
        }
    }

    /** The rules written out plainly: any NaN, else the first value of largest |x| (Inf included). */
    static float reference(float[] v, int cols, int r0, int r1, int c0, int c1) {
        float best = 0;
        boolean first = true;
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                float x = v[r * cols + c];
                if (Float.isNaN(x)) {
                    return NAN;
                }
                if (first || Math.abs(x) > Math.abs(best)) {
                    best = x;
                    first = false;
                }
            }
        }
        return best;
    }

    @Test
    void nanWinsOverInfinityWhichWinsOverAnyFiniteValue() {
        PooledGrid p = PooledGrid.pool(Grid.matrix(new float[] {
                1e30f, NAN, -INF, /**/ -INF, 3e38f, INF,
        }, 1, 6), 1, 2);
        assertThat(p.value(0, 0)).isNaN();
        assertThat(p.value(0, 1)).isEqualTo(-INF); // -Inf and +Inf tie: the first one stays
    }

    @Test
    void onATieTheFirstValueInRowMajorOrderStays() {
        PooledGrid p = PooledGrid.pool(Grid.matrix(new float[] {0.5f, -3, 3, 0}, 2, 2), 1, 1);
        assertThat(p.value(0, 0)).isEqualTo(-3f);
        assertThat(p.sourceCol(0, 0)).isEqualTo(1);
    }

    @Test
    void aGridIsNeverEnlarged() {
        float[] v = {1, 2, 3, 4, 5, 6};
        PooledGrid p = PooledGrid.pool(Grid.matrix(v, 2, 3), 10, 10);
        assertThat(p.rows()).isEqualTo(2);
        assertThat(p.cols()).isEqualTo(3);
        assertThat(p.value(1, 2)).isEqualTo(6f);
        assertThat(PooledGrid.pool(Grid.matrix(v, 2, 3), 0, -1).rows()).isEqualTo(1); // at least one cell
    }

    @Test
    void aVectorIsPooledAlongItsOneRow() {
        float[] v = new float[100];
        v[42] = -7;
        v[99] = 2;
        PooledGrid p = PooledGrid.pool(Grid.of(v, 100), 300, 10);
        assertThat(p.rows()).isEqualTo(1);
        assertThat(p.cols()).isEqualTo(10);
        assertThat(p.value(0, 4)).isEqualTo(-7f);
        assertThat(p.sourceCol(0, 4)).isEqualTo(42);
        assertThat(p.value(0, 9)).isEqualTo(2f);
    }

    @Test
    void anEmptyGridHasNoCells() {
        PooledGrid p = PooledGrid.pool(Grid.of(new float[0], 0, 5), 10, 10);
        assertThat(p.rows()).isZero();
        assertThat(p.cols()).isZero();
        p.paint(ColorScale.fitted(ColorMap.VIRIDIS, ValueRange.of(new float[0])), new int[0]);
    }

    @Test
    void aCancelledPoolingStops() {
        Grid g = Grid.matrix(new float[100], 10, 10);
        assertThatThrownBy(() -> PooledGrid.pool(g, 5, 5, () -> true)).isInstanceOf(CancellationException.class);
    }

    @Test
    void paintGivesEachCellItsColour() {
        Grid g = Grid.matrix(new float[] {-2, 0, 2, NAN, INF, -INF}, 2, 3);
        PooledGrid p = PooledGrid.pool(g, 2, 3);
        ColorScale s = ColorScale.fitted(ColorMap.DIVERGING, g.range());
        int[] argb = new int[6];
        p.paint(s, argb);
        int[] table = ColorMap.DIVERGING.table();
        assertThat(argb).containsExactly(table[0], table[ColorMap.MIDDLE], table[ColorMap.SIZE - 1],
                ColorMap.NAN_ARGB, table[ColorMap.SIZE - 1], table[0]);
        assertThatThrownBy(() -> p.paint(s, new int[5])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void paintCanGiveEachCellABlockOfWholePixels() {
        Grid g = Grid.matrix(new float[] {-1, 1}, 1, 2);
        PooledGrid p = PooledGrid.pool(g, 1, 2);
        ColorScale s = ColorScale.fitted(ColorMap.DIVERGING, g.range());
        int b = s.argb(-1f);
        int r = s.argb(1f);
        int[] argb = new int[3 * 2 * 2]; // 2 cells of 3 × 2 pixels: an image 6 wide, 2 high
        p.paint(s, argb, 3, 2);
        assertThat(argb).containsExactly(b, b, b, r, r, r, b, b, b, r, r, r);
        assertThatThrownBy(() -> p.paint(s, new int[11], 3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.paint(s, argb, 0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
