package dev.tensorlens.tensor.stats;

import java.util.Arrays;

/**
 * numpy's linear bins for float32 values, looked up instead of computed, and exactly numpy's.
 *
 * <h2>Why a table can be exact</h2>
 * numpy puts a value in a bin by a multiply, then moves it one bin down or up after comparing it with the stored
 * edges ({@link #numpyBin}). For float32 data that rule is monotone in the value (the estimate is within a
 * few millionths of a bin of the edge comparison; see {@code FloatBinTableTest}), so every bin starts at one float32
 * value, its <em>threshold</em>: {@code bin(x) = #{k ≥ 1 : x ≥ T[k]}}. The thresholds are found once, by binary
 * search over the float32 values of the range with numpy's rule itself (bins − 1 searches of at most 32 steps), so
 * they are numpy's by construction, whatever the rounding of its edges.
 *
 * <p>The range is cut into about {@link #cellsFor cellsFor(bins)} equal cells by {@link #cell}: {@code fma(x, a, b)}
 * with {@code a = cells / (last − first)} and {@code b = 2^52 + 2 − first·a} lands in [2^52, 2^53) for every value of the
 * range, where a double's bits count its integer part, so the bits minus those of {@code lo}'s result are the
 * cell. That is monotone in x: the fused multiply-add rounds once a function increasing in x, and the bits of
 * positive doubles increase with their value. So the float32 values of one cell form an interval, and a cell holds
 * values of one bin unless a threshold falls strictly inside it. The table stores, per cell, that bin; for the few
 * cells a threshold splits (at most one per bin edge) it stores the lowest bin of the cell with {@link #SPLIT} set,
 * and the value is compared with the following thresholds ({@link #resolve}). The table is built by evaluating
 * the same {@code cell} function at the thresholds, so no error analysis of the cell arithmetic is needed:
 * whatever it rounds to, the table agrees with it.
 *
 * <p>One unsigned comparison, {@code cell(x) ≤ lastCell}, is the range test and the NaN/Inf test at once: NaN, ±Inf
 * and negative or too large results have bits outside [bits(r(lo)), bits(r(hi))]. A value just outside
 * {@code [lo, hi]} can still round into the first or the last cell, so those two are always marked {@link #SPLIT}
 * and their values take the exact test ({@code x >= lo && x <= hi}) in the caller's slow path.
 */
final class FloatBinTable {

    /**
     * Cells over the range (at most 64 bins): 2^14 shorts, 32 KiB; at 64 bins one value of the benchmark's
     * bell-shaped data in ~270 meets a split cell.
     */
    static final int CELLS = 1 << 14;

    /** 2^14 cells up to 64 bins, 256 per bin beyond (2^17 at 512), so that split cells stay as rare. */
    static int cellsFor(int bins) {
        return Math.max(CELLS, Integer.highestOneBit(bins) << 8);
    }
    /** Set in a table entry whose cell a threshold splits (or that may hold values out of the range). */
    static final short SPLIT = (short) 0x8000;

    /** Smallest float32 in the range: {@code x >= lo} exactly when {@code (double) x >= first}. */
    final float lo;
    /** Largest float32 in the range: {@code x <= hi} exactly when {@code (double) x <= last}. */
    final float hi;
    /** Whether any float32 lies in the range (false for a range between two adjacent float32 values). */
    final boolean any;
    /** The cell function: bits of {@code fma(x, a, b)} minus {@code base}. */
    final double a;
    final double b;
    final long base;
    /** The largest cell of a value of the range; cells {@code 0..lastCell} are in the table. */
    final long lastCell;
    /** Per cell: its bin, or {@link #SPLIT} | its lowest bin. */
    final short[] cells;
    /**
     * {@code thresholds[k]}, 1 ≤ k &lt; bins: the smallest float32 of the range that numpy puts in bin k or later
     * (+Inf if none). {@code thresholds[0]} is {@code lo}, {@code thresholds[bins]} is +Inf: a sentinel for
     * {@link #resolve}.
     */
    final float[] thresholds;
    private final int bins;

    /**
     * @param first the range's low end, finite
     * @param last  the high end, finite, {@code > first}
     * @param edges numpy's edges ({@code bins + 1} of them, {@code edges[0] == first}, {@code edges[bins] == last})
     */
    FloatBinTable(double first, double last, double[] edges) {
        this.bins = edges.length - 1;
        if (bins < 1 || bins > Histogram.MAX_BINS || !(first < last) || edges[0] != first || edges[bins] != last
                || !Double.isFinite(first) || !Double.isFinite(last)) {
            throw new IllegalArgumentException("bad range or edges: [" + first + ", " + last + "], " + bins + " bins");
        }
        this.lo = floatAtLeast(first);
        this.hi = floatAtMost(last);
        this.any = lo <= hi;
        this.thresholds = new float[bins + 1];
        thresholds[0] = lo;
        thresholds[bins] = Float.POSITIVE_INFINITY;
        for (int k = 1; k < bins; k++) {
            thresholds[k] = any ? firstInBin(k, first, last, edges) : Float.POSITIVE_INFINITY;
        }
        int cellCount = cellsFor(bins);
        double scale = cellCount / (last - first);
        double offset = 0x1.0p52 + 2 - first * scale;
        double rLo = Math.fma(lo, scale, offset);
        double rHi = Math.fma(hi, scale, offset);
        if (!(any && rLo >= 0x1.0p52 && rHi < 0x1.0p53 && rHi - rLo <= 2 * cellCount)) {
            // no usable grid (a range of doubles far narrower than its magnitude): one cell, every value takes the
            // slow path; fma(x, 0, offset) is offset for every finite x and NaN for NaN and ±Inf
            scale = 0;
            offset = 0x1.0p52;
            rLo = offset;
            rHi = offset;
        }
        this.a = scale;
        this.b = offset;
        this.base = Double.doubleToRawLongBits(rLo);
        this.lastCell = Double.doubleToRawLongBits(rHi) - base;
        this.cells = buildCells();
    }

    /**
     * The cell of x: in {@code [0, lastCell]} for every value of {@code [lo, hi]}, and outside it (taken unsigned)
     * for NaN, ±Inf and every value out of the range except some next to its ends, which fall in the first or
     * the last cell.
     */
    long cell(float x) {
        return Double.doubleToRawLongBits(Math.fma(x, a, b)) - base;
    }

    private short[] buildCells() {
        int length = Math.toIntExact(lastCell + 1);
        // starts[c]: thresholds every value of cells c, c+1, ... is at or above (and no value of a lower cell is)
        int[] starts = new int[length + 1];
        boolean[] split = new boolean[length];
        // the end cells may hold values just outside the range: the exact range test decides for them
        split[0] = true;
        split[length - 1] = true;
        for (int k = 1; k < bins; k++) {
            float t = thresholds[k];
            if (!(t <= hi)) {
                continue; // no value of the range reaches bin k
            }
            int c = (int) cell(t);
            // t opens its cell cleanly when the float32 just below it is out of the range or in an earlier cell
            if (t == lo || cell(Math.nextDown(t)) < c) {
                starts[c]++;
            } else {
                split[c] = true;
                starts[c + 1]++;
            }
        }
        short[] table = new short[length];
        int bin = 0;
        for (int c = 0; c < length; c++) {
            bin += starts[c];
            table[c] = (short) (split[c] ? SPLIT | bin : bin);
        }
        return table;
    }

    /** The bin of {@code x}, a value of {@code [lo, hi]}, whose cell is split: {@code entry} holds its lowest bin. */
    int resolve(float x, int entry) {
        int b = entry & 0x7fff;
        while (x >= thresholds[b + 1]) { // thresholds[bins] is +Inf: stops there
            b++;
        }
        return b;
    }

    /** The bin of a value of {@code [lo, hi]} from the table. */
    int bin(float x) {
        int e = cells[(int) cell(x)];
        return e < 0 ? resolve(x, e) : e;
    }

    /**
     * numpy.histogram's rule for a value of the range, operation for operation (numpy/lib/_histograms_impl.py, the
     * uniform-bins branch): {@code ((x − first) / (last − first)) · bins} truncated, {@code bins} taken as the last
     * bin, then one bin down if x is below the stored left edge, or one up if it is at or past the right one
     * (never past the last bin).
     */
    static int numpyBin(double x, double first, double last, double[] edges) {
        int bins = edges.length - 1;
        int i = (int) (((x - first) / (last - first)) * bins);
        if (i == bins) {
            i--;
        }
        if (x < edges[i]) {
            i--;
        } else if (i != bins - 1 && x >= edges[i + 1]) {
            i++;
        }
        return i;
    }

    /** Binary search: the smallest float32 of {@code [lo, hi]} with {@code numpyBin ≥ k}, or +Inf if none. */
    private float firstInBin(int k, double first, double last, double[] edges) {
        if (numpyBin(hi, first, last, edges) < k) {
            return Float.POSITIVE_INFINITY;
        }
        // over the integer keys of the floats (ordered as the values), between lo's and hi's
        int low = key(lo);
        int high = key(hi);
        while (low < high) {
            int mid = (int) (((long) low + high) >> 1);
            if (numpyBin(fromKey(mid), first, last, edges) >= k) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return fromKey(low);
    }

    /** An int ordered as the float values are (-0.0 just below +0.0); no NaN between two finite values. */
    static int key(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    static float fromKey(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7fffffff));
    }

    /** The smallest float32 whose value is {@code >= d} (d finite). */
    static float floatAtLeast(double d) {
        float f = (float) d; // nearest: within one float32 of the answer
        return f < d ? Math.nextUp(f) : f;
    }

    /** The largest float32 whose value is {@code <= d} (d finite). */
    static float floatAtMost(double d) {
        float f = (float) d;
        return f > d ? Math.nextDown(f) : f;
    }

    @Override
    public String toString() {
        return "FloatBinTable[" + lo + ", " + hi + "], " + bins + " bins, " + cells.length + " cells, thresholds "
                + Arrays.toString(thresholds);
    }
}
