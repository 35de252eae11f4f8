package dev.tensorlens.redis;

import dev.tensorlens.tensor.Tensor;

/**
 * A run of elements of a tensor in logical C order (numpy's {@code x.reshape(-1)[first:first+count]}), whatever
 * order the tensor is stored in: what a page of rows or images needs from a value that was read whole. Bytes are
 * copied as stored, so they keep the tensor's byte order.
 */
final class ElementRange {

    private ElementRange() {
    }

    /** Copies elements {@code [first, first + count)} of {@code t}, in C order, into {@code out} from {@code at}. */
    static void copy(Tensor t, long first, long count, byte[] out, int at) {
        int size = t.dtype().size();
        if (count <= 0) {
            return;
        }
        if (!t.fortranOrder() || t.rank() < 2) {
            t.copyElements(first, count, out, at);
            return;
        }
        // Fortran order: walk the C-order coordinates, last axis fastest, and follow the storage strides
        long[] shape = t.shape();
        long[] strides = t.strides();
        long[] coord = new long[shape.length];
        long rest = first;
        for (int d = shape.length - 1; d >= 0; d--) {
            coord[d] = rest % shape[d];
            rest /= shape[d];
        }
        long storage = 0;
        for (int d = 0; d < shape.length; d++) {
            storage += coord[d] * strides[d];
        }
        int to = at;
        for (long k = 0; k < count; k++) {
            System.arraycopy(t.arrayOf(storage), t.positionOf(storage), out, to, size);
            to += size;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++coord[d] < shape[d]) {
                    storage += strides[d];
                    break;
                }
                storage -= (shape[d] - 1) * strides[d];
                coord[d] = 0;
            }
        }
    }

    /**
     * Elements {@code [first, first + count)} of {@code t} in C order as a tensor of {@code shape}: a copy, even of a
     * C-order run, so that a page shown does not hold the whole value it came from once that is forgotten.
     */
    static Tensor slice(Tensor t, String name, long first, long[] shape) {
        long count = Tensor.elementCount(shape);
        byte[] out = new byte[Math.toIntExact(count * t.dtype().size())];
        copy(t, first, count, out, 0);
        return Tensor.view(name, t.dtype(), shape, t.byteOrder(), false, out, 0);
    }
}
