package dev.tensorlens.tensor.image;

/**
 * The finite range of some values and how many were not finite: what a colour scale is fitted to. NaN and ±Inf
 * never widen the range (one overflowed weight would otherwise wash every other cell into the centre colour);
 * they are drawn in the NaN colour and at the ends of the scale instead.
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
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        long nan = 0;
        long posInf = 0;
        long negInf = 0;
        for (float x : values) {
            if (Math.abs(x) <= Float.MAX_VALUE) { // finite: false for NaN and ±Inf
                if (x < min) {
                    min = x;
                }
                if (x > max) {
                    max = x;
                }
            } else if (x != x) {
                nan++;
            } else if (x > 0) {
                posInf++;
            } else {
                negInf++;
            }
        }
        boolean none = min > max;
        return new ValueRange(values.length, nan, posInf, negInf, none ? Double.NaN : min, none ? Double.NaN : max);
    }

    /** The largest |x| over the finite values, NaN when there is none. */
    public double maxAbs() {
        return Math.max(Math.abs(min), Math.abs(max));
    }

    public boolean hasFinite() {
        return !Double.isNaN(min);
    }
}
