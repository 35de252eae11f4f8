package dev.tensorlens.tensor.image;

import dev.tensorlens.tensor.write.PngWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Images of one size laid out like torchvision's {@code make_grid}: up to {@code perRow} tiles per row, in order,
 * with {@code padding} pixels of black between them and around the edge, so a grid here and the
 * {@code save_image} PNG a user made in a notebook line up pixel for pixel.
 *
 * <p>As in {@code make_grid}, a grid of fewer images than {@code perRow} is only as wide as its images need
 * ({@code min(perRow, count)} columns), the rows are {@code ceil(count / perRow)}, the last row is filled from the
 * left, and the grid is {@code columns · (tileWidth + padding) + padding} wide and
 * {@code rows · (tileHeight + padding) + padding} high.
 *
 * @param width      pixels across the whole grid
 * @param height     pixels down the whole grid
 * @param argb       the grid's pixels, row-major, non-premultiplied ARGB; the array itself, not a copy, so that a
 *                   view can hand it to an image without copying megabytes: do not change it
 * @param tileWidth  pixels across one image
 * @param tileHeight pixels down one image
 * @param perRow     the most tiles in a row, as asked for ({@code make_grid}'s {@code nrow})
 * @param padding    pixels between tiles and around the edge
 * @param count      tiles in the grid
 */
public record ImageGrid(int width, int height, int[] argb, int tileWidth, int tileHeight, int perRow, int padding,
                        int count) {

    /** {@code make_grid}'s defaults. */
    public static final int PER_ROW = 8;
    public static final int PADDING = 2;

    /** The padding's colour: {@code pad_value=0} in every channel of an RGB grid, opaque black. */
    public static final int PAD_ARGB = 0xFF000000;

    public ImageGrid {
        if (tileWidth < 1 || tileHeight < 1 || perRow < 1 || padding < 0 || count < 1) {
            throw new IllegalArgumentException("no grid of " + count + " tiles of " + tileWidth + "×" + tileHeight
                    + ", " + perRow + " per row, padding " + padding);
        }
        if (width != size(columns(count, perRow), tileWidth, padding)
                || height != size(rows(count, perRow), tileHeight, padding) || argb.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + "×" + height + " grid of " + argb.length
                    + " pixels does not hold " + count + " tiles of " + tileWidth + "×" + tileHeight);
        }
    }

    /** The grid of {@code images} with {@code make_grid}'s defaults: 8 per row, 2 pixels of padding. */
    public static ImageGrid compose(List<int[]> images, int tileWidth, int tileHeight) {
        return compose(images, tileWidth, tileHeight, PER_ROW, PADDING);
    }

    /**
     * The grid of {@code images}, each {@code tileWidth × tileHeight} row-major ARGB pixels (what
     * {@link SampleImages#argb} gives), in order.
     *
     * @throws IllegalArgumentException when there are no images, an image has the wrong number of pixels, or the
     *                                  grid would be too large for one array
     */
    public static ImageGrid compose(List<int[]> images, int tileWidth, int tileHeight, int perRow, int padding) {
        int count = images.size();
        if (count == 0) {
            throw new IllegalArgumentException("A grid needs at least one image.");
        }
        if (tileWidth < 1 || tileHeight < 1 || perRow < 1 || padding < 0) {
            throw new IllegalArgumentException("no grid of tiles of " + tileWidth + "×" + tileHeight + ", " + perRow
                    + " per row, padding " + padding);
        }
        long w = size(columns(count, perRow), tileWidth, padding);
        long h = size(rows(count, perRow), tileHeight, padding);
        if (w * h > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("A grid of " + count + " images of " + tileWidth + "×" + tileHeight
                    + " would be " + w + "×" + h + " pixels, too large to draw.");
        }
        int width = (int) w;
        int[] argb = new int[width * (int) h];
        Arrays.fill(argb, PAD_ARGB);
        for (int i = 0; i < count; i++) {
            int[] image = images.get(i);
            if (image.length != tileWidth * tileHeight) {
                throw new IllegalArgumentException("Image " + i + " has " + image.length + " pixels, not "
                        + tileWidth + "×" + tileHeight + " like the others.");
            }
            int x = padding + i % perRow * (tileWidth + padding);
            int y = padding + i / perRow * (tileHeight + padding);
            for (int r = 0; r < tileHeight; r++) {
                System.arraycopy(image, r * tileWidth, argb, (y + r) * width + x, tileWidth);
            }
        }
        return new ImageGrid(width, (int) h, argb, tileWidth, tileHeight, perRow, padding, count);
    }

    private static int columns(int count, int perRow) {
        return Math.min(count, perRow);
    }

    private static int rows(int count, int perRow) {
        return (count + perRow - 1) / perRow;
    }

    private static long size(int tiles, int tile, int padding) {
        return (long) tiles * (tile + padding) + padding;
    }

    /** Tiles across: {@code min(perRow, count)}. */
    public int columns() {
        return columns(count, perRow);
    }

    /** Rows of tiles, the last one possibly short. */
    public int rows() {
        return rows(count, perRow);
    }

    /** Which tile (0-based) holds grid pixel ({@code x}, {@code y}), or -1 over padding, an empty slot or outside. */
    public int tileAt(int x, int y) {
        int col = cell(x, width, tileWidth);
        int row = cell(y, height, tileHeight);
        if (col < 0 || row < 0 || col >= columns()) {
            return -1;
        }
        int i = row * perRow + col;
        return i < count ? i : -1;
    }

    /** The tile along one direction that pixel {@code p} falls in, -1 in the padding before or after it. */
    private int cell(int p, int extent, int tile) {
        if (p < padding || p >= extent - padding) {
            return -1;
        }
        int from = p - padding;
        return from % (tile + padding) < tile ? from / (tile + padding) : -1;
    }

    /** The left column of tile {@code i}. */
    public int tileX(int i) {
        return padding + checked(i) % perRow * (tileWidth + padding);
    }

    /** The top row of tile {@code i}. */
    public int tileY(int i) {
        return padding + checked(i) / perRow * (tileHeight + padding);
    }

    private int checked(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("tile " + i + " of " + count);
        }
        return i;
    }

    /** The grid as a PNG, written whole or not at all. */
    public void writePng(Path file) throws IOException {
        PngWriter.write(argb, width, height, file);
    }

    /** Grids are compared by their pixels, not by which array holds them. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageGrid g && width == g.width && height == g.height && tileWidth == g.tileWidth
                && tileHeight == g.tileHeight && perRow == g.perRow && padding == g.padding && count == g.count
                && Arrays.equals(argb, g.argb);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(argb) + Arrays.hashCode(new int[] {width, height, tileWidth, tileHeight, perRow,
                padding, count});
    }

    @Override
    public String toString() {
        return count + " tiles of " + tileWidth + "×" + tileHeight + " in a " + width + "×" + height + " grid";
    }
}
