package dev.tensorlens.ui.plots;

/** The rectangle of a canvas where the data goes, inside the room the axes take. */
record PlotArea(double x, double y, double width, double height) {

    double right() {
        return x + width;
    }

    double bottom() {
        return y + height;
    }

    boolean isEmpty() {
        return width < 2 || height < 2;
    }

    /** Whether the point is over the data (edges included). */
    boolean contains(double px, double py) {
        return px >= x && px <= right() && py >= y && py <= bottom();
    }

    /** {@code px} moved into {@code [x, right]}. */
    double clampX(double px) {
        return Math.max(x, Math.min(right(), px));
    }

    /**
     * A bar's rows {@code [top, bottom)}, made at least one pixel tall off the baseline (whose line covers the row
     * of {@code base}) when it is thinner: a small value beside a huge one still shows. {@code sign}: which side of
     * the baseline the value lies, 0 for zero (a row under the baseline's line).
     */
    static double[] barRows(double top, double bottom, double base, int sign) {
        if (bottom - top >= 1) {
            return new double[] {top, bottom};
        }
        double row = Math.floor(base) + (sign > 0 ? -1 : sign < 0 ? 1 : 0);
        return new double[] {row, row + 1};
    }
}
