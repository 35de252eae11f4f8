package dev.tensorlens.ui.plots;

import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.Locale;

/** Measuring text for a canvas (which cannot lay it out itself), and writing numbers for readouts. FX thread. */
final class PlotText {

    private static final Text MEASURE = new Text();

    private PlotText() {
    }

    static double width(Font font, String text) {
        MEASURE.setFont(font);
        MEASURE.setText(text);
        return Math.ceil(MEASURE.getLayoutBounds().getWidth());
    }

    static double lineHeight(Font font) {
        MEASURE.setFont(font);
        MEASURE.setText("Ag");
        return Math.ceil(MEASURE.getLayoutBounds().getHeight());
    }

    /** {@code text} cut at the front with "…" until it fits {@code max} pixels: a layer name's end says most. */
    static String fitEnd(Font font, String text, double max) {
        if (width(font, text) <= max) {
            return text;
        }
        int lo = 0;
        int hi = text.length();
        while (lo < hi) { // the fewest characters dropped from the front
            int mid = (lo + hi) / 2;
            if (width(font, "…" + text.substring(mid)) <= max) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo >= text.length() ? "" : "…" + text.substring(lo);
    }

    /**
     * A dotted name ({@code encoder.layer.3.attention.self.query.weight}) made to fit {@code max} pixels the way
     * logback shortens class names: the parts before the last are cut to their first letter, from the front, one at a
     * time, until it fits ({@code e.l.3.a.self.query.weight}); numbers are kept whole, since the layer's index is what
     * tells two names apart. Still too long: cut at the front ({@link #fitEnd}).
     */
    static String abbreviate(Font font, String name, double max) {
        if (width(font, name) <= max) {
            return name;
        }
        String[] parts = name.split("\\.", -1);
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].length() > 1 && !parts[i].chars().allMatch(Character::isDigit)) {
                parts[i] = parts[i].substring(0, 1);
                String shorter = String.join(".", parts);
                if (width(font, shorter) <= max) {
                    return shorter;
                }
            }
        }
        return fitEnd(font, String.join(".", parts), max);
    }

    /** A value in a readout: three significant digits, scientific outside 0.001..100,000; "0" for an exact 0. */
    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "−Inf";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.2e", v);
    }

    /** {@code 1204 → 1,204}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * A bin's edges, with as many decimals as the bin width needs for two neighbouring edges to read differently and
     * each to be within a twentieth of a bin: "[-0.1250, -0.1172)" for 64 bins over ±0.25. {@code closed}: the last bin, which holds its upper edge.
     */
    static String bin(double lo, double hi, boolean closed) {
        double width = Math.abs(hi - lo);
        double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
        String a;
        String b;
        if (!(width > 0)) {
            a = value(lo);
            b = value(hi);
        } else if (magnitude >= 1e6 || magnitude < 1e-4) {
            int digits = (int) Math.max(2, Math.min(12, Math.ceil(Math.log10(magnitude / width) + 1 - 1e-9)));
            a = String.format(Locale.ROOT, "%." + digits + "e", lo);
            b = String.format(Locale.ROOT, "%." + digits + "e", hi);
        } else {
            // a tenth of a bin or finer: an edge is never off by more than 5 % of a bin
            int decimals = (int) Math.max(0, Math.min(12, Math.ceil(1 - Math.log10(width) - 1e-9)));
            a = fixed(lo, decimals);
            b = fixed(hi, decimals);
        }
        return "[" + a + ", " + b + (closed ? "]" : ")");
    }

    private static String fixed(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.matches("-0\\.?0*") ? s.substring(1) : s;
    }
}
