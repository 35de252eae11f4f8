package dev.tensorlens.redis;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.codec.Format;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * What one cached array holds, as {@link ArrayReader#headers} tells it from the fewest bytes: a tensor (its dtype,
 * shape and order), text (items to list), or something unreadable (and why, in words).
 *
 * @param array        where it is
 * @param part         the tensor's name inside a value that holds several (a safetensors value's tensors); null
 *                     when the value is this one array
 * @param kind         a tensor, text, or neither
 * @param format       {@code npy}, {@code safetensors}, {@code raw}, {@code json}, {@code text}, {@code pickle}, … (for
 *                     a list of samples, the samples' format)
 * @param dtype        null unless a tensor
 * @param shape        a tensor's shape (a list of samples: its length, then the samples' shape); the number of items
 *                     of text; empty when unreadable
 * @param fortranOrder whether the value stores the tensor column-major (reads give C order whatever it is)
 * @param byteOrder    the byte order of the stored elements, and of the tensors {@link ArrayReader#read} gives; null
 *                     unless a tensor
 * @param valueBytes   the value's length in Redis (a list: its length times its first item's)
 * @param problem      why it is {@link Kind#UNREADABLE}: the format tried, the byte offset and the reason; null otherwise
 * @param note         what a reader should know besides (a dtype that is a guess, bytes after the data, how a list's
 *                     items are checked); null when nothing
 */
public record ArrayHeader(CachedArray array, String part, Kind kind, String format, DType dtype, long[] shape,
                          boolean fortranOrder, ByteOrder byteOrder, long valueBytes, String problem, String note) {

    /** What the array can be shown as. */
    public enum Kind { TENSOR, TEXT, UNREADABLE }

    public ArrayHeader {
        Objects.requireNonNull(array, "array");
        Objects.requireNonNull(kind, "kind");
        format = format == null ? Format.UNKNOWN.id() : format;
        shape = shape == null ? new long[0] : shape.clone();
    }

    static ArrayHeader tensor(CachedArray array, String part, String format, DType dtype, long[] shape,
                              boolean fortranOrder, ByteOrder byteOrder, long valueBytes, String note) {
        return new ArrayHeader(array, part, Kind.TENSOR, format, dtype, shape, fortranOrder, byteOrder, valueBytes,
                null, note);
    }

    static ArrayHeader text(CachedArray array, String format, long items, long valueBytes, String note) {
        return new ArrayHeader(array, null, Kind.TEXT, format, null, new long[] {items}, false, null, valueBytes, null,
                note);
    }

    static ArrayHeader unreadable(CachedArray array, String part, String format, long valueBytes, String problem) {
        return new ArrayHeader(array, part, Kind.UNREADABLE, format, null, new long[0], false, null, valueBytes,
                problem, null);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Elements of a tensor (1 for a scalar), items of text, 0 when unreadable. */
    public long elementCount() {
        return kind == Kind.UNREADABLE ? 0 : Tensor.elementCount(shape);
    }

    /**
     * Rows of the 2-D view a table shows: the leading axes flattened (the last axis is the columns); a vector is one
     * column of n rows, a scalar one cell; text is one item a row.
     */
    public long rows() {
        if (kind == Kind.UNREADABLE) {
            return 0;
        }
        return shape.length <= 1 ? Tensor.elementCount(shape) : Tensor.elementCount(Arrays.copyOf(shape, shape.length - 1));
    }

    /** Columns of that 2-D view: the last axis, or 1 for a vector, a scalar and text. */
    public long columns() {
        if (kind == Kind.UNREADABLE) {
            return 0;
        }
        return shape.length <= 1 ? 1 : shape[shape.length - 1];
    }

    /**
     * Whether rows can be read without reading the whole value: a C-order {@code npy}, safetensors or raw string
     * (by {@code GETRANGE}), or a list of samples (by {@code LRANGE} of the samples a page covers). Anything else —
     * a hash field, JSON, a Fortran-order value — is read whole once for its first page.
     */
    public boolean rangeReadable() {
        if (kind != Kind.TENSOR) {
            return false;
        }
        if (array.type() == RedisType.LIST) {
            return true;
        }
        return array.type() == RedisType.STRING && array.location().hashField().isEmpty() && !fortranOrder
                && (format.equals(Format.NPY.id()) || format.equals(Format.SAFETENSORS.id())
                || format.equals(Format.RAW.id()));
    }

    /** Bytes of the elements: {@code elementCount × dtype size}; 0 for text and the unreadable. */
    public long dataBytes() {
        return kind == Kind.TENSOR && dtype != null ? elementCount() * dtype.size() : 0;
    }

    /** The name a tensor read from it carries: its part, else its label. */
    String tensorName() {
        return part != null ? part : array.label();
    }

    /** The key, or {@code key field f}: the subject of a sentence about it. */
    String what() {
        return WholeValue.what(array);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArrayHeader h && array.equals(h.array) && Objects.equals(part, h.part) && kind == h.kind
                && format.equals(h.format) && dtype == h.dtype && Arrays.equals(shape, h.shape)
                && fortranOrder == h.fortranOrder && Objects.equals(byteOrder, h.byteOrder) && valueBytes == h.valueBytes
                && Objects.equals(problem, h.problem) && Objects.equals(note, h.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(array, part, kind, format, dtype, Arrays.hashCode(shape), fortranOrder, byteOrder,
                valueBytes, problem, note);
    }

    @Override
    public String toString() {
        String name = what() + (part == null ? "" : " [" + part + "]");
        return switch (kind) {
            case TENSOR -> name + ": " + format + " " + dtype + " " + Tensor.shapeText(shape)
                    + (fortranOrder ? " F-order" : "");
            case TEXT -> name + ": " + format + ", " + shape[0] + " items";
            case UNREADABLE -> name + ": unreadable, " + problem;
        };
    }
}
