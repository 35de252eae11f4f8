package dev.tensorlens.tensor.image;

/**
 * One {@link ImageNormalisation} worked out for images of a given channel count and range: per value a multiply and
 * add (the mean/std undo), a clamp (AUTO's range) and a scale to {@code 0 … top}, with no lookups or allocation, so
 * it can sit in the inner loop over a 224×224×3 sample.
 *
 * <p>{@code top} is 255 for an intensity and {@link ColorMap#SIZE} - 1 for a colour map's index: the value is
 * brought to [0, 1] and then rounded the way {@code save_image} rounds, {@code (int) clamp(t · top + 0.5, 0, top)}.
 */
final class Intensities {

    /** What {@link #level} gives for NaN, which has no intensity. */
    static final int NAN = -1;

    private final double[] scale;
    private final double[] shift;
    private final double low;
    private final double high;
    private final double base;
    private final double perUnit;
    private final int top;

    /**
     * @param autoRange for AUTO, the finite min/max of the raw (not yet undone) values; ignored otherwise
     */
    Intensities(ImageNormalisation norm, int channels, ValueRange autoRange, int top) {
        if (!norm.appliesTo(channels)) {
            throw new IllegalArgumentException("The mean/std to undo has " + norm.mean().length + " and "
                    + norm.std().length + " values, which does not fit images of " + channels + " channels.");
        }
        this.top = top;
        scale = new double[channels];
        shift = new double[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = norm.stdOf(c);
            shift[c] = norm.meanOf(c);
        }
        switch (norm.mode()) {
            case AUTO -> {
                double[] span = undoneSpan(autoRange);
                low = span[0];
                high = span[1];
                base = low;
                perUnit = top / Math.max(high - low, ImageNormalisation.MIN_SPAN);
            }
            case UNIT -> {
                low = Double.NEGATIVE_INFINITY;
                high = Double.POSITIVE_INFINITY;
                base = 0;
                perUnit = top;
            }
            default -> {
                low = Double.NEGATIVE_INFINITY;
                high = Double.POSITIVE_INFINITY;
                base = 0;
                perUnit = top / 255.0;
            }
        }
    }

    /**
     * The raw range taken through each channel's undo, and the union of those: the caller knows the min/max of the
     * stored values, not of the undone ones, and this interval holds every undone value (it is exact when each
     * channel reaches both ends, and always exact with no mean/std). With no finite value at all, [0, 0]: every
     * finite value then draws as 0, as {@code make_grid} draws a flat image.
     */
    private double[] undoneSpan(ValueRange raw) {
        if (raw == null || !raw.hasFinite()) {
            return new double[] {0, 0};
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < scale.length; c++) {
            double a = raw.min() * scale[c] + shift[c];
            double b = raw.max() * scale[c] + shift[c];
            lo = Math.min(lo, Math.min(a, b));
            hi = Math.max(hi, Math.max(a, b));
        }
        return new double[] {lo, hi};
    }

    /** The level {@code 0 … top} of value {@code x} of channel {@code c}; {@link #NAN} for NaN. */
    int level(float x, int c) {
        if (x != x) {
            return NAN;
        }
        double u = x * scale[c] + shift[c];
        if (u < low) {
            u = low;
        } else if (u > high) {
            u = high;
        }
        double y = (u - base) * perUnit + 0.5;
        // ±Inf (outside AUTO) lands on an end here too; the cast truncates like torch's .to(uint8)
        return y <= 0 ? 0 : y >= top ? top : (int) y;
    }
}
