package dev.tensorlens.ui.plots;

import java.util.Locale;

/**
 * Where an axis puts its ticks and what it writes there: "nice" numbers, 1, 2 or 5 times a power of ten, as many as
 * fit, with no more digits than the step needs (0.05, 0.10, 0.15 — not 0.1000000001). Pure arithmetic.
 *
 * @param values the tick values, ascending
 * @param step   the distance between two ticks
 */
record AxisTicks(double[] values, double step) {

    static final AxisTicks NONE = new AxisTicks(new double[0], 1);

    /** Ticks at multiples of a nice step within {@code [lo, hi]}, at most {@code maxTicks} of them (at least 2). */
    static AxisTicks linear(double lo, double hi, int maxTicks) {
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            return Double.isFinite(lo) ? new AxisTicks(new double[] {lo}, 1) : NONE;
        }
        double step = niceStep((hi - lo) / Math.max(1, maxTicks - 1));
        double first = Math.ceil(lo / step - 1e-9) * step;
        int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
        double[] values = new double[Math.max(0, n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = clean(first + i * step, step);
        }
        return new AxisTicks(values, step);
    }

    /** Ticks at the whole powers of ten within {@code [lo, hi]} (both exponents), thinned to at most {@code maxTicks}. */
    static AxisTicks decades(double loExponent, double hiExponent, int maxTicks) {
        int from = (int) Math.ceil(loExponent - 1e-9);
        int to = (int) Math.floor(hiExponent + 1e-9);
        if (to < from) {
            return NONE;
        }
        int every = Math.max(1, (int) Math.ceil((to - from + 1) / (double) Math.max(1, maxTicks)));
        int n = (to - from) / every + 1;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.pow(10, from + i * every);
        }
        return new AxisTicks(values, every);
    }

    /** The smallest nice number (1, 2, 5 × 10^k) at least {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0) || !Double.isFinite(rough)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / power;
        double nice = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10;
        return nice * power;
    }

    /** {@code hi} rounded up to a multiple of the nice step for {@code maxTicks} ticks from {@code lo}: an axis's top. */
    static double niceCeil(double lo, double hi, int maxTicks) {
        if (!(hi > lo)) {
            return hi;
        }
        double step = niceStep((hi - lo) / Math.max(1, maxTicks - 1));
        return Math.ceil(hi / step - 1e-9) * step;
    }

    /** {@code lo} rounded down the same way: an axis's bottom. */
    static double niceFloor(double lo, double hi, int maxTicks) {
        if (!(hi > lo)) {
            return lo;
        }
        double step = niceStep((hi - lo) / Math.max(1, maxTicks - 1));
        return Math.floor(lo / step + 1e-9) * step;
    }

    /**
     * Removes the rounding noise of {@code first + i · step} (3 × 0.05 is 0.15000000000000002): rounded to the step's
     * decimals by dividing a whole number by a power of ten, which gives the double nearest the decimal. -0 is 0.
     */
    private static double clean(double v, double step) {
        double r = Math.round(v / step) * step;
        if (step < 1) {
            double scale = Math.pow(10, Math.ceil(-Math.log10(step) - 1e-9));
            r = Math.round(r * scale) / scale;
        }
        return Math.abs(r) < step * 1e-9 ? 0 : r;
    }

    /** A tick's text: no more decimals than the step needs; scientific for very large or very small numbers. */
    static String label(double v, double step) {
        if (v == 0 || Math.abs(v) < step * 1e-9) {
            return "0";
        }
        double magnitude = Math.max(Math.abs(v), step);
        if (magnitude >= 1e6 || step < 1e-4) {
            int digits = (int) Math.max(0, Math.min(6, Math.floor(Math.log10(Math.abs(v))) - Math.floor(Math.log10(step))));
            return String.format(Locale.ROOT, "%." + digits + "e", v);
        }
        int decimals = (int) Math.max(0, Math.min(8, -Math.floor(Math.log10(step) + 1e-9)));
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    /** A count in few characters: 950, 9,500, 95k, 1.2M, 3B. */
    static String count(double n) {
        double a = Math.abs(n);
        if (a < 10_000) {
            return String.format(Locale.ROOT, "%,d", Math.round(n));
        }
        String[] units = {"k", "M", "B", "T"};
        double v = n;
        int u = -1;
        while (Math.abs(v) >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        String digits = Math.abs(v) >= 100 || Math.abs(v - Math.rint(v)) < 0.05
                ? String.format(Locale.ROOT, "%d", Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
        return digits + units[u];
    }
}
