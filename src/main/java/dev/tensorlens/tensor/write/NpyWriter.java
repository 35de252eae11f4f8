package dev.tensorlens.tensor.write;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;

import java.nio.charset.StandardCharsets;

/**
 * Writes {@code .npy} version 1.0 bytes as numpy 1.24's {@code np.save} does, byte for byte (numpy
 * {@code lib/format.py}): magic {@code \x93NUMPY}, version 1.0, a {@code <u2} header length, and a latin1 dict
 * literal with sorted keys, spare spaces for growing the first dimension, padding, and a final {@code \n} so that
 * the data starts at a multiple of 64. Data is C order, little-endian.
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
        byte[] header = header(dtype, shape);
        byte[] file = new byte[header.length + littleEndianData.length];
        System.arraycopy(header, 0, file, 0, header.length);
        System.arraycopy(littleEndianData, 0, file, header.length, littleEndianData.length);
        return file;
    }

    /** Magic, version, length and padded header text: everything before the data. */
    public static byte[] header(DType dtype, long[] shape) {
        String shapeText = Tensor.shapeText(shape);
        // Keys sorted, each followed by ", ", as numpy's _write_array_header builds the dict.
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr(dtype))
                .append("', 'fortran_order': False, 'shape': ").append(shapeText).append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        }
        int unpadded = MAGIC.length + 2 + dict.length() + 1; // +1 for the final newline
        int padding = (ARRAY_ALIGN - unpadded % ARRAY_ALIGN) % ARRAY_ALIGN;
        dict.append(" ".repeat(padding)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (text.length > 0xFFFF) {
            throw new IllegalArgumentException("a header of " + text.length + " bytes needs .npy version 2.0");
        }
        byte[] header = new byte[MAGIC.length + 2 + text.length];
        System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
        header[8] = (byte) text.length;
        header[9] = (byte) (text.length >>> 8);
        System.arraycopy(text, 0, header, 10, text.length);
        return header;
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
