package dev.tensorlens.tensor.image;

import java.util.Arrays;

/**
 * Which 2-D slice of a tensor to show: the axis that runs down the rows, the axis that runs across the columns, and
 * a fixed index for every other axis. For a tensor {@code x} of shape {@code (4, 5, 6)},
 * {@code new TensorSlice(0, 2, new long[] {0, 3, 0})} is numpy's {@code x[:, 3, :]}; with the axes the other way
 * round ({@code rowAxis > colAxis}) it is that slice transposed, {@code x[:, 3, :].T}.
 *
 * @param rowAxis the axis down the rows
 * @param colAxis the axis across the columns, not {@code rowAxis}
 * @param index   one entry per axis of the tensor: the fixed index of each other axis (the entries of the two chosen
 *                axes are ignored)
 */
public record TensorSlice(int rowAxis, int colAxis, long[] index) {

    public TensorSlice {
        if (rowAxis == colAxis || rowAxis < 0 || colAxis < 0) {
            throw new IllegalArgumentException("a slice needs two different axes, not " + rowAxis + " and " + colAxis);
        }
        if (rowAxis >= index.length || colAxis >= index.length) {
            throw new IllegalArgumentException("axes " + rowAxis + " and " + colAxis + " of a tensor of rank "
                    + index.length);
        }
        index = index.clone();
        index[rowAxis] = 0;
        index[colAxis] = 0;
    }

    /** Axes {@code rowAxis} and {@code colAxis} of a tensor of {@code rank}, every other axis at index 0. */
    public static TensorSlice of(int rank, int rowAxis, int colAxis) {
        return new TensorSlice(rowAxis, colAxis, new long[rank]);
    }

    /** The last two axes, every leading axis at index 0: {@code x[0, 0, :, :]}. */
    public static TensorSlice lastTwo(int rank) {
        if (rank < 2) {
            throw new IllegalArgumentException("a tensor of rank " + rank + " has no two axes to slice");
        }
        return of(rank, rank - 2, rank - 1);
    }

    /** The same slice with axis {@code axis} fixed at {@code i}. */
    public TensorSlice at(int axis, long i) {
        if (axis == rowAxis || axis == colAxis) {
            throw new IllegalArgumentException("axis " + axis + " is shown, not fixed");
        }
        long[] next = index.clone();
        next[axis] = i;
        return new TensorSlice(rowAxis, colAxis, next);
    }

    /** The fixed index of every axis (0 for the two shown). A copy. */
    @Override
    public long[] index() {
        return index.clone();
    }

    public int rank() {
        return index.length;
    }

    /**
     * Checks the slice against a tensor's shape.
     *
     * @throws IllegalArgumentException when the ranks differ or a fixed index lies outside its axis
     */
    public void check(long[] shape) {
        if (shape.length != index.length) {
            throw new IllegalArgumentException("a slice of a rank-" + index.length + " tensor does not fit shape "
                    + Arrays.toString(shape));
        }
        for (int k = 0; k < shape.length; k++) {
            if (k != rowAxis && k != colAxis && (index[k] < 0 || index[k] >= shape[k])) {
                throw new IllegalArgumentException("index " + index[k] + " of axis " + k + " is outside 0 … "
                        + (shape[k] - 1));
            }
        }
    }

    /** The numpy expression of the slice of an array named {@code name}: {@code x[2, :, :]}, {@code x[:, 0, :].T}. */
    public String numpy(String name) {
        StringBuilder b = new StringBuilder(name).append('[');
        for (int k = 0; k < index.length; k++) {
            b.append(k == 0 ? "" : ", ").append(k == rowAxis || k == colAxis ? ":" : Long.toString(index[k]));
        }
        return b.append(']').append(rowAxis > colAxis ? ".T" : "").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSlice s && s.rowAxis == rowAxis && s.colAxis == colAxis
                && Arrays.equals(s.index, index);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rowAxis + colAxis) + Arrays.hashCode(index);
    }

    @Override
    public String toString() {
        return numpy("x");
    }
}
