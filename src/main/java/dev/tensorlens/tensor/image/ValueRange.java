package dev.tensorlens.tensor.image;

/**
 * The finite range of some values and how many were not finite: what a colour scale is fitted to. NaN and ±Inf
 * never widen the range (one overflowed weight would otherwise wash every other cell into the centre colour);
 * they are drawn in the NaN colour and at the ends of the scale instead.
 *
 * <p>A range the user chooses (a heatmap's clamp) is made with {@link #span}: only its {@code min} and {@code max}
 * mean anything then.
 *
 * @param count  every value
 * @param nan    NaN values
 * @param posInf +Inf values
 * @param negInf -Inf values
 * @param min    the smallest finite value, NaN when there is none
 * @param max    the largest finite value, NaN when there is none
 */
public record ValueRange(long count, long nan, long posInf, long negInf, double min, double max) {

    /** One pass over {@code values}. */
    public static ValueRange of(float[] values) {
        Counter c = new Counter(false);
        c.add(values, 0, values.length);
        return c.result();
    }

    /**
     * Just the interval {@code [low, high]}: a clamp for a colour scale.
     *
     * @throws IllegalArgumentException unless {@code low <= high}, both finite
     */
    public static ValueRange span(double low, double high) {
        if (!(low <= high) || Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new IllegalArgumentException("[" + low + ", " + high + "] is not a range of finite values");
        }
        return new ValueRange(0, 0, 0, 0, low, high);
    }

    /** The largest |x| over the finite values, NaN when there is none. */
    public double maxAbs() {
        return Math.max(Math.abs(min), Math.abs(max));
    }

    public boolean hasFinite() {
        return !Double.isNaN(min);
    }

    /**
     * Counts values a run at a time. In a grid with gaps, cells with the bits of {@link Grid#GAP} are no values and
     * are skipped; elsewhere such a NaN (all bits set: memory filled with 0xFF) is a NaN like any other.
     */
    static final class Counter {
        private final boolean gapsPossible;
        private float min = Float.POSITIVE_INFINITY;
        private float max = Float.NEGATIVE_INFINITY;
        private long count;
        private long nan;
        private long posInf;
        private long negInf;
        private long gaps;

        Counter(boolean gapsPossible) {
            this.gapsPossible = gapsPossible;
        }

        void add(float[] values, int from, int to) {
            float lo = min;
            float hi = max;
            for (int i = from; i < to; i++) {
                float x = values[i];
                if (Math.abs(x) <= Float.MAX_VALUE) { // finite: false for NaN and ±Inf
                    if (x < lo) {
                        lo = x;
                    }
                    if (x > hi) {
                        hi = x;
                    }
                } else if (x != x) {
                    if (gapsPossible && Float.floatToRawIntBits(x) == Grid.GAP_BITS) {
                        gaps++;
                    } else {
                        nan++;
                    }
                } else if (x > 0) {
                    posInf++;
                } else {
                    negInf++;
                }
            }
            min = lo;
            max = hi;
            count += to - from;
        }

        ValueRange result() {
            boolean none = min > max;
            return new ValueRange(count - gaps, nan, posInf, negInf, none ? Double.NaN : min, none ? Double.NaN : max);
        }
    }
}
