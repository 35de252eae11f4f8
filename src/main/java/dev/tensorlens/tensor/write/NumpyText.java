package dev.tensorlens.tensor.write;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.ImageLayout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A block of rows of a tensor written as numpy prints them, so that the Data view's table and the CLI show the numbers
 * {@code print(x2d[first:first + n])} shows (numpy 1.14 and later, default print options, no summarising, no line
 * wrapping). The block is formatted together, as numpy formats an array: it decides positional or scientific
 * notation, the pad widths and the common number of fractional digits, so the same value can read {@code 0.5} in one
 * block and {@code 5.0e-01} in another.
 *
 * <ul>
 *   <li>Rows: those of {@code TensorCells}' 2-D view (the last axis is the columns, the leading axes are flattened
 *       into rows, a vector is one value per row, a scalar 1 × 1), in the logical C order whatever the storage order;
 *       or, through {@link #imageRows}, the pixel rows of one image.</li>
 *   <li>Floats: see {@link NumpyFloats}. float16 by its own shortest digits, as numpy does; float32 by float32's and
 *       float64 by float64's. bfloat16 and the float8 family are not numpy dtypes (ml_dtypes adds them): they are
 *       written as their float32 values by float32's rules, which is what {@code x.astype(np.float32)} prints.</li>
 *   <li>Complex: numpy's {@code 1.+2.j}, real parts formatted together and imaginary parts (always signed)
 *       together.</li>
 *   <li>Integers: decimal, right-aligned to the longest in the block. bool: {@code True}/{@code False}, right-aligned
 *       to five characters ({@code " True"}).</li>
 * </ul>
 */
public final class NumpyText {

    private final int rows;
    private final int cols;
    /** Each element in its field width, row by row. */
    private final String[] padded;
    /** Each element without the spaces around it. */
    private final String[] cells;

    private NumpyText(int rows, int cols, String[] padded, String[] cells) {
        this.rows = rows;
        this.cols = cols;
        this.padded = padded;
        this.cells = cells;
    }

    /** Rows [firstRow, firstRow+rowCount) of t's 2-D view, formatted together. rowCount is clipped to the rows there are. */
    public static NumpyText of(Tensor t, long firstRow, int rowCount) {
        if (firstRow < 0 || rowCount < 0) {
            throw new IllegalArgumentException("rows " + firstRow + " + " + rowCount + " are negative");
        }
        TensorCells view = TensorCells.whole(t);
        int n = (int) Math.max(0, Math.min(rowCount, view.rows - firstRow));
        int cols = Math.toIntExact(view.cols);
        long[] at = new long[Math.multiplyExact(n, cols)];
        long step = view.colStride();
        for (int r = 0; r < n; r++) {
            long start = view.rowStart(firstRow + r);
            for (int c = 0; c < cols; c++) {
                at[r * cols + c] = start + c * step;
            }
        }
        return format(t, n, cols, at);
    }

    /**
     * The first {@code rowCount} pixel rows (clipped to the height) of image {@code sample} of {@code images} read
     * in {@code layout}, formatted together. A row holds the row's W pixels, each pixel's channels side by side:
     * row r of {@code x[sample]} for N×H×W, {@code x[sample][r].ravel()} for N×H×W×C, and
     * {@code x[sample].transpose(1, 2, 0)[r].ravel()} for N×C×H×W (so channel-first images read pixel by pixel too).
     * A layout without a batch axis has the one sample 0.
     *
     * @throws IllegalArgumentException when the layout does not fit the shape, or there is no such sample
     */
    public static NumpyText imageRows(Tensor images, ImageLayout layout, int sample, int rowCount) {
        long[] shape = images.shape();
        if (!layout.fits(shape)) {
            throw new IllegalArgumentException(layout.label() + " does not fit " + Tensor.shapeText(shape));
        }
        if (sample < 0 || sample >= layout.samples(shape) || rowCount < 0) {
            throw new IllegalArgumentException("no image " + sample + " (rows " + rowCount + ") in "
                    + Tensor.shapeText(shape));
        }
        int height = layout.height(shape);
        int width = layout.width(shape);
        int channels = layout.channels(shape);
        int n = Math.min(rowCount, height);
        int cols = width * channels;
        long[] strides = images.strides();
        int first = layout.batch() ? 1 : 0;
        long base = layout.batch() ? sample * strides[0] : 0;
        // the strides of a pixel row, a pixel and a channel, wherever the layout keeps those axes
        long rowStride;
        long colStride;
        long channelStride;
        if (layout.channelsLast()) {
            rowStride = strides[first];
            colStride = strides[first + 1];
            channelStride = strides[first + 2];
        } else if (layout.channelsFirst()) {
            channelStride = strides[first];
            rowStride = strides[first + 1];
            colStride = strides[first + 2];
        } else {
            rowStride = strides[first];
            colStride = strides[first + 1];
            channelStride = 0;
        }
        long[] at = new long[Math.multiplyExact(n, cols)];
        for (int r = 0; r < n; r++) {
            for (int w = 0; w < width; w++) {
                for (int c = 0; c < channels; c++) {
                    at[r * cols + w * channels + c] = base + r * rowStride + w * colStride + c * channelStride;
                }
            }
        }
        return format(images, n, cols, at);
    }

    public int rowCount() {
        return rows;
    }

    public int columnCount() {
        return cols;
    }

    /** One element's text, without the padding (e.g. "1.", "0.5", "1.0e-05", "nan", "True"). */
    public String cell(int row, int col) {
        return cells[index(row, col)];
    }

    /** Each row as numpy prints it without brackets: padded elements separated by one space, trailing spaces removed. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(rows);
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            b.setLength(0);
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    b.append(' ');
                }
                b.append(padded[r * cols + c]);
            }
            int end = b.length();
            while (end > 0 && b.charAt(end - 1) == ' ') {
                end--;
            }
            lines.add(b.substring(0, end));
        }
        return Collections.unmodifiableList(lines);
    }

    private int index(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("cell (" + row + ", " + col + ") of " + rows + " × " + cols);
        }
        return row * cols + col;
    }

    /** The elements at storage indices {@code at} (row by row), formatted together by their dtype's rules. */
    private static NumpyText format(Tensor t, int rows, int cols, long[] at) {
        int n = at.length;
        String[] padded = new String[n];
        String[] cells = new String[n];
        ByteBuffer buf = t.gather(at).buffer(); // the cells side by side, wherever the tensor holds them
        DType dtype = t.dtype();
        int size = dtype.size();
        switch (dtype.kind()) {
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    cells[i] = buf.get(i) != 0 ? "True" : "False";
                    padded[i] = cells[i].length() == 4 ? " True" : "False";
                }
            }
            case SIGNED, UNSIGNED -> {
                int width = 0;
                for (int i = 0; i < n; i++) {
                    cells[i] = integer(buf, dtype, i * size);
                    width = Math.max(width, cells[i].length());
                }
                for (int i = 0; i < n; i++) {
                    padded[i] = " ".repeat(width - cells[i].length()) + cells[i];
                }
            }
            case FLOAT -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = t.getDouble(at[i]);
                }
                NumpyFloats f = NumpyFloats.of(v, width(dtype), false);
                for (int i = 0; i < n; i++) {
                    padded[i] = f.padded(i);
                    cells[i] = f.text(i);
                }
            }
            case COMPLEX -> complex(buf, dtype, at, padded, cells);
        }
        return new NumpyText(rows, cols, padded, cells);
    }

    private static NumpyFloats.Width width(DType dtype) {
        return switch (dtype) {
            case FLOAT16 -> NumpyFloats.Width.HALF;
            case FLOAT64, COMPLEX128 -> NumpyFloats.Width.DOUBLE;
            // float32, bfloat16 and the float8 family: float32 digits (see the class comment)
            default -> NumpyFloats.Width.SINGLE;
        };
    }

    private static String integer(ByteBuffer buf, DType dtype, int byteAt) {
        return switch (dtype) {
            case UINT8 -> Integer.toString(buf.get(byteAt) & 0xFF);
            case INT8 -> Integer.toString(buf.get(byteAt));
            case UINT16 -> Integer.toString(buf.getShort(byteAt) & 0xFFFF);
            case INT16 -> Integer.toString(buf.getShort(byteAt));
            case UINT32 -> Long.toString(buf.getInt(byteAt) & 0xFFFFFFFFL);
            case INT32 -> Integer.toString(buf.getInt(byteAt));
            case UINT64 -> Long.toUnsignedString(buf.getLong(byteAt));
            case INT64 -> Long.toString(buf.getLong(byteAt));
            default -> throw new IllegalArgumentException(dtype + " is not an integer dtype");
        };
    }

    /**
     * numpy's {@code ComplexFloatingFormat}: the real parts formatted together, the imaginary parts together with a
     * sign always written, the {@code j} placed right after the imaginary digits (before their padding).
     */
    private static void complex(ByteBuffer buf, DType dtype, long[] at, String[] padded, String[] cells) {
        int n = at.length;
        boolean single = dtype == DType.COMPLEX64;
        int size = dtype.size();
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            int byteAt = i * size;
            re[i] = single ? buf.getFloat(byteAt) : buf.getDouble(byteAt);
            im[i] = single ? buf.getFloat(byteAt + size / 2) : buf.getDouble(byteAt + size / 2);
        }
        NumpyFloats.Width w = width(dtype);
        NumpyFloats real = NumpyFloats.of(re, w, false);
        NumpyFloats imag = NumpyFloats.of(im, w, true);
        for (int i = 0; i < n; i++) {
            String ip = imag.padded(i);
            int end = ip.stripTrailing().length();
            padded[i] = real.padded(i) + ip.substring(0, end) + "j" + ip.substring(end);
            cells[i] = real.text(i) + imag.text(i) + "j";
        }
    }
}
