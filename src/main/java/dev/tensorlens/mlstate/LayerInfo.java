package dev.tensorlens.mlstate;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a checkpoint as its header tells — where it lives, its dtype and shape — with none of its values
 * read: enough for a layer table to list a checkpoint at once and for the statistics to be read later, row by row.
 *
 * @param name       the tensor's name in the model ({@code encoder.layer.0.attention.query.weight})
 * @param source     the key (and hash field) whose value holds it
 * @param part       the tensor's name inside that value when the value holds several (a safetensors blob, a JSON
 *                   dict of arrays); null when the value is this one tensor
 * @param format     the value's format as its first bytes tell ({@code npy}, {@code safetensors}, {@code raw},
 *                   {@code json}, …)
 * @param dtype      null when the header could not be read (see {@code problem})
 * @param shape      empty when the header could not be read
 * @param bytes      the tensor's data bytes (for a whole value, the value's length)
 * @param dataOffset where the tensor's bytes start inside the value, when they can be read alone with a range
 *                   read (a tensor of a safetensors string); -1 otherwise; {@link #HEADER_UNREAD} when the header
 *                   was left unread for the listing (the value can still be read whole, see {@link #loadable})
 * @param problem    why the header could not be read, in words; null when it could
 */
public record LayerInfo(String name, TensorRef source, String part, String format, DType dtype, long[] shape,
                        long bytes, long dataOffset, String problem) {

    /** {@code dataOffset} of a layer whose header was left unread, and whose value can still be loaded whole. */
    public static final long HEADER_UNREAD = -2;

    public LayerInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        shape = shape == null ? new long[0] : shape.clone();
    }

    /** A tensor whose header could not be read: listed, with the reason, rather than left out. */
    public static LayerInfo unreadable(String name, TensorRef source, String part, String format, long bytes,
                                       String problem) {
        return new LayerInfo(name, source, part, format, null, new long[0], bytes, -1, problem);
    }

    /**
     * A tensor whose header was not read for the listing (too costly to reach, such as the head of a big hash field,
     * which Redis can only hand over whole) but whose value can be read whole: {@code why} says so, and
     * {@link #loadable} is true.
     */
    public static LayerInfo headerUnread(String name, TensorRef source, String part, String format, long bytes,
                                         String why) {
        return new LayerInfo(name, source, part, format, null, new long[0], bytes, HEADER_UNREAD, why);
    }

    /** Whether reading the value can give the tensor: its header was read, or only left unread for the listing. */
    public boolean loadable() {
        return readable() || dataOffset == HEADER_UNREAD;
    }

    /** Elements (numpy's {@code size}); 0 when the header could not be read. */
    public long parameters() {
        return dtype == null ? 0 : Math.max(0, Tensor.elementCount(shape));
    }

    public boolean readable() {
        return problem == null && dtype != null;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerInfo l && name.equals(l.name) && source.equals(l.source) && Objects.equals(part, l.part)
                && Objects.equals(format, l.format) && dtype == l.dtype && Arrays.equals(shape, l.shape)
                && bytes == l.bytes && dataOffset == l.dataOffset && Objects.equals(problem, l.problem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, source, part, format, dtype, Arrays.hashCode(shape), bytes, dataOffset, problem);
    }
}
