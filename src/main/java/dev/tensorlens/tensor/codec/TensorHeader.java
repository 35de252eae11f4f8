package dev.tensorlens.tensor.codec;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor as its value's header describes it, none of its data read.
 *
 * @param name         the tensor's name in the value ({@link Sniffer#UNNAMED} for a lone .npy)
 * @param dtype        null when the header names a type this viewer does not decode (see {@code problem})
 * @param dtypeName    the type as the header spells it ({@code <f4}, {@code BF16})
 * @param dataOffset   where the tensor's bytes start, counted from the start of the value
 * @param dataLength   how many bytes of data the tensor has ({@code numel × bits / 8})
 * @param problem      why the data cannot be decoded although the header is valid (a pickled object array, a
 *                     sub-byte dtype); null when it can
 */
public record TensorHeader(String name, DType dtype, String dtypeName, long[] shape, ByteOrder byteOrder,
                           boolean fortranOrder, long dataOffset, long dataLength, String problem) {

    public TensorHeader {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Elements (numpy's {@code size}). */
    public long elementCount() {
        return Tensor.elementCount(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorHeader t && name.equals(t.name) && dtype == t.dtype
                && Objects.equals(dtypeName, t.dtypeName) && Arrays.equals(shape, t.shape)
                && Objects.equals(byteOrder, t.byteOrder) && fortranOrder == t.fortranOrder
                && dataOffset == t.dataOffset && dataLength == t.dataLength && Objects.equals(problem, t.problem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, dtypeName, Arrays.hashCode(shape), byteOrder, fortranOrder,
                dataOffset, dataLength, problem);
    }

    @Override
    public String toString() {
        return name + ": " + (dtype != null ? dtype : dtypeName) + " " + Tensor.shapeText(shape) + " at " + dataOffset;
    }
}
