package dev.tensorlens.tensor.stats;

import java.util.Arrays;

/**
 * Min, max, zero count and smallest non-zero magnitude of float32 blocks with no NaN or ±Inf, on the raw bits,
 * in a form the JDK 17 JIT turns into vector code.
 *
 * <p>What stops it otherwise: C2 in JDK 17 vectorises neither {@code Math.min}/{@code max} on ints nor a loop that
 * updates two arrays, and a reduction into one variable is a serial chain. So each figure has its own loop and its
 * own array of {@link ChunkDecoder#BLOCK} lanes, updated element by element ({@code m[j] = max(m[j], f(b[j]))});
 * the lanes are reduced once, in {@link #foldInto}. The min and max are branch-free arithmetic
 * ({@code a − ((a − b) & ((a − b) >> 31))}), which is exact only while {@code a − b} does not overflow, so every
 * figure is kept on non-negative ints (31 bits):
 * <ul>
 *   <li>the largest bits among non-negative values, and the largest magnitude among negative ones;</li>
 *   <li>the smallest bits among non-negative values, and the smallest magnitude among negative ones
 *       ({@code 0x7fffffff}, a NaN pattern, stands for "none", as no value of a finite block has it);</li>
 *   <li>the smallest {@code (|bits| − 1) & 0x7fffffff}: 0 becomes {@code 0x7fffffff} and drops out, so this is the
 *       smallest non-zero magnitude, less one;</li>
 *   <li>the zeros, {@code (|bits| − 1) >>> 31} summed per lane (a lane gains at most one per block).</li>
 * </ul>
 * The max is the largest non-negative value if there is one, else the negative value of smallest magnitude; the
 * min likewise. All of it is exact integer arithmetic, so the result does not depend on how the data was cut.
 */
final class FloatLanes {

    private static final int NONE = 0x7fffffff;

    private final int[] posMax = new int[ChunkDecoder.BLOCK];
    private final int[] negMaxMagnitude = new int[ChunkDecoder.BLOCK];
    private final int[] posMin = new int[ChunkDecoder.BLOCK];
    private final int[] negMinMagnitude = new int[ChunkDecoder.BLOCK];
    private final int[] nonZeroMin = new int[ChunkDecoder.BLOCK];
    private final int[] zeros = new int[ChunkDecoder.BLOCK];
    /** Whether a block went in since the last fold. */
    private boolean dirty;

    FloatLanes() {
        reset();
    }

    private void reset() {
        Arrays.fill(posMax, 0);
        Arrays.fill(negMaxMagnitude, 0);
        Arrays.fill(posMin, NONE);
        Arrays.fill(negMinMagnitude, NONE);
        Arrays.fill(nonZeroMin, NONE);
        Arrays.fill(zeros, 0);
        dirty = false;
    }

    /** Adds {@code b[0..n)}, float32 bits none of which is NaN or ±Inf. */
    void add(int[] b, int n) {
        positiveMax(b, n, posMax);
        negativeMaxMagnitude(b, n, negMaxMagnitude);
        positiveMin(b, n, posMin);
        negativeMinMagnitude(b, n, negMinMagnitude);
        nonZeroMin(b, n, nonZeroMin);
        zeros(b, n, zeros);
        dirty = true;
    }

    /** What the lanes hold, as min, max, zero count and smallest non-zero magnitude; the lanes start over. */
    interface Sink {
        void accept(double min, double max, long zeros, double minNonZeroMagnitude);
    }

    /** Reduces the lanes and hands the figures to {@code sink} (nothing if no block went in); then starts over. */
    void foldInto(Sink sink) {
        if (!dirty) {
            return;
        }
        int pMax = 0;
        int nMax = 0;
        int pMin = NONE;
        int nMin = NONE;
        int nz = NONE;
        long zero = 0;
        for (int j = 0; j < ChunkDecoder.BLOCK; j++) {
            pMax = Math.max(pMax, posMax[j]);
            nMax = Math.max(nMax, negMaxMagnitude[j]);
            pMin = Math.min(pMin, posMin[j]);
            nMin = Math.min(nMin, negMinMagnitude[j]);
            nz = Math.min(nz, nonZeroMin[j]);
            zero += zeros[j];
        }
        reset();
        boolean anyNonNegative = pMin != NONE;
        boolean anyNegative = nMin != NONE;
        if (!anyNonNegative && !anyNegative) {
            return; // empty blocks only
        }
        float max = anyNonNegative ? Float.intBitsToFloat(pMax) : -Float.intBitsToFloat(nMin);
        float min = anyNegative ? -Float.intBitsToFloat(nMax) : Float.intBitsToFloat(pMin);
        sink.accept(min, max, zero, nz == NONE ? Double.POSITIVE_INFINITY : Float.intBitsToFloat(nz + 1));
    }

    // One loop per figure, one array each: the shape C2 vectorises. max(m, v) = m - ((m - v) & ((m - v) >> 31)),
    // min(m, v) = v + ((m - v) & ((m - v) >> 31)), exact for m and v in [0, 2^31).

    private static void positiveMax(int[] b, int n, int[] m) {
        for (int j = 0; j < n; j++) {
            int x = b[j];
            int v = x & ~(x >> 31); // negative: 0
            int d = m[j] - v;
            m[j] -= d & (d >> 31);
        }
    }

    private static void negativeMaxMagnitude(int[] b, int n, int[] m) {
        for (int j = 0; j < n; j++) {
            int x = b[j];
            int v = x & 0x7fffffff & (x >> 31); // non-negative: 0
            int d = m[j] - v;
            m[j] -= d & (d >> 31);
        }
    }

    private static void positiveMin(int[] b, int n, int[] m) {
        for (int j = 0; j < n; j++) {
            int x = b[j];
            int v = (x | (x >> 31)) & 0x7fffffff; // negative: NONE
            int d = m[j] - v;
            m[j] = v + (d & (d >> 31));
        }
    }

    private static void negativeMinMagnitude(int[] b, int n, int[] m) {
        for (int j = 0; j < n; j++) {
            int x = b[j];
            int v = (x | ~(x >> 31)) & 0x7fffffff; // non-negative: NONE
            int d = m[j] - v;
            m[j] = v + (d & (d >> 31));
        }
    }

    private static void nonZeroMin(int[] b, int n, int[] m) {
        for (int j = 0; j < n; j++) {
            int v = ((b[j] & 0x7fffffff) - 1) & 0x7fffffff; // zero: NONE
            int d = m[j] - v;
            m[j] = v + (d & (d >> 31));
        }
    }

    private static void zeros(int[] b, int n, int[] m) {
        for (int j = 0; j < n; j++) {
            m[j] += ((b[j] & 0x7fffffff) - 1) >>> 31;
        }
    }
}
