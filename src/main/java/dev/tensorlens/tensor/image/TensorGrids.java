package dev.tensorlens.tensor.image;

import dev.tensorlens.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * Tensors of any rank as {@link Grid}s, read straight from the tensor's bytes (views: nothing is copied, a heatmap
 * decodes the rows it pools). Any dtype; values as {@link Tensor#getDouble} gives them, as float.
 *
 * <ul>
 *   <li>{@link #matrix}: a scalar is 1 × 1, a vector one row, a 2-D tensor itself (C or Fortran order as stored).</li>
 *   <li>{@link #filters}: the weights of a 2-D convolution {@code (out, in, kh, kw)} (PyTorch's layout) as a grid of
 *       {@code kh × kw} tiles, one row of tiles per output channel and one column per input channel, with a one-cell
 *       gap between tiles that is drawn as background.</li>
 *   <li>{@link #slice}: two chosen axes of a tensor of any rank, the others fixed ({@link TensorSlice}).</li>
 *   <li>{@link #preferred}: what to show first for a tensor of a given shape.</li>
 * </ul>
 */
public final class TensorGrids {

    /** A 4-D tensor whose last two dimensions are at most this is shown as filter tiles by {@link #preferred}. */
    public static final int MAX_KERNEL = 16;

    private TensorGrids() {
    }

    /** The grid to show first: {@link #matrix} up to 2-D, {@link #filters} for a 4-D convolution kernel, else the
     * slice of the last two axes at index 0 of the others. */
    public static Grid preferred(Tensor t) {
        long[] s = t.shape();
        if (t.rank() <= 2) {
            return matrix(t);
        }
        if (t.rank() == 4 && s[2] <= MAX_KERNEL && s[3] <= MAX_KERNEL && s[2] > 0 && s[3] > 0) {
            return filters(t);
        }
        return slice(t, TensorSlice.lastTwo(t.rank()));
    }

    /**
     * A scalar as 1 × 1, a vector of n as 1 × n, a matrix as itself.
     *
     * @throws IllegalArgumentException for a tensor of rank 3 or more (take a {@link #slice}), or one too large to
     *                                  address
     */
    public static Grid matrix(Tensor t) {
        long[] s = t.shape();
        return switch (t.rank()) {
            case 0 -> strided(t, 1, 1, 0, 0, 0, (r, c) -> "value");
            case 1 -> strided(t, s[0] == 0 ? 0 : 1, s[0], 0, 0, 1, (r, c) -> "[" + c + "]");
            case 2 -> {
                long[] st = t.strides();
                yield strided(t, s[0], s[1], 0, st[0], st[1],
                        (r, c) -> String.format(Locale.ROOT, "row %d, col %d", r, c));
            }
            default -> throw new IllegalArgumentException(t.rank() + "-D " + t + " needs a slice to be a matrix");
        };
    }

    /**
     * Axes {@code slice.rowAxis()} down and {@code slice.colAxis()} across, every other axis at its fixed index:
     * cell {@code (r, c)} is the element whose index has {@code r} at the row axis and {@code c} at the column axis.
     *
     * @throws IllegalArgumentException when the slice does not fit the tensor's shape
     */
    public static Grid slice(Tensor t, TensorSlice slice) {
        long[] shape = t.shape();
        slice.check(shape);
        long[] st = t.strides();
        long[] index = slice.index();
        long base = 0;
        for (int k = 0; k < shape.length; k++) {
            base += index[k] * st[k];
        }
        int ra = slice.rowAxis();
        int ca = slice.colAxis();
        return strided(t, shape[ra], shape[ca], base, st[ra], st[ca], (r, c) -> {
            long[] at = slice.index();
            at[ra] = r;
            at[ca] = c;
            StringBuilder b = new StringBuilder("[");
            for (int k = 0; k < at.length; k++) {
                b.append(k == 0 ? "" : ", ").append(at[k]);
            }
            return b.append(']').toString();
        });
    }

    /**
     * The weights of a 2-D convolution, {@code (out, in, kh, kw)}, as tiles: output channel {@code o} is the row of
     * tiles {@code o}, input channel {@code i} the column of tiles {@code i}, and tile {@code (o, i)} holds
     * {@code w[o, i, :, :]}, its cell {@code (y, x)} at grid cell {@code (o·(kh+1) + y, i·(kw+1) + x)}. The cells
     * between tiles are gaps.
     *
     * @throws IllegalArgumentException unless the tensor is 4-D
     */
    public static Grid filters(Tensor t) {
        if (t.rank() != 4) {
            throw new IllegalArgumentException(t + " is not 4-D (out, in, kh, kw)");
        }
        long[] s = t.shape();
        if (Tensor.elementCount(s) == 0) {
            return Grid.view(0, 0, new Tiles(t, s, t.strides()));
        }
        long rows = s[0] * (s[2] + 1) - 1;
        long cols = s[1] * (s[3] + 1) - 1;
        checkSize(t, rows, cols);
        return Grid.view((int) rows, (int) cols, new Tiles(t, s, t.strides()));
    }


    private interface Where {
        String describe(long row, long col);
    }

    private static Grid strided(Tensor t, long rows, long cols, long base, long rowStride, long colStride, Where where) {
        if (rows == 0 || cols == 0) {
            return Grid.view(0, 0, new Strided(t, base, rowStride, colStride, where));
        }
        checkSize(t, rows, cols);
        return Grid.view((int) rows, (int) cols, new Strided(t, base, rowStride, colStride, where));
    }

    private static void checkSize(Tensor t, long rows, long cols) {
        if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE || rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(t + " as " + rows + " × " + cols
                    + " cells is more than a heatmap can address; take a slice");
        }
    }

    /** Cell (r, c) is element {@code base + r·rowStride + c·colStride} in storage order. */
    private record Strided(Tensor t, long base, long rowStride, long colStride, Where where) implements Grid.Source {
        @Override
        public void read(int row, int col, int count, float[] dst, int off) {
            Elements.read(t, base + row * rowStride + col * colStride, colStride, count, dst, off);
        }

        @Override
        public float get(int row, int col) {
            return Elements.get(t, base + row * rowStride + col * colStride);
        }

        @Override
        public boolean hasGaps() {
            return false;
        }

        @Override
        public String describe(int row, int col) {
            return where.describe(row, col);
        }
    }

    /** Filter tiles with one-cell gaps between them (see {@link #filters}). */
    private static final class Tiles implements Grid.Source {
        private final Tensor t;
        private final long kh;
        private final long kw;
        private final long[] st;

        Tiles(Tensor t, long[] shape, long[] strides) {
            this.t = t;
            this.kh = shape[2];
            this.kw = shape[3];
            this.st = strides;
        }

        @Override
        public void read(int row, int col, int count, float[] dst, int off) {
            long o = row / (kh + 1);
            long y = row % (kh + 1);
            if (y == kh) {
                Arrays.fill(dst, off, off + count, Grid.GAP);
                return;
            }
            long rowBase = o * st[0] + y * st[2];
            int c = col;
            int end = col + count;
            while (c < end) {
                long i = c / (kw + 1);
                long x = c % (kw + 1);
                if (x == kw) {
                    dst[off + c - col] = Grid.GAP;
                    c++;
                    continue;
                }
                int n = (int) Math.min(kw - x, end - c);
                Elements.read(t, rowBase + i * st[1] + x * st[3], st[3], n, dst, off + c - col);
                c += n;
            }
        }

        @Override
        public boolean hasGaps() {
            return true;
        }

        @Override
        public String describe(int row, int col) {
            long y = row % (kh + 1);
            long x = col % (kw + 1);
            if (y == kh || x == kw) {
                return "between filters";
            }
            return String.format(Locale.ROOT, "filter (%d, %d), position (%d, %d)", row / (kh + 1), col / (kw + 1),
                    y, x);
        }
    }
}
