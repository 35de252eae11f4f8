package dev.tensorlens.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static dev.tensorlens.tensor.ByteViews.SHORT_LE;
import static dev.tensorlens.tensor.ByteViews.SHORT_BE;
import static dev.tensorlens.tensor.ByteViews.INT_LE;
import static dev.tensorlens.tensor.ByteViews.INT_BE;
import static dev.tensorlens.tensor.ByteViews.LONG_LE;
import static dev.tensorlens.tensor.ByteViews.LONG_BE;
import static dev.tensorlens.tensor.ByteViews.FLOAT_LE;
import static dev.tensorlens.tensor.ByteViews.FLOAT_BE;
import static dev.tensorlens.tensor.ByteViews.DOUBLE_LE;
import static dev.tensorlens.tensor.ByteViews.DOUBLE_BE;

/**
 * A named n-dimensional array viewed in place over bytes that a decoder checked: nothing is copied. Elements
 * are read in storage order ({@code fortranOrder} says whether that is column-major); statistics do not
 * care about the order, viewers use {@link #storageIndex(long...)}.
 */
public final class Tensor {


    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final ByteOrder byteOrder;
    private final boolean fortranOrder;
    private final byte[] bytes;
    private final int offset;
    private final long count;

    private Tensor(String name, DType dtype, long[] shape, ByteOrder byteOrder, boolean fortranOrder,
                   byte[] bytes, int offset, long count) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.byteOrder = byteOrder;
        this.fortranOrder = fortranOrder;
        this.bytes = bytes;
        this.offset = offset;
        this.count = count;
    }

    /**
     * A view of {@code bytes} from {@code offset}. The caller (a decoder) has already checked the sizes against
     * the input and reports a malformed value otherwise; a mismatch here is a programming error.
     *
     * @throws IllegalArgumentException when the shape is negative, overflows, or needs more bytes than there are
     */
    public static Tensor view(String name, DType dtype, long[] shape, ByteOrder byteOrder, boolean fortranOrder,
                              byte[] bytes, int offset) {
        long count = elementCount(shape);
        if (count < 0) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is negative or too large");
        }
        if (offset < 0 || count > (bytes.length - (long) offset) / dtype.size()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + "more than the " + (bytes.length - offset) + " bytes there are");
        }
        return new Tensor(name, dtype, shape.clone(), byteOrder, fortranOrder, bytes, offset, count);
    }

    /** Little-endian, C order: what safetensors, RedisAI and {@code ndarray.tobytes()} on x86/ARM give. */
    public static Tensor view(String name, DType dtype, long[] shape, byte[] bytes, int offset) {
        return view(name, dtype, shape, ByteOrder.LITTLE_ENDIAN, false, bytes, offset);
    }

    /**
     * The product of the dimensions, or -1 when a dimension is negative or the product overflows a long.
     * {@code ()} is one element (a scalar).
     */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            if (d != 0 && n > Long.MAX_VALUE / d) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    /** Element {@code i} in storage order as a double (complex: the magnitude; bool: 0 or 1). */
    public double getDouble(long i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("element " + i + " of " + count);
        }
        int at = offset + (int) (i * dtype.size());
        boolean le = byteOrder == ByteOrder.LITTLE_ENDIAN;
        return switch (dtype) {
            case BOOL -> bytes[at] != 0 ? 1 : 0;
            case UINT8 -> bytes[at] & 0xFF;
            case INT8 -> bytes[at];
            case UINT16 -> (short) (le ? SHORT_LE : SHORT_BE).get(bytes, at) & 0xFFFF;
            case INT16 -> (short) (le ? SHORT_LE : SHORT_BE).get(bytes, at);
            case UINT32 -> (int) (le ? INT_LE : INT_BE).get(bytes, at) & 0xFFFFFFFFL;
            case INT32 -> (int) (le ? INT_LE : INT_BE).get(bytes, at);
            case UINT64 -> unsignedToDouble((long) (le ? LONG_LE : LONG_BE).get(bytes, at));
            case INT64 -> (long) (le ? LONG_LE : LONG_BE).get(bytes, at);
            case FLOAT16 -> Floats.halfToFloat((short) (le ? SHORT_LE : SHORT_BE).get(bytes, at));
            case BFLOAT16 -> Floats.bfloat16ToFloat((short) (le ? SHORT_LE : SHORT_BE).get(bytes, at));
            case FLOAT32 -> (float) (le ? FLOAT_LE : FLOAT_BE).get(bytes, at);
            case FLOAT64 -> (double) (le ? DOUBLE_LE : DOUBLE_BE).get(bytes, at);
            case COMPLEX64 -> Math.hypot((float) (le ? FLOAT_LE : FLOAT_BE).get(bytes, at),
                    (float) (le ? FLOAT_LE : FLOAT_BE).get(bytes, at + 4));
            case COMPLEX128 -> Math.hypot((double) (le ? DOUBLE_LE : DOUBLE_BE).get(bytes, at),
                    (double) (le ? DOUBLE_LE : DOUBLE_BE).get(bytes, at + 8));
            case FLOAT8_E4M3FN -> Floats.float8E4M3FN(bytes[at]);
            case FLOAT8_E5M2 -> Floats.float8E5M2(bytes[at]);
            case FLOAT8_E8M0FNU -> Floats.float8E8M0(bytes[at]);
            case FLOAT8_E4M3FNUZ -> Floats.float8E4M3FNUZ(bytes[at]);
            case FLOAT8_E5M2FNUZ -> Floats.float8E5M2FNUZ(bytes[at]);
        };
    }

    private static double unsignedToDouble(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    /**
     * Storage strides in elements, one per dimension, for the tensor's order: the storage index of the element at
     * {@code index} is the sum of {@code index[d] * strides()[d]}. A zero-length dimension counts as one.
     */
    public long[] strides() {
        long[] st = new long[shape.length];
        long stride = 1;
        for (int k = 0; k < shape.length; k++) {
            int dim = fortranOrder ? k : shape.length - 1 - k;
            st[dim] = stride;
            stride *= Math.max(1, shape[dim]);
        }
        return st;
    }

    /** The storage index of the element at {@code index} (one coordinate per dimension). */
    public long storageIndex(long... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(index.length + " coordinates for " + shape.length + " dimensions");
        }
        long flat = 0;
        long stride = 1;
        for (int k = 0; k < shape.length; k++) {
            int dim = fortranOrder ? k : shape.length - 1 - k;
            if (index[dim] < 0 || index[dim] >= shape[dim]) {
                throw new IndexOutOfBoundsException("coordinate " + index[dim] + " of dimension " + dim);
            }
            flat += index[dim] * stride;
            stride *= shape[dim];
        }
        return flat;
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long elementCount() {
        return count;
    }

    public ByteOrder byteOrder() {
        return byteOrder;
    }

    public boolean fortranOrder() {
        return fortranOrder;
    }

    /** The bytes the tensor is a view of; its data starts at {@link #offset()}. Not a copy: do not change it. */
    public byte[] bytes() {
        return bytes;
    }

    public int offset() {
        return offset;
    }

    /** Bytes of element data: {@code elementCount × dtype.size()}. */
    public long byteLength() {
        return count * dtype.size();
    }

    /** A read-only buffer over the element data, in the tensor's byte order. */
    public ByteBuffer buffer() {
        // asReadOnlyBuffer() answers in big-endian whatever the order it was given, so the order is set last
        return ByteBuffer.wrap(bytes, offset, (int) byteLength()).slice().asReadOnlyBuffer().order(byteOrder);
    }

    /** The same data under another name (for the tensors of a hash, named after their fields). */
    public Tensor withName(String newName) {
        return new Tensor(newName, dtype, shape, byteOrder, fortranOrder, bytes, offset, count);
    }

    /** numpy's way of writing a shape: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
    public static String shapeText(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(')').toString();
    }

    @Override
    public String toString() {
        return name + ": " + dtype + " " + shapeText(shape);
    }
}
