package dev.tensorlens.tensor.image;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.write.RawBytes;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Windows pooled from pyramid levels keep the largest |x| of exactly the cells their blocks cover. */
class PyramidTest {

    @Test
    void eachLevelCellIsTheLargestMagnitudeOfTheCellsItStandsFor() {
        Random r = new Random(4);
        for (int[] size : new int[][] {{300, 257}, {65, 900}, {1, 5000}, {3000, 2}, {129, 129}}) {
            float[] v = noise(r, size[0] * size[1]);
            Grid g = Grid.matrix(v, size[0], size[1]);
            Pyramid p = Pyramid.build(g, () -> false);
            assertThat(p.levels()).isGreaterThan(0);
            for (int k = 1; k <= p.levels(); k++) {
                Pyramid.Level l = p.level(k);
                assertThat(Math.max(l.rows(), l.cols())).isGreaterThanOrEqualTo(k == p.levels() ? 1 : Pyramid.TOP);
                for (int i = 0; i < l.rows(); i += 1 + i / 3) {
                    for (int j = 0; j < l.cols(); j += 1 + j / 3) {
                        int r0 = i * l.rowSpan();
                        int c0 = j * l.colSpan();
                        int r1 = Math.min(size[0], r0 + l.rowSpan());
                        int c1 = Math.min(size[1], c0 + l.colSpan());
                        assertThat(magnitude(p.value(k, i, j))).as("level %d cell %d,%d of %dx%d", k, i, j, size[0], size[1])
                                .isEqualTo(largest(g, r0, r1, c0, c1));
                    }
                }
            }
            Pyramid.Level top = p.level(p.levels());
            assertThat(Math.max(top.rows(), top.cols())).isLessThanOrEqualTo(Pyramid.TOP);
        }
    }

    @Test
    void aWindowPooledFromTheLevelsAgreesWithABlockSearchAndSaysWhereEachValueCameFrom() {
        Random r = new Random(12);
        float[] v = noise(r, 700 * 900);
        v[333 * 900 + 444] = Float.NaN;
        v[10 * 900 + 880] = Float.NEGATIVE_INFINITY;
        v[650 * 900 + 5] = -40;
        Grid g = Grid.matrix(v, 700, 900);
        Pyramid p = Pyramid.build(g, () -> false);
        for (int round = 0; round < 60; round++) {
            int rows = 1 + r.nextInt(700);
            int cols = 1 + r.nextInt(900);
            Viewport w = new Viewport(r.nextInt(700 - rows + 1), r.nextInt(900 - cols + 1), rows, cols);
            int outRows = 1 + r.nextInt(200);
            int outCols = 1 + r.nextInt(200);
            PooledGrid pooled = PooledGrid.pool(g, p, w, outRows, outCols, () -> false);
            checkBlocks(g, pooled, w);
        }
        // the whole grid into few cells comes from a coarse level and still shows the outliers
        PooledGrid whole = PooledGrid.pool(g, p, Viewport.all(700, 900), 50, 60, () -> false);
        assertThat(whole.level()).isGreaterThan(1);
        assertThat(contains(whole, Float.NaN)).isTrue();
        assertThat(contains(whole, Float.NEGATIVE_INFINITY)).isTrue();
        assertThat(contains(whole, -40f)).isTrue();
        // one cell per pixel and more: the grid's own cells, exact winners
        PooledGrid close = PooledGrid.pool(g, p, new Viewport(330, 440, 8, 8), 800, 800, () -> false);
        assertThat(close.level()).isZero();
        assertThat(close.rows()).isEqualTo(8);
        assertThat(close.cell(3, 4).value()).isNaN();
        assertThat(close.cell(3, 4).sourceRow()).isEqualTo(333);
        assertThat(close.cell(3, 4).sourceCol()).isEqualTo(444);
        assertThat(close.cell(3, 4).pooled()).isFalse();
    }

    @Test
    void aViewOverTensorBytesPoolsLikeTheArray() {
        Random r = new Random(2);
        float[] v = noise(r, 600 * 500);
        Tensor t = Tensor.view("w", DType.FLOAT32, new long[] {600, 500}, RawBytes.float32(v), 0);
        Grid view = TensorGrids.matrix(t);
        Grid array = Grid.matrix(v, 600, 500);
        Pyramid pv = Pyramid.build(view, () -> false);
        Pyramid pa = Pyramid.build(array, () -> false);
        for (Viewport w : new Viewport[] {Viewport.all(600, 500), new Viewport(100, 50, 300, 400), new Viewport(7, 9, 30, 20)}) {
            PooledGrid a = PooledGrid.pool(array, pa, w, 90, 70, () -> false);
            PooledGrid b = PooledGrid.pool(view, pv, w, 90, 70, () -> false);
            assertThat(b.rows()).isEqualTo(a.rows());
            for (int i = 0; i < a.rows(); i++) {
                for (int j = 0; j < a.cols(); j++) {
                    assertThat(magnitude(b.value(i, j))).isEqualTo(magnitude(a.value(i, j)));
                }
            }
            checkBlocks(view, b, w);
        }
    }

    @Test
    void gapsNeverWinOverValuesAndABlockOfGapsStaysAGap() {
        // 40 filters of 2 input channels, 3 × 3: tiles with gap lines between them
        long[] shape = {400, 300, 3, 3};
        float[] v = noise(new Random(8), 400 * 300 * 9);
        Tensor t = Tensor.view("conv", DType.FLOAT32, shape, RawBytes.float32(v), 0);
        Grid g = TensorGrids.filters(t);
        Pyramid p = Pyramid.build(g, () -> false);
        PooledGrid coarse = PooledGrid.pool(g, p, Viewport.all(g.rows(), g.cols()), 100, 100, () -> false);
        for (int i = 0; i < coarse.rows(); i++) {
            for (int j = 0; j < coarse.cols(); j++) {
                assertThat(coarse.cell(i, j).gap()).isFalse();
            }
        }
        checkBlocks(g, coarse, Viewport.all(g.rows(), g.cols()));
        PooledGrid fine = PooledGrid.pool(g, p, new Viewport(0, 0, 8, 8), 8, 8, () -> false);
        assertThat(fine.cell(3, 0).gap()).isTrue(); // the gap row under the first row of tiles
        assertThat(fine.cell(0, 3).gap()).isTrue();
        assertThat(fine.cell(0, 0).gap()).isFalse();
        assertThat(fine.value(1, 2)).isEqualTo(v[1 * 3 + 2]); // w[0, 0, 1, 2]
        assertThat(g.range().count()).isEqualTo(v.length); // gaps are no values
    }

    @Test
    void aBuildThatIsNoLongerWantedStops() {
        Grid g = Grid.matrix(new float[2048 * 2048], 2048, 2048);
        assertThatThrownBy(() -> Pyramid.build(g, () -> true)).isInstanceOf(CancellationException.class);
    }

    /** Blocks tile the rendered area without overlap, cover the window, and each keeps its largest |x|. */
    static void checkBlocks(Grid g, PooledGrid p, Viewport w) {
        assertThat(p.blockRowStart(0)).isLessThanOrEqualTo(w.row());
        assertThat(p.blockRowEnd(p.rows() - 1)).isGreaterThanOrEqualTo(w.rowEnd());
        assertThat(p.blockColStart(0)).isLessThanOrEqualTo(w.col());
        assertThat(p.blockColEnd(p.cols() - 1)).isGreaterThanOrEqualTo(w.colEnd());
        for (int i = 0; i < p.rows(); i++) {
            assertThat(p.blockRowEnd(i)).isGreaterThan(p.blockRowStart(i));
            if (i > 0) {
                assertThat(p.blockRowStart(i)).isEqualTo(p.blockRowEnd(i - 1));
            }
        }
        for (int j = 0; j < p.cols(); j++) {
            assertThat(p.blockColEnd(j)).isGreaterThan(p.blockColStart(j));
            if (j > 0) {
                assertThat(p.blockColStart(j)).isEqualTo(p.blockColEnd(j - 1));
            }
        }
        for (int i = 0; i < p.rows(); i += 1 + i / 4) {
            for (int j = 0; j < p.cols(); j += 1 + j / 4) {
                PooledGrid.Cell c = p.cell(i, j);
                assertThat(magnitude(c.value())).isEqualTo(largest(g, c.rowFrom(), c.rowTo(), c.colFrom(), c.colTo()));
                assertThat(c.sourceRow()).isBetween(c.rowFrom(), c.rowTo() - 1);
                assertThat(c.sourceCol()).isBetween(c.colFrom(), c.colTo() - 1);
                float at = g.get(c.sourceRow(), c.sourceCol());
                assertThat(Float.floatToRawIntBits(MaxAbs.canonical(at))).isEqualTo(Float.floatToRawIntBits(c.value()));
            }
        }
    }

    /** Gap 0, then |x| in order, every NaN above +Inf. */
    static long magnitude(float x) {
        return MaxAbs.valuedKey(MaxAbs.canonical(x)) >>> 32;
    }

    static long largest(Grid g, int r0, int r1, int c0, int c1) {
        long best = -1;
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                best = Math.max(best, magnitude(g.get(r, c)));
            }
        }
        return best;
    }

    static boolean contains(PooledGrid p, float x) {
        for (int i = 0; i < p.rows(); i++) {
            for (int j = 0; j < p.cols(); j++) {
                if (Float.compare(p.value(i, j), x) == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    static float[] noise(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(5000);
            v[i] = kind == 0 ? Float.NaN : kind == 1 ? Float.POSITIVE_INFINITY : kind == 2 ? -0f
                    : (float) r.nextGaussian();
        }
        return v;
    }
}
