package dev.tensorlens.tensor.image;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.write.RawBytes;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tensors of any rank as grids, read in place from their bytes, against numpy's indexing written out by hand. */
class TensorGridsTest {

    /** x = np.arange(60, dtype=np.float32).reshape(3, 4, 5): x[i, j, k] = 20i + 5j + k. */
    static final Tensor X = Tensor.view("x", DType.FLOAT32, new long[] {3, 4, 5}, RawBytes.float32(arange(60)), 0);

    @Test
    void aSliceOfA3dTensorIsNumpysIndexing() {
        // x[1, :, :] (4 × 5)
        Grid g = TensorGrids.slice(X, TensorSlice.of(3, 1, 2).at(0, 1));
        assertThat(g.rows()).isEqualTo(4);
        assertThat(g.cols()).isEqualTo(5);
        assertThat(g.get(2, 3)).isEqualTo(20 + 10 + 3);
        assertThat(g.describe(2, 3)).isEqualTo("[1, 2, 3]");
        // x[:, 2, :] (3 × 5)
        Grid mid = TensorGrids.slice(X, TensorSlice.of(3, 0, 2).at(1, 2));
        assertThat(values(mid)).isEqualTo(new float[][] {
                {10, 11, 12, 13, 14}, {30, 31, 32, 33, 34}, {50, 51, 52, 53, 54}});
        // x[:, :, 4].T: rows are axis 1, columns axis 0
        TensorSlice transposed = TensorSlice.of(3, 1, 0).at(2, 4);
        assertThat(transposed.numpy("x")).isEqualTo("x[:, :, 4].T");
        assertThat(values(TensorGrids.slice(X, transposed))).isEqualTo(new float[][] {
                {4, 24, 44}, {9, 29, 49}, {14, 34, 54}, {19, 39, 59}});
        float[] row = new float[3];
        TensorGrids.slice(X, transposed).read(1, 0, 3, row, 0);
        assertThat(row).containsExactly(9, 29, 49);

        assertThatThrownBy(() -> TensorGrids.slice(X, TensorSlice.of(3, 1, 2).at(0, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside 0 … 2");
        assertThatThrownBy(() -> TensorGrids.slice(X, TensorSlice.lastTwo(4))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFiveDimensionalTensorIsSlicedTheSameWay() {
        long[] shape = {2, 3, 2, 4, 3};
        Tensor t = Tensor.view("t", DType.FLOAT32, shape, RawBytes.float32(arange(144)), 0);
        TensorSlice s = new TensorSlice(3, 1, new long[] {1, 0, 1, 0, 2}); // t[1, :, 1, :, 2].T
        Grid g = TensorGrids.slice(t, s);
        assertThat(g.rows()).isEqualTo(4);
        assertThat(g.cols()).isEqualTo(3);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 3; c++) {
                long flat = (((1 * 3 + c) * 2 + 1) * 4 + r) * 3 + 2;
                assertThat(g.get(r, c)).isEqualTo((float) flat);
            }
        }
        assertThat(TensorGrids.preferred(t).rows()).isEqualTo(4); // t[0, 0, 0, :, :]
    }

    @Test
    void aMatrixInFortranOrderOrBigEndianOrAnotherDtypeReadsItsLogicalCells() {
        // np.asfortranarray(np.arange(6).reshape(2, 3)): stored column by column 0 3 1 4 2 5
        Tensor f = Tensor.view("f", DType.FLOAT32, new long[] {2, 3}, ByteOrder.LITTLE_ENDIAN, true,
                RawBytes.float32(new float[] {0, 3, 1, 4, 2, 5}), 0);
        assertThat(values(TensorGrids.matrix(f))).isEqualTo(new float[][] {{0, 1, 2}, {3, 4, 5}});

        ByteBuffer be = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 6; i++) {
            be.putFloat(i * 0.5f);
        }
        Tensor big = Tensor.view("b", DType.FLOAT32, new long[] {2, 3}, ByteOrder.BIG_ENDIAN, false, be.array(), 0);
        assertThat(values(TensorGrids.matrix(big))).isEqualTo(new float[][] {{0, 0.5f, 1}, {1.5f, 2, 2.5f}});

        Tensor d = Tensor.view("d", DType.FLOAT64, new long[] {2, 2}, RawBytes.float64(new double[] {1, -2, Double.NaN, 4}), 0);
        Grid dg = TensorGrids.matrix(d);
        assertThat(dg.get(0, 1)).isEqualTo(-2f);
        assertThat(Float.floatToRawIntBits(dg.get(1, 0))).isEqualTo(Float.floatToRawIntBits(Float.NaN));
        assertThat(dg.range().nan()).isEqualTo(1);

        Tensor i = Tensor.view("i", DType.INT32, new long[] {3}, RawBytes.int32(new int[] {-7, 0, 9}), 0);
        Grid ig = TensorGrids.matrix(i);
        assertThat(ig.rows()).isEqualTo(1);
        assertThat(ig.get(0, 0)).isEqualTo(-7f);
        assertThat(ig.describe(0, 2)).isEqualTo("[2]");
        assertThat(TensorGrids.matrix(Tensor.view("s", DType.FLOAT32, new long[0], RawBytes.float32(new float[] {3}), 0))
                .get(0, 0)).isEqualTo(3f);
    }

    @Test
    void convolutionWeightsAreTilesWithGapsAndTheReadoutNamesFilterAndPosition() {
        // w = np.arange(2*3*2*2).reshape(2, 3, 2, 2): 2 output channels, 3 input channels, 2 × 2 kernels
        Tensor w = Tensor.view("conv", DType.FLOAT32, new long[] {2, 3, 2, 2}, RawBytes.float32(arange(24)), 0);
        Grid g = TensorGrids.filters(w);
        assertThat(g.rows()).isEqualTo(2 * 3 - 1);
        assertThat(g.cols()).isEqualTo(3 * 3 - 1);
        assertThat(g.hasGaps()).isTrue();
        // tile (o=1, i=2) starts at grid cell (3, 6); its (y=1, x=0) is w[1, 2, 1, 0] = 12 + 8 + 2 + 0
        assertThat(g.get(4, 6)).isEqualTo(22f);
        assertThat(g.describe(4, 6)).isEqualTo("filter (1, 2), position (1, 0)");
        assertThat(g.isGap(2, 0)).isTrue();
        assertThat(g.isGap(0, 2)).isTrue();
        assertThat(g.isGap(4, 6)).isFalse();
        assertThat(g.describe(2, 0)).isEqualTo("between filters");
        float[] row = new float[8];
        g.read(1, 0, 8, row, 0);
        // w[0, i, 1, :] for i = 0, 1, 2 with a gap after each tile
        assertThat(row).usingElementComparator((a, b) -> Integer.compare(Float.floatToRawIntBits(a),
                Float.floatToRawIntBits(b))).containsExactly(2, 3, Grid.GAP, 6, 7, Grid.GAP, 10, 11);
        assertThat(g.range().count()).isEqualTo(24);
        assertThat(g.range().max()).isEqualTo(23);
        assertThat(TensorGrids.preferred(w).hasGaps()).isTrue();
    }

    static float[] arange(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    static float[][] values(Grid g) {
        float[][] v = new float[g.rows()][g.cols()];
        for (int r = 0; r < g.rows(); r++) {
            for (int c = 0; c < g.cols(); c++) {
                v[r][c] = g.get(r, c);
            }
        }
        return v;
    }
}
