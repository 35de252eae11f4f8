package dev.tensorlens.tensor.image;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.ImageNormalisation.Mode;
import dev.tensorlens.tensor.write.RawBytes;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Samples of image arrays drawn pixel for pixel as torchvision's save_image would write them. */
class SampleImagesTest {

    static final ImageNormalisation BYTE = ImageNormalisation.of(Mode.BYTE);
    static final ImageNormalisation UNIT = ImageNormalisation.of(Mode.UNIT);
    static final ImageNormalisation AUTO = ImageNormalisation.of(Mode.AUTO);

    static final int N = 3;
    static final int C = 3;
    static final int H = 6;
    static final int W = 5;

    /** A picture x[n, c, h, w] of random bytes, the same for every layout below. */
    static final int[][][][] PICTURE = new int[N][C][H][W];

    static {
        Random r = new Random(7);
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        PICTURE[n][c][h][w] = r.nextInt(256);
                    }
                }
            }
        }
    }

    @Test
    void aUint8BatchOfGreyImagesDrawsEachValueAsItsGrey() {
        // x = np.arange(60, dtype=np.uint8).reshape(3, 4, 5) * 4: x[i, r, c] = 4 (20i + 5r + c)
        byte[] bytes = new byte[60];
        for (int i = 0; i < 60; i++) {
            bytes[i] = (byte) (4 * i);
        }
        Tensor x = Tensor.view("x", DType.UINT8, new long[] {3, 4, 5}, bytes, 0);
        for (int i = 0; i < 3; i++) {
            int[] argb = SampleImages.argb(x, ImageLayout.NHW, i, BYTE, null, null);
            assertThat(argb).hasSize(20);
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 5; c++) {
                    int v = 4 * (20 * i + 5 * r + c);
                    assertThat(argb[r * 5 + c]).isEqualTo(0xFF000000 | v << 16 | v << 8 | v);
                }
            }
        }
        // the same bytes under AUTO with their range [0, 236], and under UNIT (everything ≥ 1 is white)
        assertThat(SampleImages.argb(x, ImageLayout.NHW, 2, AUTO, ValueRange.span(0, 236), null)[19])
                .isEqualTo(0xFFFFFFFF);
        assertThat(SampleImages.argb(x, ImageLayout.NHW, 0, UNIT, null, null)).startsWith(0xFF000000, 0xFFFFFFFF);
    }

    @Test
    void unitHalfIs128() {
        Tensor x = Tensor.view("x", DType.FLOAT32, new long[] {1, 4}, RawBytes.float32(new float[] {0.5f, 0, 1, 0.25f}), 0);
        assertThat(SampleImages.argb(x, ImageLayout.HW, 0, UNIT, null, null))
                .containsExactly(0xFF808080, 0xFF000000, 0xFFFFFFFF, 0xFF404040); // 0.25 · 255 + 0.5 = 64.25
    }

    @Test
    void channelsFirstAndLastDrawTheSamePicture() {
        Tensor nchw = uint8(nchwOrder(PICTURE), N, C, H, W);
        Tensor nhwc = uint8(nhwcOrder(PICTURE), N, H, W, C);
        for (int n = 0; n < N; n++) {
            int[] first = SampleImages.argb(nchw, ImageLayout.NCHW, n, BYTE, null, null);
            int[] last = SampleImages.argb(nhwc, ImageLayout.NHWC, n, BYTE, null, null);
            assertThat(first).isEqualTo(last).isEqualTo(expected(PICTURE[n]));
        }
        // one image of either order, without a batch axis
        int[][][][] one = {PICTURE[1]};
        assertThat(SampleImages.argb(uint8(nchwOrder(one), C, H, W), ImageLayout.CHW, 0, BYTE, null, null))
                .isEqualTo(expected(PICTURE[1]));
        assertThat(SampleImages.argb(uint8(nhwcOrder(one), H, W, C), ImageLayout.HWC, 0, BYTE, null, null))
                .isEqualTo(expected(PICTURE[1]));
    }

    @Test
    void aFortranOrderArrayDrawsAsItsCOrderCopy() {
        Tensor c = uint8(nchwOrder(PICTURE), N, C, H, W);
        Tensor f = Tensor.view("f", DType.UINT8, new long[] {N, C, H, W}, ByteOrder.LITTLE_ENDIAN, true,
                fortranNchw(PICTURE), 0);
        for (int n = 0; n < N; n++) {
            assertThat(SampleImages.argb(f, ImageLayout.NCHW, n, BYTE, null, null))
                    .isEqualTo(SampleImages.argb(c, ImageLayout.NCHW, n, BYTE, null, null))
                    .isEqualTo(expected(PICTURE[n]));
            assertThat(SampleImages.pixel(f, ImageLayout.NCHW, n, 4, 2))
                    .containsExactly(PICTURE[n][0][4][2], PICTURE[n][1][4][2], PICTURE[n][2][4][2]);
        }
        // one row: the rows and columns lie equally far apart, so the image is read along its rows instead
        byte[] row = {10, 20, 30, 40, 50};
        Tensor fortranRow = Tensor.view("r", DType.UINT8, new long[] {1, 5}, ByteOrder.LITTLE_ENDIAN, true, row, 0);
        assertThat(SampleImages.argb(fortranRow, ImageLayout.HW, 0, BYTE, null, null))
                .isEqualTo(SampleImages.argb(uint8(row, 1, 5), ImageLayout.HW, 0, BYTE, null, null))
                .containsExactly(0xFF0A0A0A, 0xFF141414, 0xFF1E1E1E, 0xFF282828, 0xFF323232);
    }

    @Test
    void undoingImagenetNormalisationGivesTheOriginalPixelsBack() {
        // what a cached batch holds after ToTensor() and Normalize(IMAGENET_MEAN, IMAGENET_STD), as float32
        float[] normalised = new float[N * C * H * W];
        int i = 0;
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        normalised[i++] = (float) ((PICTURE[n][c][h][w] / 255.0 - ImageNormalisation.IMAGENET_MEAN[c])
                                / ImageNormalisation.IMAGENET_STD[c]);
                    }
                }
            }
        }
        Tensor x = Tensor.view("x", DType.FLOAT32, new long[] {N, C, H, W}, RawBytes.float32(normalised), 0);
        for (int n = 0; n < N; n++) {
            assertThat(SampleImages.argb(x, ImageLayout.NCHW, n, ImageNormalisation.imagenet(), null, null))
                    .isEqualTo(expected(PICTURE[n]));
        }
        assertThatThrownBy(() -> SampleImages.argb(x, ImageLayout.NHW, 0, ImageNormalisation.imagenet(), null, null))
                .isInstanceOf(IllegalArgumentException.class); // (3, 6, 5) read as grey images has one channel
    }

    @Test
    void autoDrawsTheLowestValueBlackAndTheHighestWhite() {
        float[] v = {-3, -1, 0, 1, Float.NaN, 5, Float.POSITIVE_INFINITY, 2};
        Tensor x = Tensor.view("x", DType.FLOAT32, new long[] {2, 4}, RawBytes.float32(v), 0);
        ValueRange range = SampleImages.finiteRange(x);
        assertThat(range.min()).isEqualTo(-3);
        assertThat(range.max()).isEqualTo(5);
        int[] argb = SampleImages.argb(x, ImageLayout.HW, 0, AUTO, range, null);
        assertThat(argb[0]).isEqualTo(0xFF000000);
        assertThat(argb[5]).isEqualTo(0xFFFFFFFF);
        assertThat(argb[3]).isEqualTo(0xFF808080); // (1 + 3) / 8 = 0.5
        assertThat(argb[4]).isEqualTo(ColorMap.NAN_ARGB);
        assertThat(argb[6]).isEqualTo(0xFFFFFFFF); // +Inf clamped to hi
        // without a range AUTO takes the sample's own, here the same
        assertThat(SampleImages.argb(x, ImageLayout.HW, 0, AUTO, null, null)).isEqualTo(argb);

        Tensor nans = Tensor.view("n", DType.FLOAT32, new long[] {1, 2}, RawBytes.float32(new float[] {Float.NaN,
                Float.NEGATIVE_INFINITY}), 0);
        assertThat(SampleImages.finiteRange(nans)).isNull();
    }

    @Test
    void oneChannelThroughAColourMap() {
        Tensor x = Tensor.view("x", DType.FLOAT64, new long[] {1, 4}, RawBytes.float64(new double[] {0, 0.5, 1,
                Double.NaN}), 0);
        assertThat(SampleImages.argb(x, ImageLayout.HW, 0, UNIT, null, ColorMap.VIRIDIS)).containsExactly(
                ColorMap.VIRIDIS.argb(0), ColorMap.VIRIDIS.argb(ColorMap.MIDDLE), ColorMap.VIRIDIS.argb(256),
                ColorMap.NAN_ARGB);
    }

    @Test
    void nanChannelsOfAColourPixelTakeMagentasComponents() {
        float nan = Float.NaN;
        // (1, 4, 3): pixels (1, 0, 0.5), (nan, nan, nan), (0, nan, 0), (0.5, 1, nan)
        float[] v = {1, 0, 0.5f, nan, nan, nan, 0, nan, 0, 0.5f, 1, nan};
        Tensor x = Tensor.view("x", DType.FLOAT32, new long[] {1, 4, 3}, RawBytes.float32(v), 0);
        assertThat(SampleImages.argb(x, ImageLayout.HWC, 0, UNIT, null, null))
                .containsExactly(0xFFFF0080, ColorMap.NAN_ARGB, 0xFF000000, 0xFF80FFFF);
    }

    @Test
    void aFourthChannelIsAlphaNotPremultiplied() {
        // (4, 1, 2) channel-first: pixels (r, g, b, a) = (200, 100, 50, 128) and (10, 20, 30, 0)
        byte[] v = {(byte) 200, 10, 100, 20, 50, 30, (byte) 128, 0};
        Tensor x = uint8(v, 4, 1, 2);
        assertThat(SampleImages.argb(x, ImageLayout.CHW, 0, BYTE, null, null))
                .containsExactly(0x80C86432, 0x000A141E);
    }

    @Test
    void otherDtypesDrawTheSameValuesTheSame() {
        short[] words = {0, 255, 128, 1000};
        Tensor u16 = Tensor.view("x", DType.INT16, new long[] {1, 4}, RawBytes.int16(words), 0);
        Tensor f32 = Tensor.view("x", DType.FLOAT32, new long[] {1, 4}, RawBytes.float32(new float[] {0, 255, 128,
                1000}), 0);
        assertThat(SampleImages.argb(u16, ImageLayout.HW, 0, BYTE, null, null))
                .isEqualTo(SampleImages.argb(f32, ImageLayout.HW, 0, BYTE, null, null))
                .containsExactly(0xFF000000, 0xFFFFFFFF, 0xFF808080, 0xFFFFFFFF);
    }

    @Test
    void aPageCountsItsSamplesFromItsOwnFirst() {
        // a page of two samples read on its own out of a larger batch
        Tensor page = uint8(nchwOrder(new int[][][][] {PICTURE[1], PICTURE[2]}), 2, C, H, W);
        assertThat(SampleImages.argb(page, ImageLayout.NCHW, 1, BYTE, null, null)).isEqualTo(expected(PICTURE[2]));
        assertThatThrownBy(() -> SampleImages.argb(page, ImageLayout.NCHW, 2, BYTE, null, null))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> SampleImages.argb(page, ImageLayout.NHW, 0, BYTE, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not read as N×H×W");
        assertThatThrownBy(() -> SampleImages.pixel(page, ImageLayout.NCHW, 0, H, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** Opaque RGB pixels of x[c, h, w] in bytes. */
    static int[] expected(int[][][] chw) {
        int[] argb = new int[H * W];
        for (int h = 0; h < H; h++) {
            for (int w = 0; w < W; w++) {
                argb[h * W + w] = 0xFF000000 | chw[0][h][w] << 16 | chw[1][h][w] << 8 | chw[2][h][w];
            }
        }
        return argb;
    }

    static Tensor uint8(byte[] bytes, long... shape) {
        return Tensor.view("x", DType.UINT8, shape, bytes, 0);
    }

    static byte[] nchwOrder(int[][][][] x) {
        byte[] b = new byte[x.length * C * H * W];
        int i = 0;
        for (int[][][] sample : x) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        b[i++] = (byte) sample[c][h][w];
                    }
                }
            }
        }
        return b;
    }

    static byte[] nhwcOrder(int[][][][] x) {
        byte[] b = new byte[x.length * C * H * W];
        int i = 0;
        for (int[][][] sample : x) {
            for (int h = 0; h < H; h++) {
                for (int w = 0; w < W; w++) {
                    for (int c = 0; c < C; c++) {
                        b[i++] = (byte) sample[c][h][w];
                    }
                }
            }
        }
        return b;
    }

    /** np.asfortranarray(x).tobytes(order='A'): the first index varies fastest. */
    static byte[] fortranNchw(int[][][][] x) {
        byte[] b = new byte[N * C * H * W];
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        b[n + N * (c + C * (h + H * w))] = (byte) x[n][c][h][w];
                    }
                }
            }
        }
        return b;
    }
}
