package dev.tensorlens.tensor.write;

import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.TensorSlice;

/**
 * What an export writes: a whole tensor, or a 2-D slice of one, as rows of elements in C (row-major) order of the
 * logical array, each element addressed by its storage index in the tensor's bytes. Nothing is copied: the writers
 * read each element where it lies.
 *
 * <p>A whole tensor of two or more axes is {@code rows × cols} with its last axis as the columns and every leading
 * axis flattened into the rows ({@code x.reshape(-1, x.shape[-1])}); a vector is a column (one element per row); a
 * scalar is 1 × 1. A slice is its own rows and columns.
 */
final class TensorCells {

    final Tensor tensor;
    /** The shape written: the tensor's, or the slice's {@code (rows, cols)}. */
    final long[] shape;
    final long rows;
    final long cols;
    private final long[] tensorShape;
    private final long[] strides;
    private final TensorSlice slice;
    private final long sliceBase;

    private TensorCells(Tensor tensor, TensorSlice slice) {
        this.tensor = tensor;
        this.slice = slice;
        this.tensorShape = tensor.shape();
        this.strides = tensor.strides();
        if (slice == null) {
            shape = tensorShape;
            // a vector is a column: one value per row
            cols = shape.length <= 1 ? 1 : shape[shape.length - 1];
            rows = cols == 0 ? 0 : tensor.elementCount() / cols;
            sliceBase = 0;
        } else {
            slice.check(tensorShape);
            rows = tensorShape[slice.rowAxis()];
            cols = tensorShape[slice.colAxis()];
            shape = new long[] {rows, cols};
            long[] index = slice.index();
            long base = 0;
            for (int k = 0; k < index.length; k++) {
                base += index[k] * strides[k];
            }
            sliceBase = base;
        }
    }

    static TensorCells whole(Tensor t) {
        return new TensorCells(t, null);
    }

    static TensorCells slice(Tensor t, TensorSlice s) {
        return new TensorCells(t, s);
    }

    long count() {
        return rows * cols;
    }

    /** The storage index of the first element of row {@code r}. */
    long rowStart(long r) {
        if (slice != null) {
            return sliceBase + r * strides[slice.rowAxis()];
        }
        if (tensorShape.length <= 1) {
            return r;
        }
        if (!tensor.fortranOrder()) {
            return r * cols;
        }
        // the leading axes of row r, last of them fastest (C order of the logical array)
        long start = 0;
        long rest = r;
        for (int k = tensorShape.length - 2; k >= 0; k--) {
            long i = rest % tensorShape[k];
            rest /= tensorShape[k];
            start += i * strides[k];
        }
        return start;
    }

    /** Storage elements between neighbours of a row. */
    long colStride() {
        if (slice != null) {
            return strides[slice.colAxis()];
        }
        return tensorShape.length <= 1 ? 1 : strides[tensorShape.length - 1];
    }
}
