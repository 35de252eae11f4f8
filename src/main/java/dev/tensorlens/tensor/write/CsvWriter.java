package dev.tensorlens.tensor.write;

import com.fasterxml.jackson.core.io.NumberOutput;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.TensorSlice;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

import static dev.tensorlens.tensor.ByteViews.DOUBLE_BE;
import static dev.tensorlens.tensor.ByteViews.DOUBLE_LE;
import static dev.tensorlens.tensor.ByteViews.FLOAT_BE;
import static dev.tensorlens.tensor.ByteViews.FLOAT_LE;

/**
 * Writes a tensor, or a 2-D slice of one, as comma-separated text that {@code np.loadtxt(f, delimiter=",")} (and
 * Python's {@code float()} on each field) reads back to the same values, streamed element by element from the
 * tensor's bytes: no copy of the tensor is made, whatever its size.
 *
 * <ul>
 *   <li>Layout: a scalar is one line; a vector one value per line; a matrix one row per line; a tensor of more axes
 *       has its last axis as the columns and its leading axes flattened into the rows
 *       ({@code x.reshape(-1, x.shape[-1])}), after a comment line naming the shape and dtype
 *       ({@code # shape (2, 3, 4) float32, rows are x.reshape(-1, 4)}), which {@code np.loadtxt} skips. Rows
 *       follow the logical C order whatever the storage order. A slice is its rows and columns.</li>
 *   <li>Numbers: float32 (and float16, bfloat16, the float8 family, all exact in float32) as the shortest decimal
 *       that reads back as the same float32, also when Python reads it as a double first and numpy rounds that to
 *       float32 (Schubfach, from jackson-core's {@code NumberOutput}: JDK 17's {@code Float.toString} is longer than
 *       needed for about one float in ten); float64 as the shortest that reads back as the same double; integers
 *       exactly (uint64 unsigned); bool as 1 and 0; complex as {@code re+imj}, which Python's {@code complex()}
 *       and numpy read; NaN and infinities as {@code nan}, {@code inf}, {@code -inf}, as numpy writes them.</li>
 * </ul>
 */
public final class CsvWriter {

    private CsvWriter() {
    }

    /** Writes all of {@code t} (see the class comment). The stream is flushed, not closed. */
    public static void write(Tensor t, OutputStream out) throws IOException {
        write(TensorCells.whole(t), out, Progress.NONE);
    }

    /** Writes the 2-D slice {@code s} of {@code t}: its rows and columns. The stream is flushed, not closed. */
    public static void write(Tensor t, TensorSlice s, OutputStream out) throws IOException {
        write(TensorCells.slice(t, s), out, Progress.NONE);
    }

    /**
     * Writes all of {@code t}, or its slice {@code s} when not null, to {@code file}: whole or not at all (a
     * temporary file beside it, moved into place), reporting to {@code progress} after each row.
     *
     * @throws CancellationException when {@code progress} says it is cancelled (the file is then not written)
     */
    public static void write(Tensor t, TensorSlice s, Path file, Progress progress) throws IOException {
        TensorCells cells = s == null ? TensorCells.whole(t) : TensorCells.slice(t, s);
        Files2.writeWhole(file, out -> write(cells, out, progress));
    }

    private static void write(TensorCells cells, OutputStream out, Progress progress) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII), 1 << 16);
        Tensor t = cells.tensor;
        if (cells.shape.length > 2) {
            w.write("# shape " + Tensor.shapeText(cells.shape) + " " + t.dtype().numpyName() + ", rows are x.reshape(-1, "
                    + cells.cols + ")\n");
        }
        Element element = element(t);
        long step = cells.colStride();
        StringBuilder line = new StringBuilder();
        for (long r = 0; r < cells.rows; r++) {
            if (progress.cancelled()) {
                throw new CancellationException("the export was cancelled");
            }
            line.setLength(0);
            long at = cells.rowStart(r);
            for (long c = 0; c < cells.cols; c++, at += step) {
                if (c > 0) {
                    line.append(',');
                }
                element.append(line, at);
            }
            line.append('\n');
            w.append(line);
            progress.update((r + 1) * cells.cols, cells.count());
        }
        w.flush();
    }

    /** Writes element {@code i} (storage order) of a tensor as text. */
    private interface Element {
        void append(StringBuilder b, long i);
    }

    private static Element element(Tensor t) {
        boolean le = t.byteOrder() == ByteOrder.LITTLE_ENDIAN;
        return switch (t.dtype()) {
            case FLOAT64 -> (s, i) -> float64(s, t.getDouble(i));
            case BOOL -> (s, i) -> s.append(t.getLong(i) != 0 ? '1' : '0');
            case UINT64 -> (s, i) -> s.append(Long.toUnsignedString(t.getLong(i)));
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, INT64 -> (s, i) -> s.append(t.getLong(i));
            case COMPLEX64 -> (s, i) -> {
                byte[] b = t.arrayOf(i);
                int at = t.positionOf(i);
                complex(s, (float) (le ? FLOAT_LE : FLOAT_BE).get(b, at), (float) (le ? FLOAT_LE : FLOAT_BE).get(b, at + 4),
                        true);
            };
            case COMPLEX128 -> (s, i) -> {
                byte[] b = t.arrayOf(i);
                int at = t.positionOf(i);
                complex(s, (double) (le ? DOUBLE_LE : DOUBLE_BE).get(b, at),
                        (double) (le ? DOUBLE_LE : DOUBLE_BE).get(b, at + 8), false);
            };
            // float32, float16, bfloat16 and the float8 family: every value is exact in float32
            default -> (s, i) -> float32(s, (float) t.getDouble(i));
        };
    }

    /** The shortest text that reads back as {@code x} in float32. */
    static void float32(StringBuilder s, float x) {
        if (x != x) {
            s.append("nan");
        } else if (Float.isInfinite(x)) {
            s.append(x > 0 ? "inf" : "-inf");
        } else {
            s.append(NumberOutput.toString(x, true));
        }
    }

    /** The shortest text that reads back as {@code x} in float64. */
    static void float64(StringBuilder s, double x) {
        if (x != x) {
            s.append("nan");
        } else if (Double.isInfinite(x)) {
            s.append(x > 0 ? "inf" : "-inf");
        } else {
            s.append(NumberOutput.toString(x, true));
        }
    }

    /** {@code re+imj} / {@code re-imj}: Python's {@code complex()} reads it (not with spaces, not with "+-"). */
    private static void complex(StringBuilder s, double re, double im, boolean single) {
        if (single) {
            float32(s, (float) re);
        } else {
            float64(s, re);
        }
        // a sign is always written: "+" before a non-negative imaginary part (nan included), "-" comes with the number
        if (!(im < 0 || (im == 0 && 1 / im < 0))) {
            s.append('+');
        }
        if (single) {
            float32(s, (float) im);
        } else {
            float64(s, im);
        }
        s.append('j');
    }
}
