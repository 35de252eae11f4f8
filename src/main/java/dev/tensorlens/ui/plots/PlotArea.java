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
}
