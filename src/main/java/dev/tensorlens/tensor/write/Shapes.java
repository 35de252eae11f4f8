package dev.tensorlens.tensor.write;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;

import java.util.Arrays;

/** Checks shared by the writers: a writer that accepts a wrong size writes a file no reader can open. */
final class Shapes {

    private Shapes() {
    }

    static void checkData(DType dtype, long[] shape, byte[] data) {
        long count = Tensor.elementCount(shape);
        if (count < 0) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is negative or too large");
        }
        if (count * dtype.size() != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + count * dtype.size() + " bytes, got " + data.length);
        }
    }
}
