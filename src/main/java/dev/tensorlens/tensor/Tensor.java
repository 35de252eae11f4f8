package dev.tensorlens.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

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
 *
 * <p>The bytes are one array, or for a big value the chunks it was read in ({@link #chunked}): a Java array of
 * hundreds of MB is zeroed by the VM in one go, during which no thread reaches a safepoint and every other thread,
 * the FX thread included, can be held at one (docs/BENCHMARKS.md, "The big value"). Readers take the elements in
 * runs ({@link #forEachRun}) or one at a time ({@link #arrayOf}, {@link #positionOf}); a run always holds whole
 * elements.
 */
public final class Tensor {

    /** Receives a stretch of element data: whole elements in storage order, {@code length} bytes from {@code offset}. */
    @FunctionalInterface
    public interface RunSink {
        void accept(byte[] bytes, int offset, int length);
    }

    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final ByteOrder byteOrder;
    private final boolean fortranOrder;
    /** Run {@code k} is {@code arrays[k]}: the first from {@code firstOffset}, the others from their start. */
    private final byte[][] arrays;
    private final int firstOffset;
    /** Elements in the first run; every later run but the last holds {@code perRun}. */
    private final long firstRun;
    private final long perRun;
    private final long count;

    private Tensor(String name, DType dtype, long[] shape, ByteOrder byteOrder, boolean fortranOrder,
                   byte[][] arrays, int firstOffset, long firstRun, long perRun, long count) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.byteOrder = byteOrder;
        this.fortranOrder = fortranOrder;
        this.arrays = arrays;
        this.firstOffset = firstOffset;
        this.firstRun = firstRun;
        this.perRun = perRun;
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
        long count = checkedCount(dtype, shape, offset, bytes.length - (long) offset);
        return new Tensor(name, dtype, shape.clone(), byteOrder, fortranOrder, new byte[][] {bytes}, offset, count,
                Math.max(1, count), count);
    }

    /**
     * A view of a value held in {@code chunks}, its data starting at {@code offset} in the first: every chunk but the
     * last as long as the first, so that element {@code i} is found by arithmetic. Runs must hold whole elements
     * ({@link #fitsChunks}); one chunk is {@link #view}.
     *
     * @throws IllegalArgumentException when the chunks do not fit ({@link #fitsChunks}) or are not as
     *                                  {@link ChunkedBytes#of(List)} takes them, the shape is negative or overflows,
     *                                  or it needs more bytes than there are
     */
    public static Tensor chunked(String name, DType dtype, long[] shape, ByteOrder byteOrder, boolean fortranOrder,
                                 List<byte[]> chunks, int offset) {
        if (chunks.size() == 1) {
            return view(name, dtype, shape, byteOrder, fortranOrder, chunks.get(0), offset);
        }
        int chunk = chunks.get(0).length;
        if (!fitsChunks(dtype, chunk, offset)) {
            throw new IllegalArgumentException(dtype + " data from byte " + offset + " does not fall into whole "
                    + "elements in chunks of " + chunk + " bytes");
        }
        long available = ChunkedBytes.of(chunks).length() - offset; // checks the chunks' lengths
        long count = checkedCount(dtype, shape, offset, available);
        int size = dtype.size();
        long firstRun = (chunk - offset) / size;
        long perRun = chunk / size;
        int runs = count <= firstRun ? 1 : (int) (1 + (count - firstRun + perRun - 1) / perRun);
        byte[][] arrays = chunks.subList(0, runs).toArray(new byte[0][]);
        return new Tensor(name, dtype, shape.clone(), byteOrder, fortranOrder, arrays, offset, firstRun, perRun,
                count);
    }

    /** The element count of {@code shape}, checked against the {@code available} bytes from {@code offset} on. */
    private static long checkedCount(DType dtype, long[] shape, int offset, long available) {
        long count = elementCount(shape);
        if (count < 0) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is negative or too large");
        }
        if (offset < 0 || count > available / dtype.size()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + "more than the " + available + " bytes there are");
        }
        return count;
    }

    /**
     * Whether data of {@code dtype} from byte {@code offset} of chunks of {@code chunkBytes} falls into whole elements
     * in every chunk: the first chunk holds the data's start, and the chunk length is a multiple of the element size.
     */
    public static boolean fitsChunks(DType dtype, int chunkBytes, int offset) {
        int size = dtype.size();
        return offset >= 0 && offset <= chunkBytes && chunkBytes > 0 && chunkBytes % size == 0 && offset % size == 0;
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
        return switch (dtype) {
            case BOOL -> getLong(i) != 0 ? 1 : 0;
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, INT64 -> getLong(i);
            case UINT64 -> unsignedToDouble(getLong(i));
            default -> getFloating(i);
        };
    }

    private double getFloating(long i) {
        checkElement(i);
        byte[] bytes = arrayOf(i);
        int at = positionOf(i);
        boolean le = byteOrder == ByteOrder.LITTLE_ENDIAN;
        return switch (dtype) {
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
            default -> throw new IllegalStateException(dtype + " elements are integers: see getLong");
        };
    }

    /**
     * Element {@code i} of an integer or bool tensor exactly (uint64 as its bits: {@link Long#toUnsignedString} reads
     * it), where {@link #getDouble} keeps only 53 bits.
     *
     * @throws IllegalStateException for a floating-point or complex dtype
     */
    public long getLong(long i) {
        checkElement(i);
        byte[] b = arrayOf(i);
        int at = positionOf(i);
        boolean le = byteOrder == ByteOrder.LITTLE_ENDIAN;
        return switch (dtype) {
            case BOOL, INT8 -> b[at];
            case UINT8 -> b[at] & 0xFF;
            case UINT16 -> (short) (le ? SHORT_LE : SHORT_BE).get(b, at) & 0xFFFF;
            case INT16 -> (short) (le ? SHORT_LE : SHORT_BE).get(b, at);
            case UINT32 -> (int) (le ? INT_LE : INT_BE).get(b, at) & 0xFFFFFFFFL;
            case INT32 -> (int) (le ? INT_LE : INT_BE).get(b, at);
            case UINT64, INT64 -> (long) (le ? LONG_LE : LONG_BE).get(b, at);
            default -> throw new IllegalStateException(dtype + " elements are not integers");
        };
    }

    private void checkElement(long i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("element " + i + " of " + count);
        }
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

    /** The array that holds element {@code i} (storage order), from {@link #positionOf}. Not a copy: do not change it. */
    public byte[] arrayOf(long i) {
        return arrays[runOf(i)];
    }

    /** Where element {@code i}'s bytes start in {@link #arrayOf}{@code (i)}. */
    public int positionOf(long i) {
        int k = runOf(i);
        return (k == 0 ? firstOffset : 0) + (int) ((i - runStart(k)) * dtype.size());
    }

    /** How many elements from {@code i} on lie in the same array as element {@code i}, itself included. */
    public long runRemaining(long i) {
        int k = runOf(i);
        return runEnd(k) - i;
    }

    private int runOf(long i) {
        return i < firstRun ? 0 : (int) (1 + (i - firstRun) / perRun);
    }

    private long runStart(int k) {
        return k == 0 ? 0 : firstRun + (k - 1) * perRun;
    }

    private long runEnd(int k) {
        return Math.min(count, k == 0 ? firstRun : runStart(k) + perRun);
    }

    /**
     * Hands the bytes of elements {@code [first, first + n)} to {@code sink} in storage order, one call per array
     * they lie in: one call for a tensor in one array.
     */
    public void forEachRun(long first, long n, RunSink sink) {
        if (first < 0 || n < 0 || first + n > count) {
            throw new IndexOutOfBoundsException("elements " + first + "…" + (first + n) + " of " + count);
        }
        int size = dtype.size();
        long i = first;
        long end = first + n;
        while (i < end) {
            int k = runOf(i);
            long take = Math.min(end, runEnd(k)) - i;
            sink.accept(arrays[k], positionOf(i), Math.toIntExact(take * size));
            i += take;
        }
    }

    /** Every element's bytes, in storage order: {@link #forEachRun} over the whole tensor. */
    public void forEachRun(RunSink sink) {
        forEachRun(0, count, sink);
    }

    /** Copies the bytes of elements {@code [first, first + n)} (storage order) into {@code dst} from {@code at}. */
    public void copyElements(long first, long n, byte[] dst, int at) {
        int[] to = {at};
        forEachRun(first, n, (b, off, len) -> {
            System.arraycopy(b, off, dst, to[0], len);
            to[0] += len;
        });
    }

    /** The elements at storage indices {@code at}, in that order, copied into a one-dimensional tensor of one array. */
    public Tensor gather(long[] at) {
        int size = dtype.size();
        byte[] out = new byte[Math.multiplyExact(at.length, size)];
        for (int k = 0; k < at.length; k++) {
            System.arraycopy(arrayOf(at[k]), positionOf(at[k]), out, k * size, size);
        }
        return view(name, dtype, new long[] {at.length}, byteOrder, false, out, 0);
    }

    /** Bytes of element data: {@code elementCount × dtype.size()}. */
    public long byteLength() {
        return count * dtype.size();
    }

    /**
     * A read-only buffer over the element data, in the tensor's byte order, for a tensor held in one array (a small
     * one; {@link #gather} makes one).
     *
     * @throws IllegalStateException when the tensor is held in chunks
     */
    public ByteBuffer buffer() {
        if (arrays.length > 1) {
            throw new IllegalStateException(this + " is held in " + arrays.length + " chunks, not one buffer");
        }
        // asReadOnlyBuffer() answers in big-endian whatever the order it was given, so the order is set last
        return ByteBuffer.wrap(arrays[0], firstOffset, (int) byteLength()).slice().asReadOnlyBuffer().order(byteOrder);
    }

    /** The same data under another name (for the tensors of a hash, named after their fields). */
    public Tensor withName(String newName) {
        return new Tensor(newName, dtype, shape, byteOrder, fortranOrder, arrays, firstOffset, firstRun, perRun, count);
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
