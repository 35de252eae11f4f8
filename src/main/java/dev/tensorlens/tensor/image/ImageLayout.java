package dev.tensorlens.tensor.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How an array's axes read as images: one image ({@code H×W}, {@code H×W×C}, {@code C×H×W}) or a batch of them
 * ({@code N×H×W}, {@code N×H×W×C}, {@code N×C×H×W}), with C in {1, 3, 4} (grey, RGB, RGBA). The samples are always
 * the leading axis of a batch, so a batch's sample {@code i} is the contiguous {@code x[i]} of a C-order array.
 *
 * <p>Shapes can read more than one way: {@code (3, 28, 28)} is one RGB image channel-first or three grey images;
 * {@code (28, 28, 3)} one RGB image channel-last or 28 images of 28×3. {@link #detect} picks what preprocessing
 * pipelines usually mean (channel-last for a trailing 3 or 4, channel-first for a leading one, a batch of grey images
 * otherwise); {@link #candidates} lists every reading that fits, for the user to choose.
 */
public enum ImageLayout {
    HW(false, -1, 0, 1),
    HWC(false, 2, 0, 1),
    CHW(false, 0, 1, 2),
    NHW(true, -1, 1, 2),
    NHWC(true, 3, 1, 2),
    NCHW(true, 1, 2, 3);

    /** The smallest side taken for an image: a 3×1000 matrix is a table, not a picture. */
    public static final int MIN_SIDE = 4;

    private final boolean batch;
    private final int channelAxis;
    private final int heightAxis;
    private final int widthAxis;

    ImageLayout(boolean batch, int channelAxis, int heightAxis, int widthAxis) {
        this.batch = batch;
        this.channelAxis = channelAxis;
        this.heightAxis = heightAxis;
        this.widthAxis = widthAxis;
    }

    /** The rank of the arrays this layout reads. */
    public int rank() {
        return (batch ? 1 : 0) + (channelAxis >= 0 ? 3 : 2);
    }

    public boolean batch() {
        return batch;
    }

    public boolean channelsLast() {
        return channelAxis >= 0 && channelAxis == rank() - 1;
    }

    public boolean channelsFirst() {
        return channelAxis >= 0 && !channelsLast();
    }

    /**
     * The axis of the channels, -1 for a layout without one (grey images). The axes are public so that a reader can
     * walk an array of either order by its strides instead of assuming C-order bytes.
     */
    public int channelAxis() {
        return channelAxis;
    }

    /** The axis of the rows. */
    public int heightAxis() {
        return heightAxis;
    }

    /** The axis of the columns. */
    public int widthAxis() {
        return widthAxis;
    }

    /** Whether {@code shape} reads as images this way. */
    public boolean fits(long[] shape) {
        if (shape.length != rank()) {
            return false;
        }
        if (batch && shape[0] < 1) {
            return false;
        }
        if (channelAxis >= 0 && !isChannelCount(shape[channelAxis])) {
            return false;
        }
        return shape[heightAxis] >= MIN_SIDE && shape[widthAxis] >= MIN_SIDE;
    }

    /** Images in the array: {@code N} of a batch, 1 otherwise. */
    public long samples(long[] shape) {
        return batch ? shape[0] : 1;
    }

    public int height(long[] shape) {
        return (int) shape[heightAxis];
    }

    public int width(long[] shape) {
        return (int) shape[widthAxis];
    }

    /** 1 for a layout without a channel axis. */
    public int channels(long[] shape) {
        return channelAxis < 0 ? 1 : (int) shape[channelAxis];
    }

    /** Elements of one image: {@code H·W·C}. */
    public long sampleElements(long[] shape) {
        return (long) height(shape) * width(shape) * channels(shape);
    }

    /**
     * The element of pixel ({@code row}, {@code col}), channel {@code channel}, counted from the start of its image
     * in C order.
     */
    public long elementOf(long[] shape, int row, int col, int channel) {
        int h = height(shape);
        int w = width(shape);
        int c = channels(shape);
        if (channelsLast()) {
            return ((long) row * w + col) * c + channel;
        }
        return ((long) channel * h + row) * w + col;
    }

    /** The reading a preprocessing pipeline most likely meant, if any reading fits. */
    public static Optional<ImageLayout> detect(long[] shape) {
        List<ImageLayout> fit = candidates(shape);
        return fit.isEmpty() ? Optional.empty() : Optional.of(fit.get(0));
    }

    /** Every reading that fits {@code shape}, the most likely first. */
    public static List<ImageLayout> candidates(long[] shape) {
        List<ImageLayout> order = switch (shape.length) {
            case 2 -> List.of(HW);
            // a trailing 3/4 is channels (HWC); a leading 1/3/4 channels (CHW); otherwise a batch of grey images
            // (a leading 4 is more often four grey images than one RGBA image channel-first)
            case 3 -> isChannelCount(shape[2]) && !isChannelCount(shape[0]) ? List.of(HWC, NHW, CHW)
                    : (shape[0] == 1 || shape[0] == 3) && !isChannelCount(shape[2]) ? List.of(CHW, NHW, HWC)
                    : List.of(NHW, HWC, CHW);
            case 4 -> isChannelCount(shape[3]) ? List.of(NHWC, NCHW) : List.of(NCHW, NHWC);
            default -> List.of();
        };
        List<ImageLayout> fit = new ArrayList<>();
        for (ImageLayout l : order) {
            if (l.fits(shape)) {
                fit.add(l);
            }
        }
        return fit;
    }

    /** Shape text such as {@code N×H×W×C} for a chooser. */
    public String label() {
        return switch (this) {
            case HW -> "H×W";
            case HWC -> "H×W×C";
            case CHW -> "C×H×W";
            case NHW -> "N×H×W";
            case NHWC -> "N×H×W×C";
            case NCHW -> "N×C×H×W";
        };
    }

    private static boolean isChannelCount(long c) {
        return c == 1 || c == 3 || c == 4;
    }
}
