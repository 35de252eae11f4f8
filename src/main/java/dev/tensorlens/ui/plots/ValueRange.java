package dev.tensorlens.ui.plots;

/**
 * A range of values, {@code [min, max]} with {@code min < max}, both finite: what a histogram is zoomed into.
 */
public record ValueRange(double min, double max) {

    public ValueRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("not a range: [" + min + ", " + max + "]");
        }
    }

    /** The range between two values given in any order. */
    public static ValueRange between(double a, double b) {
        return new ValueRange(Math.min(a, b), Math.max(a, b));
    }

    public boolean contains(double v) {
        return v >= min && v <= max;
    }

    public double width() {
        return max - min;
    }
}
