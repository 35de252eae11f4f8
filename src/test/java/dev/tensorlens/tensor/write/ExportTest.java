package dev.tensorlens.tensor.write;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.DecodeResult;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.NpyCodec;
import dev.tensorlens.tensor.image.TensorSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CSV, .npy and PNG exports: what is written reads back as the same values, in Java and (when present) numpy. */
class ExportTest {

    @Test
    void float32IsWrittenAsTheShortestTextThatReadsBackAsTheSameFloat() throws IOException {
        Random r = new Random(17);
        float[] v = new float[20_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 2 == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) (r.nextGaussian() * 0.02);
        }
        float[] specials = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 0.1f, 1e-5f,
                1.18846831E13f, 16777216f, 16777217f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        System.arraycopy(specials, 0, v, 0, specials.length);
        List<String> lines = lines(csv(tensor(DType.FLOAT32, new long[] {v.length}, RawBytes.float32(v))));
        assertThat(lines).hasSize(v.length); // a vector: one value per line
        for (int i = 0; i < v.length; i++) {
            String s = lines.get(i);
            if (Float.isNaN(v[i])) {
                assertThat(s).isEqualTo("nan");
                continue;
            }
            if (Float.isInfinite(v[i])) {
                assertThat(s).isEqualTo(v[i] > 0 ? "inf" : "-inf");
                continue;
            }
            // Python: float(s) is a double, numpy rounds it to float32; Java's parseFloat rounds once
            assertThat(Float.floatToRawIntBits((float) Double.parseDouble(s))).as(s).isEqualTo(Float.floatToRawIntBits(v[i]));
            assertThat(Float.floatToRawIntBits(Float.parseFloat(s))).as(s).isEqualTo(Float.floatToRawIntBits(v[i]));
            if (i < 400) {
                // shortest, except that where one digit would do, Java's rule (and Schubfach's) writes the closest of
                // two digits: 1.4E-45, not 1E-45
                int shortest = shortestDigits(v[i]);
                assertThat(digits(s)).as("%s is the shortest for %s", s, v[i]).isBetween(shortest, Math.max(2, shortest));
            }
        }
        assertThat(lines.subList(0, 3)).containsExactly("0.0", "-0.0", "1.4E-45");
        assertThat(lines.get(6)).isEqualTo("0.1");
        assertThat(lines.get(8)).isEqualTo("1.1884683E13"); // JDK 17's Float.toString says 1.18846831E13
    }

    @Test
    void csvLayoutsFollowTheRankAndTheLogicalOrder() throws IOException {
        // 2-D: one row per line
        Tensor m = tensor(DType.FLOAT32, new long[] {2, 3}, RawBytes.float32(new float[] {1, 2.5f, -3, 4, 5, 6}));
        assertThat(csv(m)).isEqualTo("1.0,2.5,-3.0\n4.0,5.0,6.0\n");
        // the same matrix stored in Fortran order reads the same
        Tensor f = Tensor.view("f", DType.FLOAT32, new long[] {2, 3}, ByteOrder.LITTLE_ENDIAN, true,
                RawBytes.float32(new float[] {1, 4, 2.5f, 5, -3, 6}), 0);
        assertThat(csv(f)).isEqualTo("1.0,2.5,-3.0\n4.0,5.0,6.0\n");
        // 3-D: leading axes flattened into rows, after a comment with the shape
        Tensor x = tensor(DType.INT32, new long[] {2, 2, 3}, RawBytes.int32(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
        assertThat(csv(x)).isEqualTo("# shape (2, 2, 3) int32, rows are x.reshape(-1, 3)\n0,1,2\n3,4,5\n6,7,8\n9,10,11\n");
        // a 3-D tensor in Fortran order: x[i, j, k] stored at i + 2j + 4k
        int[] fortran = new int[12];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 3; k++) {
                    fortran[i + 2 * j + 4 * k] = i * 6 + j * 3 + k;
                }
            }
        }
        Tensor xf = Tensor.view("x", DType.INT32, new long[] {2, 2, 3}, ByteOrder.LITTLE_ENDIAN, true, RawBytes.int32(fortran), 0);
        assertThat(csv(xf)).isEqualTo(csv(x));
        // a slice: x[:, 1, :]
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvWriter.write(x, TensorSlice.of(3, 0, 2).at(1, 1), out);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("3,4,5\n9,10,11\n");
        // a scalar, an empty tensor
        assertThat(csv(tensor(DType.FLOAT64, new long[0], RawBytes.float64(new double[] {0.1})))).isEqualTo("0.1\n");
        assertThat(csv(tensor(DType.FLOAT32, new long[] {0, 4}, new byte[0]))).isEmpty();
    }

    @Test
    void integersBoolsAndComplexNumbersAreExact() throws IOException {
        assertThat(csv(tensor(DType.INT64, new long[] {2}, RawBytes.int64(new long[] {Long.MAX_VALUE, Long.MIN_VALUE}))))
                .isEqualTo("9223372036854775807\n-9223372036854775808\n");
        assertThat(csv(tensor(DType.UINT64, new long[] {1}, RawBytes.int64(new long[] {-1}))))
                .isEqualTo("18446744073709551615\n");
        assertThat(csv(tensor(DType.UINT8, new long[] {1, 3}, new byte[] {0, (byte) 200, (byte) 255}))).isEqualTo("0,200,255\n");
        assertThat(csv(tensor(DType.BOOL, new long[] {1, 2}, new byte[] {1, 0}))).isEqualTo("1,0\n");
        ByteBuffer c = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        c.putFloat(1.5f).putFloat(-2f).putFloat(0f).putFloat(0.25f).putFloat(Float.NaN).putFloat(Float.NEGATIVE_INFINITY);
        assertThat(csv(tensor(DType.COMPLEX64, new long[] {1, 3}, c.array()))).isEqualTo("1.5-2.0j,0.0+0.25j,nan-infj\n");
        assertThat(csv(tensor(DType.FLOAT16, new long[] {1}, RawBytes.float16(new float[] {0.1f})))).isEqualTo("0.099975586\n");
        // big-endian
        ByteBuffer be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(-5).putInt(70000);
        assertThat(csv(Tensor.view("b", DType.INT32, new long[] {1, 2}, ByteOrder.BIG_ENDIAN, false, be.array(), 0)))
                .isEqualTo("-5,70000\n");
    }

    @Test
    void npyKeepsTheTensorsOwnDtypeByteOrderOrderAndShape() throws IOException {
        Random r = new Random(5);
        float[] v = new float[4 * 5 * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        ByteBuffer be = ByteBuffer.allocate(v.length * 4).order(ByteOrder.BIG_ENDIAN);
        be.asFloatBuffer().put(v);
        List<Tensor> tensors = List.of(
                tensor(DType.FLOAT32, new long[] {4, 5, 6}, RawBytes.float32(v)),
                Tensor.view("be", DType.FLOAT32, new long[] {4, 5, 6}, ByteOrder.BIG_ENDIAN, false, be.array(), 0),
                Tensor.view("fortran", DType.FLOAT32, new long[] {20, 6}, ByteOrder.LITTLE_ENDIAN, true, RawBytes.float32(v), 0),
                tensor(DType.INT64, new long[] {3}, RawBytes.int64(new long[] {1, -2, Long.MAX_VALUE})),
                tensor(DType.FLOAT64, new long[0], RawBytes.float64(new double[] {Math.PI})),
                tensor(DType.UINT8, new long[] {2, 2}, new byte[] {1, 2, 3, (byte) 250}),
                tensor(DType.FLOAT16, new long[] {2}, RawBytes.float16(new float[] {0.5f, -3})),
                // a view in the middle of other bytes, as a decoder hands it over
                Tensor.view("offset", DType.INT16, new long[] {2}, ByteOrder.LITTLE_ENDIAN, false,
                        new byte[] {9, 9, 9, 1, 0, 2, 0}, 3));
        for (Tensor t : tensors) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            NpyWriter.write(t, out);
            byte[] file = out.toByteArray();
            assertThat(file.length % 64 == 0 || (file.length - t.byteLength()) % 64 == 0).isTrue();
            Tensor back = decoded(file);
            assertThat(back.dtype()).isEqualTo(t.dtype());
            assertThat(back.shape()).isEqualTo(t.shape());
            assertThat(back.byteOrder()).as(t.name()).isEqualTo(t.dtype().size() == 1 ? back.byteOrder() : t.byteOrder());
            assertThat(back.fortranOrder()).isEqualTo(t.fortranOrder());
            for (long i = 0; i < t.elementCount(); i++) {
                assertThat(back.getDouble(i)).isEqualTo(t.getDouble(i));
            }
        }
        // a slice: x[:, 2, :].T of the 4 × 5 × 6 tensor, big-endian as the tensor
        Tensor t = tensors.get(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.write(t, new TensorSlice(2, 0, new long[] {0, 2, 0}), out);
        Tensor slice = decoded(out.toByteArray());
        assertThat(slice.shape()).containsExactly(6, 4);
        assertThat(slice.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
        for (int row = 0; row < 6; row++) {
            for (int col = 0; col < 4; col++) {
                assertThat(slice.getDouble(slice.storageIndex(row, col))).isEqualTo((double) v[(col * 5 + 2) * 6 + row]);
            }
        }
        assertThatThrownBy(() -> NpyWriter.write(tensor(DType.FLOAT8_E4M3FN, new long[] {1}, new byte[1]),
                new ByteArrayOutputStream())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileIsWrittenWholeOrNotAtAll(@TempDir Path dir) throws IOException {
        Tensor t = tensor(DType.FLOAT32, new long[] {100, 10}, RawBytes.float32(new float[1000]));
        Path file = dir.resolve("w.csv");
        long[] last = new long[2];
        CsvWriter.write(t, null, file, (done, total) -> {
            last[0] = done;
            last[1] = total;
        });
        assertThat(Files.readAllLines(file)).hasSize(100);
        assertThat(last).containsExactly(1000, 1000);
        Path cancelled = dir.resolve("c.npy");
        assertThatThrownBy(() -> NpyWriter.write(t, null, cancelled, new Progress() {
            @Override
            public void update(long done, long total) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        })).isInstanceOf(CancellationException.class);
        assertThat(cancelled).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void pngIsDecodableWithTheSamePixels() throws IOException {
        int w = 37;
        int h = 23;
        int[] argb = new int[w * h];
        Random r = new Random(1);
        for (int i = 0; i < argb.length; i++) {
            argb[i] = i % 7 == 0 ? r.nextInt() : 0xFF000000 | (i / w * 10) << 16 | (i % w * 6) << 8 | 0x40;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngWriter.write(argb, w, h, out);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(image.getWidth()).isEqualTo(w);
        assertThat(image.getHeight()).isEqualTo(h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertThat(image.getRGB(x, y)).isEqualTo(argb[y * w + x]);
            }
        }
    }

    static Tensor tensor(DType dtype, long[] shape, byte[] bytes) {
        return Tensor.view("x", dtype, shape, bytes, 0);
    }

    static String csv(Tensor t) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvWriter.write(t, out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    static List<String> lines(String text) {
        return Arrays.asList(text.split("\n"));
    }

    static Tensor decoded(byte[] file) {
        DecodeResult result = NpyCodec.decode(file);
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).tensors().get(0);
    }

    /** Significant digits of a decimal text. */
    static int digits(String s) {
        String m = s.contains("E") ? s.substring(0, s.indexOf('E')) : s;
        m = m.replace("-", "").replace(".", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, m.length());
    }

    /** The fewest significant digits of any decimal that reads back as {@code f}, by trying them all. */
    static int shortestDigits(float f) {
        BigDecimal exact = new BigDecimal((double) f);
        for (int p = 1; p <= 9; p++) {
            BigDecimal rounded = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            for (BigDecimal d : new BigDecimal[] {rounded, rounded.add(rounded.ulp()), rounded.subtract(rounded.ulp())}) {
                if (Float.parseFloat(d.toString()) == f) {
                    return p;
                }
            }
        }
        return 9;
    }
}
