package dev.tensorlens.tensor.image;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Grids laid out as torchvision's make_grid lays them out (nrow, padding, pad_value=0). */
class ImageGridTest {

    /** {@code count} images of w×h, image i filled with the opaque colour 0x0000(i+1)… so each tile is known. */
    static List<int[]> images(int count, int w, int h) {
        List<int[]> images = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] image = new int[w * h];
            for (int p = 0; p < image.length; p++) {
                image[p] = 0xFF000000 | (i + 1) << 8 | p; // the pixel's own index in blue, to catch flips
            }
            images.add(image);
        }
        return images;
    }

    @Test
    void tilesSitWhereMakeGridPutsThemWithBlackPaddingBetween() {
        // 10 images of 3×2, 4 per row, padding 2: 4 columns, 3 rows, 4·(3+2)+2 = 22 by 3·(2+2)+2 = 14
        ImageGrid g = ImageGrid.compose(images(10, 3, 2), 3, 2, 4, 2);
        assertThat(g.width()).isEqualTo(22);
        assertThat(g.height()).isEqualTo(14);
        assertThat(g.argb()).hasSize(22 * 14);
        assertThat(g.columns()).isEqualTo(4);
        assertThat(g.rows()).isEqualTo(3);
        assertThat(g.count()).isEqualTo(10);
        assertThat(g.tileX(5)).isEqualTo(2 + 1 * 5);
        assertThat(g.tileY(5)).isEqualTo(2 + 1 * 4);
        assertThat(g.tileX(9)).isEqualTo(7);
        assertThat(g.tileY(9)).isEqualTo(10);

        // every pixel: its tile's own pixel inside a tile, black everywhere else (padding and the two empty slots)
        int[] expected = new int[22 * 14];
        Arrays.fill(expected, 0xFF000000);
        for (int i = 0; i < 10; i++) {
            int x0 = 2 + (i % 4) * 5;
            int y0 = 2 + (i / 4) * 4;
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 3; c++) {
                    expected[(y0 + r) * 22 + x0 + c] = 0xFF000000 | (i + 1) << 8 | (r * 3 + c);
                }
            }
        }
        assertThat(g.argb()).isEqualTo(expected);
        assertThat(g.argb()[0]).isEqualTo(ImageGrid.PAD_ARGB);
    }

    @Test
    void tileAtFindsTheTileUnderAPixelAndNothingOverPadding() {
        ImageGrid g = ImageGrid.compose(images(10, 3, 2), 3, 2, 4, 2);
        assertThat(g.tileAt(2, 2)).isEqualTo(0);
        assertThat(g.tileAt(4, 3)).isEqualTo(0); // tile 0's last pixel
        assertThat(g.tileAt(5, 2)).isEqualTo(-1); // the padding right after it
        assertThat(g.tileAt(6, 3)).isEqualTo(-1);
        assertThat(g.tileAt(7, 2)).isEqualTo(1);
        assertThat(g.tileAt(2, 4)).isEqualTo(-1); // the padding under it
        assertThat(g.tileAt(2, 6)).isEqualTo(4);
        assertThat(g.tileAt(9, 7)).isEqualTo(5);
        assertThat(g.tileAt(0, 0)).isEqualTo(-1);
        assertThat(g.tileAt(1, 5)).isEqualTo(-1);
        assertThat(g.tileAt(20, 3)).isEqualTo(-1); // the right and bottom edges' padding
        assertThat(g.tileAt(3, 12)).isEqualTo(-1);
        assertThat(g.tileAt(21, 13)).isEqualTo(-1);
        assertThat(g.tileAt(12, 10)).isEqualTo(-1); // slots 10 and 11 of the last row are empty
        assertThat(g.tileAt(19, 11)).isEqualTo(-1);
        assertThat(g.tileAt(-1, 3)).isEqualTo(-1);
        assertThat(g.tileAt(22, 3)).isEqualTo(-1);
        assertThat(g.tileAt(3, 14)).isEqualTo(-1);
        for (int i = 0; i < 10; i++) {
            assertThat(g.tileAt(g.tileX(i), g.tileY(i))).isEqualTo(i);
            assertThat(g.tileAt(g.tileX(i) + 2, g.tileY(i) + 1)).isEqualTo(i);
        }
        assertThatThrownBy(() -> g.tileX(10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void makeGridsDefaultsAndAShortBatch() {
        // 64 MNIST digits: 8 per row, 2 pixels of padding, 8·30 + 2 = 242 square
        ImageGrid mnist = ImageGrid.compose(images(64, 28, 28), 28, 28);
        assertThat(mnist.width()).isEqualTo(242);
        assertThat(mnist.height()).isEqualTo(242);
        assertThat(mnist.tileX(63)).isEqualTo(2 + 7 * 30);
        // fewer images than a row: make_grid's xmaps = min(nrow, n), so the grid is only 3 tiles wide
        ImageGrid three = ImageGrid.compose(images(3, 28, 28), 28, 28);
        assertThat(three.width()).isEqualTo(3 * 30 + 2);
        assertThat(three.height()).isEqualTo(32);
        assertThat(three.perRow()).isEqualTo(ImageGrid.PER_ROW);
        // without padding the tiles touch
        ImageGrid tight = ImageGrid.compose(images(2, 3, 2), 3, 2, 8, 0);
        assertThat(tight.width()).isEqualTo(6);
        assertThat(tight.tileAt(3, 0)).isEqualTo(1);
    }

    @Test
    void aBatchDrawnSampleBySampleFillsTheGrid() {
        // x = np.arange(2·4·4, dtype=np.uint8).reshape(2, 4, 4), one grey tile per sample
        byte[] bytes = new byte[32];
        for (int i = 0; i < 32; i++) {
            bytes[i] = (byte) i;
        }
        Tensor x = Tensor.view("x", DType.UINT8, new long[] {2, 4, 4}, bytes, 0);
        ImageNormalisation byteScale = ImageNormalisation.of(ImageNormalisation.Mode.BYTE);
        List<int[]> tiles = List.of(SampleImages.argb(x, ImageLayout.NHW, 0, byteScale, null, null),
                SampleImages.argb(x, ImageLayout.NHW, 1, byteScale, null, null));
        ImageGrid g = ImageGrid.compose(tiles, 4, 4);
        // x[1, 2, 3] = 27 at tile 1's (row 2, col 3)
        assertThat(g.argb()[(g.tileY(1) + 2) * g.width() + g.tileX(1) + 3]).isEqualTo(0xFF1B1B1B);
    }

    @Test
    void impossibleGridsAreRefused() {
        assertThatThrownBy(() -> ImageGrid.compose(Collections.emptyList(), 3, 2))
                .isInstanceOf(IllegalArgumentException.class);
        List<int[]> mixed = new ArrayList<>(images(2, 3, 2));
        mixed.add(new int[5]);
        assertThatThrownBy(() -> ImageGrid.compose(mixed, 3, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Image 2 has 5 pixels");
        assertThatThrownBy(() -> ImageGrid.compose(images(2, 3, 2), 3, 2, 0, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePngReadsBackWithTheSamePixels(@TempDir Path dir) throws IOException {
        List<int[]> tiles = images(5, 7, 4);
        tiles.get(2)[3] = 0x80FF8000; // half-transparent orange: not premultiplied on the way out
        ImageGrid g = ImageGrid.compose(tiles, 7, 4, 3, 2);
        Path file = dir.resolve("sub").resolve("grid.png");
        g.writePng(file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(g.width());
        assertThat(image.getHeight()).isEqualTo(g.height());
        for (int y = 0; y < g.height(); y++) {
            for (int x = 0; x < g.width(); x++) {
                assertThat(image.getRGB(x, y)).isEqualTo(g.argb()[y * g.width() + x]);
            }
        }
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file); // no temporary file left beside it
        }
    }
}
