package dev.tensorlens.tensor.stats;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ColumnStatsTest {

    /** x[r, c] = r * 10 + c over (rows, 3), stored in the given order. */
    private static byte[] matrix(int rows, boolean fortran) {
        ByteBuffer b = ByteBuffer.allocate(rows * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
        if (fortran) {
            for (int c = 0; c < 3; c++) {
                for (int r = 0; r < rows; r++) {
                    b.putFloat(r * 10 + c);
                }
            }
        } else {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < 3; c++) {
                    b.putFloat(r * 10 + c);
                }
            }
        }
        return b.array();
    }

    @Test
    void eachColumnOfACOrderMatrixHasItsOwnStatistics() {
        ColumnStats s = new ColumnStats(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, new long[] {5000, 3}, false);
        byte[] data = matrix(5000, false);
        // cut at odd bytes, as chunks of a stream arrive
        s.accept(data, 0, 7);
        s.accept(data, 7, data.length - 7);

        assertThat(s.columns()).isEqualTo(3);
        for (int c = 0; c < 3; c++) {
            assertThat(s.min(c)).isEqualTo(c);
            assertThat(s.max(c)).isEqualTo(49990 + c);
            assertThat(s.mean(c)).isCloseTo(24995 + c, within(1e-6));
            // std of 10 * (0..4999) = 10 * sqrt((n²-1)/12)
            assertThat(s.std(c)).isCloseTo(10 * Math.sqrt((5000.0 * 5000 - 1) / 12), within(1e-6));
        }
    }

    @Test
    void aFortranOrderMatrixGivesTheSameColumnsAsItsCOrderTwin() {
        ColumnStats f = new ColumnStats(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, new long[] {3000, 3}, true);
        f.accept(matrix(3000, true), 0, 3000 * 3 * 4);
        ColumnStats c = ColumnStats.of(Tensor.view("x", DType.FLOAT32, new long[] {3000, 3}, matrix(3000, false), 0));
        for (int k = 0; k < 3; k++) {
            assertThat(f.min(k)).isEqualTo(c.min(k));
            assertThat(f.max(k)).isEqualTo(c.max(k));
            assertThat(f.mean(k)).isCloseTo(c.mean(k), within(1e-9));
            assertThat(f.std(k)).isCloseTo(c.std(k), within(1e-9));
        }
    }

    @Test
    void nanAndInfinityAreCountedApartAndLeftOut() {
        ByteBuffer b = ByteBuffer.allocate(4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(1).putFloat(Float.NaN).putFloat(3).putFloat(Float.POSITIVE_INFINITY);
        ColumnStats s = ColumnStats.of(Tensor.view("x", DType.FLOAT32, new long[] {2, 2}, b.array(), 0));

        assertThat(s.finite(0)).isEqualTo(2);
        assertThat(s.mean(0)).isEqualTo(2);
        assertThat(s.nonFinite(1)).isEqualTo(2);
        assertThat(s.finite(1)).isZero();
        assertThat(s.min(1)).isNaN();
    }
}
