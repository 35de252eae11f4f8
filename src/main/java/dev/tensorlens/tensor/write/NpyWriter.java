package dev.tensorlens.tensor.write;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.TensorSlice;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/**
 * Writes {@code .npy} version 1.0 bytes as numpy 1.24's {@code np.save} does, byte for byte (numpy
 * {@code lib/format.py}): magic {@code \x93NUMPY}, version 1.0, a {@code <u2} header length, and a latin1 dict
 * literal with sorted keys, spare spaces for growing the first dimension, padding, and a final {@code \n} so that
 * the data starts at a multiple of 64. Data is C order, little-endian.
 *
 * <p>A decoded {@link Tensor} (or a 2-D slice of one) is written as it is stored: its own dtype, byte order
 * ({@code >f4} for big-endian data), Fortran order and shape, the data streamed out of the tensor's bytes without a
 * copy ({@link #write(Tensor, OutputStream)}); version 2.0 when the header outgrows 1.0's 65,535 bytes, as numpy does.
 */
public final class NpyWriter {

    /** numpy's {@code ARRAY_ALIGN}: data starts at a multiple of this. */
    static final int ARRAY_ALIGN = 64;
    /**
     * numpy's {@code GROWTH_AXIS_MAX_DIGITS} (since 1.22): room left in the header so the first dimension can grow
     * to 21 digits in place.
     */
    static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private NpyWriter() {
    }

    public static byte[] float32(long[] shape, float[] data) {
        return write(DType.FLOAT32, shape, RawBytes.float32(data));
    }

    /** float32 values stored as float16 ({@code np.save(f, arr.astype(np.float16))}). */
    public static byte[] float16(long[] shape, float[] data) {
        return write(DType.FLOAT16, shape, RawBytes.float16(data));
    }

    public static byte[] float64(long[] shape, double[] data) {
        return write(DType.FLOAT64, shape, RawBytes.float64(data));
    }

    public static byte[] int32(long[] shape, int[] data) {
        return write(DType.INT32, shape, RawBytes.int32(data));
    }

    public static byte[] int16(long[] shape, short[] data) {
        return write(DType.INT16, shape, RawBytes.int16(data));
    }

    /** Bytes as {@code uint8} (images) — pass {@link DType#INT8} to {@link #write} for signed bytes. */
    public static byte[] uint8(long[] shape, byte[] data) {
        return write(DType.UINT8, shape, data);
    }

    /**
     * A whole {@code .npy} file around data that is already little-endian and in C order.
     *
     * @throws IllegalArgumentException when the data does not have the shape's size or numpy has no descr for the
     *                                  dtype (the float8 family)
     */
    public static byte[] write(DType dtype, long[] shape, byte[] littleEndianData) {
        Shapes.checkData(dtype, shape, littleEndianData);
        return concat(header(dtype, shape), littleEndianData);
    }

    /**
     * A whole {@code .npy} file around little-endian data already in Fortran (column-major) order, as
     * {@code np.save} writes an {@code np.asfortranarray}: the header says {@code 'fortran_order': True} and the
     * data goes out as given, so readers must honour the flag to see the right rows.
     *
     * @throws IllegalArgumentException as {@link #write(DType, long[], byte[])}
     */
    public static byte[] writeFortran(DType dtype, long[] shape, byte[] littleEndianColumnMajorData) {
        Shapes.checkData(dtype, shape, littleEndianColumnMajorData);
        return concat(header(dtype, ByteOrder.LITTLE_ENDIAN, true, shape), littleEndianColumnMajorData);
    }

    private static byte[] concat(byte[] header, byte[] data) {
        byte[] file = new byte[header.length + data.length];
        System.arraycopy(header, 0, file, 0, header.length);
        System.arraycopy(data, 0, file, header.length, data.length);
        return file;
    }

    /** Magic, version, length and padded header text: everything before the data. */
    public static byte[] header(DType dtype, long[] shape) {
        String shapeText = Tensor.shapeText(shape);
        // Keys sorted, each followed by ", ", as numpy's _write_array_header builds the dict.
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr(dtype))
                .append("', 'fortran_order': False, 'shape': ").append(shapeText).append(", }");
        return header(dict, shape, false);
    }

    /** The header of data of {@code dtype} in {@code order}, in Fortran order or not, of {@code shape}. */
    public static byte[] header(DType dtype, ByteOrder order, boolean fortranOrder, long[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr(dtype, order))
                .append("', 'fortran_order': ").append(fortranOrder ? "True" : "False")
                .append(", 'shape': ").append(Tensor.shapeText(shape)).append(", }");
        return header(dict, shape, true);
    }

    private static byte[] header(StringBuilder dict, long[] shape, boolean version2IfLong) {
        if (shape.length > 0) {
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        }
        boolean v2 = version2IfLong && MAGIC.length + 2 + dict.length() + 1 + ARRAY_ALIGN > 0xFFFF;
        int lengthBytes = v2 ? 4 : 2;
        int unpadded = MAGIC.length + lengthBytes + dict.length() + 1; // +1 for the final newline
        int padding = (ARRAY_ALIGN - unpadded % ARRAY_ALIGN) % ARRAY_ALIGN;
        dict.append(" ".repeat(padding)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (!v2 && text.length > 0xFFFF) {
            throw new IllegalArgumentException("a header of " + text.length + " bytes needs .npy version 2.0");
        }
        byte[] header = new byte[MAGIC.length + lengthBytes + text.length];
        System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
        if (v2) {
            header[6] = 2;
        }
        for (int i = 0; i < lengthBytes; i++) {
            header[8 + i] = (byte) (text.length >>> (8 * i));
        }
        System.arraycopy(text, 0, header, MAGIC.length + lengthBytes, text.length);
        return header;
    }

    /**
     * Writes {@code t} as a whole {@code .npy} file: its dtype, byte order, storage order and shape, the data copied
     * straight from its bytes. The stream is flushed, not closed.
     *
     * @throws IllegalArgumentException for a dtype numpy has no descr for (the float8 family: export CSV instead)
     */
    public static void write(Tensor t, OutputStream out) throws IOException {
        write(t, out, Progress.NONE);
    }

    private static void write(Tensor t, OutputStream out, Progress progress) throws IOException {
        out.write(header(t.dtype(), t.byteOrder(), t.fortranOrder(), t.shape()));
        long count = t.elementCount();
        long step = Math.max(1, (1 << 20) / t.dtype().size());
        for (long done = 0; done < count; done += step) {
            if (progress.cancelled()) {
                throw new CancellationException("the export was cancelled");
            }
            long n = Math.min(step, count - done);
            writeElements(t, done, n, out);
            progress.update(done + n, count);
        }
        out.flush();
    }

    /**
     * Writes the 2-D slice {@code s} of {@code t} as a {@code .npy} of shape {@code (rows, cols)}, C order, in the
     * tensor's dtype and byte order: the elements copied out of the tensor's bytes a row at a time.
     */
    public static void write(Tensor t, TensorSlice s, OutputStream out) throws IOException {
        write(TensorCells.slice(t, s), out, Progress.NONE);
    }

    private static void write(TensorCells cells, OutputStream out, Progress progress) throws IOException {
        Tensor t = cells.tensor;
        out.write(header(t.dtype(), t.byteOrder(), false, cells.shape));
        int size = t.dtype().size();
        long step = cells.colStride();
        byte[] row = new byte[(int) Math.min(Integer.MAX_VALUE - 8, cells.cols * size)];
        for (long r = 0; r < cells.rows; r++) {
            if (progress.cancelled()) {
                throw new CancellationException("the export was cancelled");
            }
            long at = cells.rowStart(r);
            if (step == 1) {
                writeElements(t, at, cells.cols, out);
            } else {
                for (int c = 0; c < cells.cols; c++, at += step) {
                    System.arraycopy(t.arrayOf(at), t.positionOf(at), row, c * size, size);
                }
                out.write(row);
            }
            progress.update((r + 1) * cells.cols, cells.count());
        }
        out.flush();
    }

    /** The bytes of elements {@code [first, first + n)} as stored, from whichever chunks hold them. */
    private static void writeElements(Tensor t, long first, long n, OutputStream out) throws IOException {
        try {
            t.forEachRun(first, n, (bytes, off, len) -> {
                try {
                    out.write(bytes, off, len);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Writes {@code t}, or its slice {@code s} when not null, to {@code file}: whole or not at all (a temporary file
     * beside it, moved into place), reporting to {@code progress}.
     *
     * @throws CancellationException when {@code progress} says it is cancelled (the file is then not written)
     */
    public static void write(Tensor t, TensorSlice s, Path file, Progress progress) throws IOException {
        descr(t.dtype(), t.byteOrder()); // refuse before creating anything
        Files2.writeWhole(file, out -> {
            if (s == null) {
                write(t, out, progress);
            } else {
                write(TensorCells.slice(t, s), out, progress);
            }
        });
    }

    /** numpy's {@code dtype.descr} for data in {@code order}: {@code <f4}, {@code >i8}, {@code |u1}. */
    public static String descr(DType dtype, ByteOrder order) {
        String little = descr(dtype);
        return little.charAt(0) == '<' && order == ByteOrder.BIG_ENDIAN ? ">" + little.substring(1) : little;
    }

    /** numpy's {@code dtype.descr} for little-endian data; single-byte types use {@code |} (no byte order). */
    public static String descr(DType dtype) {
        return switch (dtype) {
            case BOOL -> "|b1";
            case UINT8 -> "|u1";
            case INT8 -> "|i1";
            case UINT16 -> "<u2";
            case INT16 -> "<i2";
            case UINT32 -> "<u4";
            case INT32 -> "<i4";
            case UINT64 -> "<u8";
            case INT64 -> "<i8";
            case FLOAT16 -> "<f2";
            case FLOAT32 -> "<f4";
            case FLOAT64 -> "<f8";
            case COMPLEX64 -> "<c8";
            case COMPLEX128 -> "<c16";
            // ml_dtypes' bfloat16 is saved as two opaque bytes: the dtype is lost, as with numpy itself.
            case BFLOAT16 -> "<V2";
            default -> throw new IllegalArgumentException(".npy has no descr for " + dtype);
        };
    }
}
