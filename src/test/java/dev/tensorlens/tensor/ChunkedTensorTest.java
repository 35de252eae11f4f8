package dev.tensorlens.tensor;

import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.TensorGrids;
import dev.tensorlens.tensor.stats.ColumnStats;
import dev.tensorlens.tensor.stats.Histogram;
import dev.tensorlens.tensor.stats.Percentiles;
import dev.tensorlens.tensor.stats.TensorComparison;
import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.tensor.write.CsvWriter;
import dev.tensorlens.tensor.write.NpyWriter;
import dev.tensorlens.tensor.write.NumpyText;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tensor held in the chunks a big value was read in must read exactly as the same tensor in one array, everywhere a
 * reader takes its elements: one by one, in runs, in statistics, plots, tables and exports. The chunks here are tiny
 * (a few dozen bytes) so that every read crosses many chunk boundaries.
 */
class ChunkedTensorTest {

    private static final int ROWS = 37;
    private static final int COLS = 11;

    /** The value's bytes: {@code offset} bytes of header, then float32 data with a NaN and an infinity in it. */
    private static byte[] floatValue(int offset, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(offset + ROWS * COLS * 4).order(order);
        Random random = new Random(5);
        b.position(offset);
        for (int i = 0; i < ROWS * COLS; i++) {
            b.putFloat(i == 17 ? Float.NaN : i == 200 ? Float.POSITIVE_INFINITY : (float) random.nextGaussian());
        }
        return b.array();
    }

    private static List<byte[]> split(byte[] value, int chunk) {
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < value.length; at += chunk) {
            chunks.add(Arrays.copyOfRange(value, at, Math.min(value.length, at + chunk)));
        }
        return chunks;
    }

    private static Tensor whole(byte[] value, int offset, ByteOrder order, boolean fortran) {
        return Tensor.view("w", DType.FLOAT32, new long[] {ROWS, COLS}, order, fortran, value, offset);
    }

    private static Tensor chunked(byte[] value, int offset, int chunk, ByteOrder order, boolean fortran) {
        return Tensor.chunked("w", DType.FLOAT32, new long[] {ROWS, COLS}, order, fortran, split(value, chunk), offset);
    }

    @Test
    void everyElementReadsAsInTheOneArray() {
        byte[] value = floatValue(16, ByteOrder.LITTLE_ENDIAN);
        Tensor one = whole(value, 16, ByteOrder.LITTLE_ENDIAN, false);
        Tensor many = chunked(value, 16, 48, ByteOrder.LITTLE_ENDIAN, false);

        for (long i = 0; i < one.elementCount(); i++) {
            assertThat(Double.doubleToLongBits(many.getDouble(i))).as("element %d", i)
                    .isEqualTo(Double.doubleToLongBits(one.getDouble(i)));
        }
        assertThat(many.getDouble(17)).isNaN();
    }

    @Test
    void runsHoldWholeElementsInStorageOrderOneCallPerChunk() {
        byte[] value = floatValue(16, ByteOrder.BIG_ENDIAN);
        Tensor many = chunked(value, 16, 48, ByteOrder.BIG_ENDIAN, false);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        List<Integer> lengths = new ArrayList<>();

        many.forEachRun((bytes, off, len) -> {
            seen.write(bytes, off, len);
            lengths.add(len);
        });

        assertThat(seen.toByteArray()).isEqualTo(Arrays.copyOfRange(value, 16, value.length));
        assertThat(lengths).allMatch(n -> n % 4 == 0 && n > 0);
        assertThat(lengths).hasSize((value.length + 47) / 48); // the first chunk from byte 16, then every chunk
        assertThat(lengths.get(0)).isEqualTo(48 - 16);
    }

    @Test
    void copiesAndGathersCrossChunkBoundaries() {
        byte[] value = floatValue(8, ByteOrder.LITTLE_ENDIAN);
        Tensor one = whole(value, 8, ByteOrder.LITTLE_ENDIAN, false);
        Tensor many = chunked(value, 8, 40, ByteOrder.LITTLE_ENDIAN, false);
        byte[] a = new byte[100 * 4];
        byte[] b = new byte[100 * 4];

        one.copyElements(3, 100, a, 0);
        many.copyElements(3, 100, b, 0);
        long[] at = {0, 9, 10, 11, 406, 1, 250};

        assertThat(b).isEqualTo(a);
        assertThat(many.gather(at).buffer()).isEqualTo(one.gather(at).buffer());
        assertThat(many.runRemaining(0)).isEqualTo(8); // (40 - 8) / 4 elements in the first chunk
        assertThat(many.runRemaining(8)).isEqualTo(10);
    }

    @Test
    void statisticsHistogramsPercentilesAndColumnsAreThoseOfTheOneArray() {
        byte[] value = floatValue(64, ByteOrder.LITTLE_ENDIAN);
        Tensor one = whole(value, 64, ByteOrder.LITTLE_ENDIAN, false);
        Tensor many = chunked(value, 64, 128, ByteOrder.LITTLE_ENDIAN, false);

        TensorStats stats = TensorStats.of(many);
        assertThat(stats).usingRecursiveComparison().isEqualTo(TensorStats.of(one));
        assertThat(stats.nan()).isEqualTo(1);
        assertThat(Histogram.linear(many, stats, 32)).usingRecursiveComparison()
                .isEqualTo(Histogram.linear(one, stats, 32));
        assertThat(Histogram.logMagnitude(many, stats, 16)).usingRecursiveComparison()
                .isEqualTo(Histogram.logMagnitude(one, stats, 16));
        assertThat(Percentiles.of(many, 1.0, 50.0, 99.0)).usingRecursiveComparison()
                .isEqualTo(Percentiles.of(one, 1.0, 50.0, 99.0));
        assertThat(ColumnStats.of(many)).usingRecursiveComparison().ignoringFields("decoder") // its scratch block
                .isEqualTo(ColumnStats.of(one));
        TensorComparison same = TensorComparison.of(many, one);
        assertThat(same).usingRecursiveComparison().isEqualTo(TensorComparison.of(one, one));
    }

    @Test
    void heatmapRowsAndStridedColumnsReadAcrossChunks() {
        for (boolean fortran : new boolean[] {false, true}) {
            byte[] value = floatValue(16, ByteOrder.LITTLE_ENDIAN);
            Grid one = TensorGrids.matrix(whole(value, 16, ByteOrder.LITTLE_ENDIAN, fortran));
            Grid many = TensorGrids.matrix(chunked(value, 16, 24, ByteOrder.LITTLE_ENDIAN, fortran));
            float[] a = new float[COLS];
            float[] b = new float[COLS];
            for (int r = 0; r < ROWS; r++) {
                one.read(r, 0, COLS, a, 0);
                many.read(r, 0, COLS, b, 0);
                assertThat(b).as("row %d, fortran %s", r, fortran).containsExactly(a);
            }
        }
    }

    @Test
    void tablesAndExportsShowTheSameNumbers() throws IOException {
        byte[] value = floatValue(16, ByteOrder.LITTLE_ENDIAN);
        Tensor one = whole(value, 16, ByteOrder.LITTLE_ENDIAN, true);
        Tensor many = chunked(value, 16, 56, ByteOrder.LITTLE_ENDIAN, true);

        ByteArrayOutputStream npyOne = new ByteArrayOutputStream();
        ByteArrayOutputStream npyMany = new ByteArrayOutputStream();
        NpyWriter.write(one, npyOne);
        NpyWriter.write(many, npyMany);
        ByteArrayOutputStream csvOne = new ByteArrayOutputStream();
        ByteArrayOutputStream csvMany = new ByteArrayOutputStream();
        CsvWriter.write(one, csvOne);
        CsvWriter.write(many, csvMany);

        assertThat(npyMany.toByteArray()).isEqualTo(npyOne.toByteArray());
        assertThat(csvMany.toString()).isEqualTo(csvOne.toString()).contains("nan");
        NumpyText text = NumpyText.of(many, 0, ROWS);
        assertThat(text).usingRecursiveComparison().isEqualTo(NumpyText.of(one, 0, ROWS));
    }

    @Test
    void integersReadExactlyAcrossChunks() {
        ByteBuffer b = ByteBuffer.allocate(64 + 100 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.position(64);
        for (long i = 0; i < 100; i++) {
            b.putLong((1L << 60) + i);
        }
        Tensor many = Tensor.chunked("ids", DType.INT64, new long[] {100}, ByteOrder.LITTLE_ENDIAN, false,
                split(b.array(), 80), 64);

        for (int i = 0; i < 100; i++) {
            assertThat(many.getLong(i)).isEqualTo((1L << 60) + i);
        }
        assertThatThrownBy(() -> chunked(floatValue(0, ByteOrder.LITTLE_ENDIAN), 0, 40, ByteOrder.LITTLE_ENDIAN, false)
                .getLong(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void chunksThatWouldSplitAnElementAreRefused() {
        byte[] value = floatValue(16, ByteOrder.LITTLE_ENDIAN);

        assertThat(Tensor.fitsChunks(DType.FLOAT32, 48, 16)).isTrue();
        assertThat(Tensor.fitsChunks(DType.FLOAT32, 48, 18)).as("data from a byte inside an element").isFalse();
        assertThat(Tensor.fitsChunks(DType.FLOAT32, 50, 16)).as("a chunk length not a multiple of 4").isFalse();
        assertThat(Tensor.fitsChunks(DType.FLOAT64, 48, 56)).as("data past the first chunk").isFalse();
        assertThatThrownBy(() -> chunked(value, 16, 50, ByteOrder.LITTLE_ENDIAN, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole elements");
        assertThatThrownBy(() -> Tensor.chunked("w", DType.FLOAT32, new long[] {ROWS, COLS + 1},
                ByteOrder.LITTLE_ENDIAN, false, split(value, 48), 16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs more than");
        assertThatThrownBy(() -> many(value).buffer()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void dataFromTheEndOfTheFirstChunkInTheFirstChunkOnlyOrNoneAtAll() {
        byte[] value = floatValue(48, ByteOrder.LITTLE_ENDIAN); // the data starts where the second chunk does
        Tensor one = whole(value, 48, ByteOrder.LITTLE_ENDIAN, false);
        Tensor fromSecond = chunked(value, 48, 48, ByteOrder.LITTLE_ENDIAN, false);
        Tensor inFirst = Tensor.chunked("w", DType.FLOAT32, new long[] {3}, ByteOrder.LITTLE_ENDIAN, false,
                split(value, 64), 48); // 16 bytes of data in the first chunk, the shape needs 12
        Tensor empty = Tensor.chunked("e", DType.FLOAT32, new long[] {0, 5}, ByteOrder.LITTLE_ENDIAN, false,
                split(value, 64), 16);
        List<Integer> calls = new ArrayList<>();

        empty.forEachRun((b, off, len) -> calls.add(len));

        assertThat(TensorStats.of(fromSecond)).usingRecursiveComparison().isEqualTo(TensorStats.of(one));
        assertThat(fromSecond.runRemaining(0)).isEqualTo(12);
        assertThat(inFirst.getDouble(2)).isEqualTo(one.getDouble(2));
        assertThat(inFirst.runRemaining(0)).isEqualTo(3);
        assertThat(empty.elementCount()).isZero();
        assertThat(calls).isEmpty();
        assertThat(TensorStats.of(empty).count()).isZero();
        assertThatThrownBy(() -> Tensor.chunked("w", DType.FLOAT32, new long[] {5}, ByteOrder.LITTLE_ENDIAN, false,
                List.of(new byte[8], new byte[12]), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Tensor many(byte[] value) {
        return chunked(value, 16, 48, ByteOrder.LITTLE_ENDIAN, false);
    }
}
