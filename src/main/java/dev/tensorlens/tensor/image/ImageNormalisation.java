package dev.tensorlens.tensor.image;

import dev.tensorlens.tensor.DType;

import java.util.Arrays;
import java.util.Objects;

/**
 * How an image array's values become 0 … 255 intensities, as torchvision's {@code make_grid} and {@code save_image}
 * do it. Cached preprocessed arrays are rarely plain pixels: {@code ToTensor()} gives [0, 1] floats, a dataset may
 * keep uint8, and {@code Normalize(mean, std)} leaves {@code (x - mean) / std}, which looks like noise until it is
 * undone. So a normalisation first undoes a per-channel mean/std (if it has one), then scales by its {@link Mode}.
 *
 * <p>The last step is the one {@code save_image} takes, {@code mul(255).add_(0.5).clamp_(0, 255)} then a cast to
 * uint8 (truncation): round half up, so 0.5 becomes 128 and nothing wraps.
 *
 * @param mode how the (undone) values map to intensities
 * @param mean per-channel mean to add back (one value for every channel), empty for none
 * @param std  per-channel standard deviation to multiply back, empty for none (1)
 */
public record ImageNormalisation(Mode mode, double[] mean, double[] std) {

    /** Where the values lie. */
    public enum Mode {
        /**
         * Stretched over a range given when drawing (the whole array's finite min/max), like {@code make_grid}'s
         * {@code normalize=True}: clamped to [lo, hi], then {@code (x - lo) / max(hi - lo, 1e-5)}.
         */
        AUTO,
        /** [0, 1] floats, as {@code ToTensor()} gives them; values outside are clamped. */
        UNIT,
        /** [0, 255], as uint8 pixels are stored; values outside are clamped. */
        BYTE
    }

    /** The ImageNet statistics torchvision's pretrained models are normalised with. */
    public static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    public static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    /** The floor torchvision puts under {@code hi - lo}, so a flat image is not divided by 0. */
    static final double MIN_SPAN = 1e-5;

    public ImageNormalisation {
        Objects.requireNonNull(mode, "mode");
        mean = values(mean);
        std = values(std);
        for (double m : mean) {
            if (!Double.isFinite(m)) {
                throw new IllegalArgumentException("A mean of " + m + " cannot be undone: it must be a finite number.");
            }
        }
        for (double s : std) {
            if (s == 0 || !Double.isFinite(s)) {
                throw new IllegalArgumentException("A standard deviation of " + s
                        + " cannot be undone: it must be a finite number other than 0.");
            }
        }
        if (mean.length > 1 && std.length > 1 && mean.length != std.length) {
            throw new IllegalArgumentException("The mean has " + mean.length + " values and the standard deviation "
                    + std.length + ": give one per channel, or one for all channels.");
        }
    }

    /** Null and empty both mean "none"; copied, so the caller's array (or a shared constant) can change safely. */
    private static double[] values(double[] v) {
        return v == null ? new double[0] : v.clone();
    }

    /** Just the scaling, no mean/std undone. */
    public static ImageNormalisation of(Mode mode) {
        return new ImageNormalisation(mode, null, null);
    }

    /** [0, 1] images that went through {@code Normalize(IMAGENET_MEAN, IMAGENET_STD)}, undone. */
    public static ImageNormalisation imagenet() {
        return new ImageNormalisation(Mode.UNIT, IMAGENET_MEAN, IMAGENET_STD);
    }

    /**
     * The normalisation a user most likely wants for an array of {@code dtype} whose finite values lie in
     * {@code range} (null when not known yet): UNIT for [0, 1] (and bool), BYTE for integers in [0, 255], AUTO for
     * anything else, since a wrong fixed scale shows a black or white square while AUTO always shows something.
     */
    public static ImageNormalisation suggested(DType dtype, ValueRange range) {
        if (range == null || !range.hasFinite()) {
            return of(dtype == DType.BOOL ? Mode.UNIT : dtype == DType.UINT8 ? Mode.BYTE : Mode.AUTO);
        }
        if (range.min() >= 0 && range.max() <= 1) {
            return of(Mode.UNIT);
        }
        boolean integral = dtype.kind() == DType.Kind.UNSIGNED || dtype.kind() == DType.Kind.SIGNED;
        return of(integral && range.min() >= 0 && range.max() <= 255 ? Mode.BYTE : Mode.AUTO);
    }

    /**
     * The same scaling with this mean/std undone instead: null or empty for none, one value for every channel, or
     * one per channel.
     *
     * @throws IllegalArgumentException when a standard deviation is 0 or a value is not finite, or the two give
     *                                  different channel counts
     */
    public ImageNormalisation withMeanStd(double[] mean, double[] std) {
        return new ImageNormalisation(mode, mean, std);
    }

    /** The same mean/std undone, scaled another way. */
    public ImageNormalisation withMode(Mode newMode) {
        return new ImageNormalisation(newMode, mean, std);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    public boolean undoesMeanStd() {
        return mean.length > 0 || std.length > 0;
    }

    /** Whether the mean/std can be undone on images of {@code channels} channels: one value, or one per channel. */
    public boolean appliesTo(int channels) {
        return fits(mean.length, channels) && fits(std.length, channels);
    }

    private static boolean fits(int values, int channels) {
        return values <= 1 || values == channels;
    }

    /** The value after mean/std undo, for channel {@code channel}: {@code x * std[c] + mean[c]}. */
    public double undo(double x, int channel) {
        return x * stdOf(channel) + meanOf(channel);
    }

    /** The mean added back to channel {@code c}: 0 when there is none. */
    double meanOf(int c) {
        return mean.length == 0 ? 0 : mean[mean.length == 1 ? 0 : c];
    }

    /** The standard deviation channel {@code c} is multiplied by: 1 when there is none. */
    double stdOf(int c) {
        return std.length == 0 ? 1 : std[std.length == 1 ? 0 : c];
    }

    /** Arrays compared by their values: two normalisations that draw the same are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ImageNormalisation n && mode == n.mode
                && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, Arrays.hashCode(mean), Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        return undoesMeanStd() ? mode + " after mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std)
                : mode.toString();
    }
}
