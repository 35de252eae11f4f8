package dev.tensorlens.tensor.write;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.TensorSlice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The exports read by numpy itself: {@code np.load} and {@code np.loadtxt}, and Python's {@code float()} on each
 * CSV field. Skipped (an assumption) where {@code /usr/bin/python3} has no numpy.
 */
class NumpyExportTest {

    static final String PYTHON = "/usr/bin/python3";

    @BeforeAll
    static void numpyIsThere() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "no " + PYTHON);
        Process p = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "python3 has no numpy");
    }

    @Test
    void numpyLoadsTheSameArrays(@TempDir Path dir) throws Exception {
        Random r = new Random(23);
        int rows = 37;
        int cols = 29;
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            int kind = r.nextInt(100);
            v[i] = kind == 0 ? Float.NaN : kind == 1 ? Float.NEGATIVE_INFINITY : kind == 2 ? -0f
                    : kind == 3 ? Float.intBitsToFloat(r.nextInt(0x00800000)) // subnormal
                    : kind < 50 ? Float.intBitsToFloat(r.nextInt() & 0x7f7fffff) * (r.nextBoolean() ? 1 : -1)
                    : (float) (r.nextGaussian() * 0.02);
        }
        Tensor m = Tensor.view("m", DType.FLOAT32, new long[] {rows, cols}, RawBytes.float32(v), 0);
        write(dir.resolve("m.npy"), out -> NpyWriter.write(m, out));
        write(dir.resolve("m.csv"), out -> CsvWriter.write(m, out));
        Files.write(dir.resolve("expected.bin"), RawBytes.float32(v));

        ByteBuffer be = ByteBuffer.allocate(v.length * 4).order(ByteOrder.BIG_ENDIAN);
        be.asFloatBuffer().put(v);
        write(dir.resolve("be.npy"), out -> NpyWriter.write(
                Tensor.view("be", DType.FLOAT32, new long[] {rows, cols}, ByteOrder.BIG_ENDIAN, false, be.array(), 0), out));
        // the same values stored column-major: m[i, j] at j·rows + i
        float[] columnMajor = new float[v.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                columnMajor[j * rows + i] = v[i * cols + j];
            }
        }
        Tensor f = Tensor.view("f", DType.FLOAT32, new long[] {rows, cols}, ByteOrder.LITTLE_ENDIAN, true,
                RawBytes.float32(columnMajor), 0);
        write(dir.resolve("f.npy"), out -> NpyWriter.write(f, out));
        write(dir.resolve("f.csv"), out -> CsvWriter.write(f, out));

        // 3-D: x = np.arange(60, dtype=np.float64).reshape(3, 4, 5) / 7; a slice x[:, 2, :] and x[1, :, :].T
        double[] x = new double[60];
        for (int i = 0; i < 60; i++) {
            x[i] = i / 7.0;
        }
        Tensor t3 = Tensor.view("x", DType.FLOAT64, new long[] {3, 4, 5}, RawBytes.float64(x), 0);
        write(dir.resolve("x.csv"), out -> CsvWriter.write(t3, out));
        write(dir.resolve("x.npy"), out -> NpyWriter.write(t3, out));
        write(dir.resolve("x_2.csv"), out -> CsvWriter.write(t3, TensorSlice.of(3, 0, 2).at(1, 2), out));
        write(dir.resolve("x_1T.npy"), out -> NpyWriter.write(t3, TensorSlice.of(3, 2, 1).at(0, 1), out));

        write(dir.resolve("u.csv"), out -> CsvWriter.write(Tensor.view("u", DType.UINT64, new long[] {2},
                RawBytes.int64(new long[] {-1, 12345678901234567L}), 0), out));
        ByteBuffer c = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        c.putFloat(1.5f).putFloat(-0.1f).putFloat(Float.NaN).putFloat(2f);
        write(dir.resolve("c.csv"), out -> CsvWriter.write(Tensor.view("c", DType.COMPLEX64, new long[] {2}, c.array(), 0), out));

        String script = """
                import sys, numpy as np
                d = sys.argv[1]
                rows, cols = %d, %d
                want = np.fromfile(d + '/expected.bin', dtype='<f4').reshape(rows, cols)
                def same(a, b):
                    assert a.shape == b.shape, (a.shape, b.shape)
                    assert np.array_equal(a, b, equal_nan=True), np.argwhere(~((a == b) | (np.isnan(a) & np.isnan(b))))[:5]
                    assert np.array_equal(np.signbit(a), np.signbit(b))
                m = np.load(d + '/m.npy')
                assert m.dtype == np.dtype('<f4'), m.dtype
                same(m, want)
                same(np.loadtxt(d + '/m.csv', delimiter=',', dtype=np.float32, ndmin=2), want)
                fields = [f for line in open(d + '/m.csv') for f in line.strip().split(',')]
                same(np.array([np.float32(float(f)) for f in fields], dtype=np.float32).reshape(rows, cols), want)
                be = np.load(d + '/be.npy')
                assert be.dtype == np.dtype('>f4'), be.dtype
                same(be.astype('<f4'), want)
                f = np.load(d + '/f.npy')
                assert f.flags.f_contiguous and not f.flags.c_contiguous
                same(f, want)
                same(np.loadtxt(d + '/f.csv', delimiter=',', dtype=np.float32, ndmin=2), want)
                x = np.arange(60, dtype=np.float64).reshape(3, 4, 5) / 7
                assert np.array_equal(np.load(d + '/x.npy'), x)
                assert np.array_equal(np.loadtxt(d + '/x.csv', delimiter=',').reshape(3, 4, 5), x)
                assert open(d + '/x.csv').readline().startswith('# shape (3, 4, 5)')
                assert np.array_equal(np.loadtxt(d + '/x_2.csv', delimiter=','), x[:, 2, :])
                assert np.array_equal(np.load(d + '/x_1T.npy'), x[1, :, :].T)
                assert np.load(d + '/x_1T.npy').dtype == np.float64
                u = np.loadtxt(d + '/u.csv', dtype=np.uint64)
                assert u.tolist() == [2**64 - 1, 12345678901234567], u
                c = np.loadtxt(d + '/c.csv', dtype=np.complex64)
                assert c[0] == np.complex64(1.5 - 0.1j) and np.isnan(c[1].real) and c[1].imag == 2, c
                z = complex(open(d + '/c.csv').readline().strip())
                assert np.float32(z.real) == np.float32(1.5) and np.float32(z.imag) == np.float32(-0.1), z
                print('OK')
                """.formatted(rows, cols);
        Path py = dir.resolve("check.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(PYTHON, py.toString(), dir.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output.strip()).as(output).isEqualTo("OK");
    }

    interface Body {
        void write(OutputStream out) throws IOException;
    }

    static void write(Path file, Body body) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            body.write(out);
        }
    }
}
