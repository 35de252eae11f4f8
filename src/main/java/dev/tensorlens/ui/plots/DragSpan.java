package dev.tensorlens.ui.plots;

/**
 * A drag across a plot that selects a span of its x axis (the histogram's zoom into a value range): where it started
 * and where the mouse is now, in canvas pixels. A drag shorter than {@link #MIN_DRAG} pixels is a click, not a span.
 */
final class DragSpan {

    /** A drag shorter than this (pixels) is a click, not a zoom. */
    static final double MIN_DRAG = 4;

    private double from = Double.NaN;
    private double to = Double.NaN;

    /** Starts a drag at canvas x {@code x}. */
    void start(double x) {
        from = x;
        to = Double.NaN;
    }

    /** Moves the drag's other end to {@code x} (already inside the plot area); false when no drag is under way. */
    boolean moveTo(double x) {
        if (Double.isNaN(from)) {
            return false;
        }
        to = Math.abs(x - from) >= MIN_DRAG ? x : Double.NaN;
        return true;
    }

    /** Forgets the drag; true when one was under way (Esc then ends the drag, nothing else). */
    boolean clear() {
        boolean was = !Double.isNaN(from);
        from = Double.NaN;
        to = Double.NaN;
        return was;
    }

    /** Whether the drag selects a span now (it is long enough). */
    boolean selects() {
        return !Double.isNaN(to);
    }

    /** The left end of the span, in canvas pixels; only while {@link #selects()}. */
    double left() {
        return Math.min(from, to);
    }

    /** The right end of the span, in canvas pixels; only while {@link #selects()}. */
    double right() {
        return Math.max(from, to);
    }
}
