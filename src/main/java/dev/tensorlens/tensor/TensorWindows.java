package dev.tensorlens.tensor;

import java.util.List;

/**
 * Parts of C-order matrices copied into matrices of their own: a window of columns, rows stacked. For the Data
 * view's pages, which are a few hundred kilobytes: the copy keeps what a page shows and nothing around it.
 */
public final class TensorWindows {

    private TensorWindows() {
    }

    /** Columns [{@code first}, {@code first + count}) of the C-order matrix {@code m}: numpy's {@code m[:, a:b]}. */
    public static Tensor columns(Tensor m, int first, int count) {
        requireCOrderMatrix(m);
        long rows = m.shape()[0];
        long cols = m.shape()[1];
        if (first < 0 || count < 0 || first + (long) count > cols) {
            throw new IllegalArgumentException("columns " + first + "…" + (first + count) + " of " + cols);
        }
        int size = m.dtype().size();
        byte[] out = new byte[Math.toIntExact(rows * count * size)];
        for (long r = 0; r < rows; r++) {
            m.copyElements(r * cols + first, count, out, Math.toIntExact(r * count * size));
        }
        return Tensor.view(m.name(), m.dtype(), new long[] {rows, count}, m.byteOrder(), false, out, 0);
    }

    /** C-order matrices of the same dtype, byte order and width, one under the other: numpy's {@code np.vstack}. */
    public static Tensor stack(List<Tensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to stack");
        }
        Tensor first = parts.get(0);
        long cols = first.shape()[1];
        long rows = 0;
        for (Tensor p : parts) {
            requireCOrderMatrix(p);
            if (p.shape()[1] != cols || p.dtype() != first.dtype() || p.byteOrder() != first.byteOrder()) {
                throw new IllegalArgumentException("cannot stack " + p + " under " + first);
            }
            rows += p.shape()[0];
        }
        byte[] out = new byte[Math.toIntExact(rows * cols * first.dtype().size())];
        int at = 0;
        for (Tensor p : parts) {
            p.copyElements(0, p.elementCount(), out, at);
            at += Math.toIntExact(p.byteLength());
        }
        return Tensor.view(first.name(), first.dtype(), new long[] {rows, cols}, first.byteOrder(), false, out, 0);
    }

    private static void requireCOrderMatrix(Tensor m) {
        if (m.rank() != 2 || (m.fortranOrder() && m.shape()[0] > 1 && m.shape()[1] > 1)) {
            throw new IllegalArgumentException("a C-order matrix is needed, not " + m);
        }
    }
}
