package dev.tensorlens.tensor.image;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The max-|x| kernels of {@link PooledGrid} and {@link Pyramid}: which value of a block wins. Every kernel compares
 * <em>keys</em> with {@code Math.max}, no branch (a new maximum on noise is a coin toss a branch predictor loses):
 *
 * <ul>
 *   <li><b>indexed</b> (an array grid pooled from its own cells): {@code |x| bits << 32 | ~index}: the first of equal
 *       magnitudes in row-major order wins, and the key says where it was.</li>
 *   <li><b>valued</b> (a window pooled from a pyramid level, or the cells of a view): {@code magnitude << 32 | x bits}:
 *       the key carries the winner's bits, so the rows it came from need not be read again. On a tie of {@code +x}
 *       and {@code -x} the negative wins (its bits are larger); where the winner was is looked up when asked
 *       ({@link PooledGrid#cell}).</li>
 *   <li><b>2 × 2</b> (building a pyramid level): int magnitudes compared, the winner's bits picked by selects; the
 *       first of equal magnitudes wins.</li>
 * </ul>
 *
 * <p>Magnitudes: {@code |x|}'s bits order as |x| does, +Inf above every finite value, every NaN above +Inf. In
 * <em>canonical</em> cells (a view's, a level's: NaN is always {@link Float#NaN}, a gap is {@link Grid#GAP}) the
 * magnitude is {@code (|x| bits + 1) & 0x7fffffff}, which puts a gap (all bits set) at 0, below +0.0: a gap never
 * wins over a value, and a block of gaps alone stays a gap. An array's own cells are taken as they are ({@code |x|}
 * bits, any NaN a NaN), and the winner made canonical.
 */
final class MaxAbs {

    /** Cells read from a view at a time: a long row is read in pieces, never whole. */
    static final int CHUNK = 8192;

    private MaxAbs() {
    }

    /** Key of a canonical cell, with its bits. */
    static long valuedKey(float x) {
        int bits = Float.floatToRawIntBits(x);
        return (long) (((bits & 0x7fffffff) + 1) & 0x7fffffff) << 32 | (bits & 0xffffffffL);
    }

    /** Key of an array's cell (no gaps), with its bits. */
    static long plainKey(float x) {
        int bits = Float.floatToRawIntBits(x);
        return (long) (bits & 0x7fffffff) << 32 | (bits & 0xffffffffL);
    }

    static float canonical(float x) {
        return x != x && Float.floatToRawIntBits(x) != Grid.GAP_BITS ? Float.NaN : x;
    }

    static void checkCancelled(BooleanSupplier cancelled, Object what) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("pooling " + what + " is no longer wanted");
        }
    }

    /**
     * An array grid's own cells pooled into blocks (edges absolute, in cells): per block its value (canonical) and the
     * row-major index of the winner, first of equal magnitudes.
     */
    static void indexed(float[] v, int width, int[] rowEdges, int[] colEdges, float[] shown, int[] winners,
                        BooleanSupplier cancelled) {
        int outRows = rowEdges.length - 1;
        int outCols = colEdges.length - 1;
        long[] best = new long[outCols];
        for (int i = 0; i < outRows; i++) {
            checkCancelled(cancelled, "a grid");
            Arrays.fill(best, Long.MIN_VALUE);
            for (int r = rowEdges[i]; r < rowEdges[i + 1]; r++) {
                int rowStart = r * width;
                for (int j = 0; j < outCols; j++) {
                    long b = best[j];
                    for (int k = rowStart + colEdges[j], end = rowStart + colEdges[j + 1]; k < end; k++) {
                        long magnitude = Float.floatToRawIntBits(v[k]) & 0x7fffffffL;
                        b = Math.max(b, magnitude << 32 | (~k & 0xffffffffL));
                    }
                    best[j] = b;
                }
            }
            // the winners' values now, while their rows are still in the cache: read later, each one would be
            // a cache miss somewhere in the whole source (~5 ms for a million cells)
            for (int j = 0, o = i * outCols; j < outCols; j++, o++) {
                winners[o] = ~(int) best[j];
                float x = v[winners[o]];
                shown[o] = x != x ? Float.NaN : x;
            }
        }
    }

    /** Rows of cells to pool: an array (a level, a grid's own) or a view read a piece at a time. */
    abstract static class Rows {
        /** After {@link #at}: cell {@code c} of the row is {@code buf[c + off]} for {@code c < hi}. */
        float[] buf;
        int off;
        int hi;

        /** Makes cell {@code c} of row {@code r} readable, and as many after it as it can, up to {@code end}. */
        abstract void at(int r, int c, int end);

        /** Whether the cells are canonical (gap-aware keys) or an array's own (plain keys). */
        abstract boolean canonical();

        /** Whether {@link #at} gives whole rows in place (an array), rather than a piece copied out of a view. */
        abstract boolean wholeRows();
    }

    /** A row-major array: a pyramid level (canonical) or an array grid's values (not). */
    static Rows array(float[] v, int width, boolean canonical) {
        return new Rows() {
            @Override
            void at(int r, int c, int end) {
                buf = v;
                off = r * width;
                hi = width;
            }

            @Override
            boolean canonical() {
                return canonical;
            }

            @Override
            boolean wholeRows() {
                return true;
            }
        };
    }

    /** A grid read through {@link Grid#read}, {@link #CHUNK} cells at a time. */
    static Rows grid(Grid g) {
        if (g.hasArray()) {
            return array(g.values(), g.cols(), false);
        }
        float[] scratch = new float[Math.min(CHUNK, Math.max(1, g.cols()))];
        return new Rows() {
            @Override
            void at(int r, int c, int end) {
                int n = Math.min(scratch.length, end - c);
                g.read(r, c, n, scratch, 0);
                buf = scratch;
                off = -c;
                hi = c + n;
            }

            @Override
            boolean canonical() {
                return true;
            }

            @Override
            boolean wholeRows() {
                return false;
            }
        };
    }

    /**
     * Blocks of {@code rows} pooled into {@code shown} (canonical values), with valued keys: any block sizes, any
     * source.
     */
    static void valued(Rows rows, int[] rowEdges, int[] colEdges, float[] shown, BooleanSupplier cancelled) {
        int outRows = rowEdges.length - 1;
        int outCols = colEdges.length - 1;
        int first = colEdges[0];
        int last = colEdges[outCols];
        boolean canonical = rows.canonical();
        long[] best = new long[outCols];
        for (int i = 0; i < outRows; i++) {
            checkCancelled(cancelled, "a grid");
            Arrays.fill(best, Long.MIN_VALUE);
            for (int r = rowEdges[i]; r < rowEdges[i + 1]; r++) {
                rows.at(r, first, last);
                for (int j = 0; j < outCols; j++) {
                    long b = best[j];
                    int k = colEdges[j];
                    int e = colEdges[j + 1];
                    while (k < e) {
                        if (k >= rows.hi) {
                            rows.at(r, k, last);
                        }
                        float[] buf = rows.buf;
                        int off = rows.off;
                        int stop = Math.min(e, rows.hi) + off;
                        int p = k + off;
                        if (canonical) {
                            for (; p < stop; p++) {
                                int bits = Float.floatToRawIntBits(buf[p]);
                                b = Math.max(b, (long) (((bits & 0x7fffffff) + 1) & 0x7fffffff) << 32
                                        | (bits & 0xffffffffL));
                            }
                        } else {
                            for (; p < stop; p++) {
                                int bits = Float.floatToRawIntBits(buf[p]);
                                b = Math.max(b, (long) (bits & 0x7fffffff) << 32 | (bits & 0xffffffffL));
                            }
                        }
                        k = p - off;
                    }
                    best[j] = b;
                }
            }
            for (int j = 0, o = i * outCols; j < outCols; j++, o++) {
                float x = Float.intBitsToFloat((int) best[j]);
                shown[o] = canonical ? x : (x != x ? Float.NaN : x);
            }
        }
    }

    /**
     * One 2 × 2 step of a pyramid: {@code out[i][j]} is the winner (valued keys) of rows {@code 2i, 2i+1} and columns
     * {@code 2j, 2j+1} of a {@code rows × cols} source; an odd last row or column stands alone.
     */
    static float[] halve(Rows src, int rows, int cols, BooleanSupplier cancelled) {
        int outRows = (rows + 1) / 2;
        int outCols = (cols + 1) / 2;
        float[] out = new float[outRows * outCols];
        boolean canonical = src.canonical();
        int evenCols = cols & ~1;
        // a view hands out one row at a time, so its two rows are copied side by side first
        boolean copy = !src.wholeRows();
        float[] top = copy ? new float[Math.min(cols, CHUNK)] : null;
        float[] bottom = copy ? new float[Math.min(cols, CHUNK)] : null;
        for (int i = 0; i < outRows; i++) {
            checkCancelled(cancelled, "a pyramid level");
            int r0 = 2 * i;
            int r1 = Math.min(r0 + 1, rows - 1);
            for (int c0 = 0; c0 < cols; c0 += copy ? top.length : cols) {
                int n = copy ? Math.min(top.length, cols - c0) : cols;
                float[] a;
                float[] b;
                int offA;
                int offB;
                if (copy) {
                    fill(src, r0, c0, n, top);
                    fill(src, r1, c0, n, bottom);
                    a = top;
                    b = bottom;
                    offA = -c0;
                    offB = -c0;
                } else {
                    src.at(r0, 0, cols);
                    a = src.buf;
                    offA = src.off;
                    src.at(r1, 0, cols);
                    b = src.buf;
                    offB = src.off;
                }
                int pairsEnd = Math.min(c0 + n, evenCols); // columns c0 … pairsEnd-1 come in pairs (c0 is even)
                int o = i * outCols + c0 / 2;
                if (canonical) {
                    halveCanonical(a, offA, b, offB, c0, pairsEnd, out, o);
                } else {
                    halvePlain(a, offA, b, offB, c0, pairsEnd, out, o);
                }
                if (pairsEnd < c0 + n) { // the odd last column stands alone
                    int c = cols - 1;
                    long k = canonical ? Math.max(valuedKey(a[c + offA]), valuedKey(b[c + offB]))
                            : Math.max(plainKey(a[c + offA]), plainKey(b[c + offB]));
                    float x = Float.intBitsToFloat((int) k);
                    out[i * outCols + outCols - 1] = canonical || x == x ? x : Float.NaN;
                }
            }
        }
        return out;
    }

    /*
     * The 2 × 2 kernels compare int magnitudes and pick the winner's bits with selects (cmov), first of equal
     * magnitudes in row-major order: 2.5 times as fast as long keys here (24 ms instead of 64 ms for 4096² → 2048²),
     * where the four keys of every cell are worth the work only in the long runs of a pooling block.
     */

    private static void halveCanonical(float[] a, int offA, float[] b, int offB, int from, int to, float[] out, int o) {
        for (int c = from; c < to; c += 2, o++) {
            int x0 = Float.floatToRawIntBits(a[c + offA]);
            int x1 = Float.floatToRawIntBits(a[c + 1 + offA]);
            int x2 = Float.floatToRawIntBits(b[c + offB]);
            int x3 = Float.floatToRawIntBits(b[c + 1 + offB]);
            int m0 = ((x0 & 0x7fffffff) + 1) & 0x7fffffff;
            int m1 = ((x1 & 0x7fffffff) + 1) & 0x7fffffff;
            int m2 = ((x2 & 0x7fffffff) + 1) & 0x7fffffff;
            int m3 = ((x3 & 0x7fffffff) + 1) & 0x7fffffff;
            int top = m1 > m0 ? x1 : x0;
            int topM = Math.max(m0, m1);
            int bottom = m3 > m2 ? x3 : x2;
            int bottomM = Math.max(m2, m3);
            out[o] = Float.intBitsToFloat(bottomM > topM ? bottom : top);
        }
    }

    private static void halvePlain(float[] a, int offA, float[] b, int offB, int from, int to, float[] out, int o) {
        for (int c = from; c < to; c += 2, o++) {
            int x0 = Float.floatToRawIntBits(a[c + offA]);
            int x1 = Float.floatToRawIntBits(a[c + 1 + offA]);
            int x2 = Float.floatToRawIntBits(b[c + offB]);
            int x3 = Float.floatToRawIntBits(b[c + 1 + offB]);
            int m0 = x0 & 0x7fffffff;
            int m1 = x1 & 0x7fffffff;
            int m2 = x2 & 0x7fffffff;
            int m3 = x3 & 0x7fffffff;
            int top = m1 > m0 ? x1 : x0;
            int topM = Math.max(m0, m1);
            int bottom = m3 > m2 ? x3 : x2;
            int bottomM = Math.max(m2, m3);
            float x = Float.intBitsToFloat(bottomM > topM ? bottom : top);
            out[o] = x != x ? Float.NaN : x;
        }
    }

    private static void fill(Rows src, int r, int c0, int n, float[] dst) {
        int c = c0;
        while (c < c0 + n) {
            src.at(r, c, c0 + n);
            int m = Math.min(src.hi, c0 + n) - c;
            System.arraycopy(src.buf, c + src.off, dst, c - c0, m);
            c += m;
        }
    }
}
