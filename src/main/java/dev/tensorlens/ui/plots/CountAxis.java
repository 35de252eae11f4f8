package dev.tensorlens.ui.plots;

/**
 * The count axis: where a count goes, from 0 at the bottom to 1 at the top, and the counts worth a tick.
 * Log: positions by log10(1 + count), so an empty bin is at the bottom and a bin of 1 is visible.
 */
record CountAxis(double top, boolean log, double[] ticks) {

    static CountAxis linear(long max, int maxTicks) {
        // a little room above the fullest bin; never a tick between two whole counts
        double headroom = max * 1.04;
        int ticks = (int) Math.max(2, Math.min(maxTicks, Math.ceil(headroom) + 1));
        double top = max == 0 ? 1 : AxisTicks.niceCeil(0, headroom, ticks);
        return new CountAxis(top, false, AxisTicks.linear(0, top, ticks).values());
    }

    static CountAxis log(long max, int maxTicks) {
        double topExponent = Math.max(1, Math.ceil(Math.log10(Math.max(1, max))));
        double[] decades = AxisTicks.decades(0, topExponent, maxTicks - 1).values();
        double[] ticks = new double[decades.length + 1];
        System.arraycopy(decades, 0, ticks, 1, decades.length); // 0 at the bottom, then 1, 10, 100 …
        return new CountAxis(Math.log10(1 + Math.pow(10, topExponent)), true, ticks);
    }

    double position(double count) {
        return log ? Math.log10(1 + count) / top : count / top;
    }
}
