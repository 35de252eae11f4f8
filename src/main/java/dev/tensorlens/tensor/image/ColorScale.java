package dev.tensorlens.tensor.image;

/**
 * Which colour each value gets: a {@link ColorMap} stretched over {@code [low, high]}. This range is what a legend
 * shows.
 *
 * <ul>
 *   <li>Fitted to the data ({@link #fitted}), a diverging map is centred at 0 and symmetric, {@code [-h, h]} with h
 *       the largest finite |x| (matplotlib's {@code CenteredNorm}): 0 is the neutral middle colour, and a weight of
 *       +x is as far into the reds as -x is into the blues. A sequential map runs from the smallest to the largest
 *       finite value.</li>
 *   <li>Clamped ({@link #clamped}) to a range the user chose: a sequential map runs over that range; a diverging map
 *       keeps 0 in its middle colour and stretches each side to its own end (matplotlib's {@code TwoSlopeNorm}), the
 *       range widened to take in 0 if it did not.</li>
 *   <li>NaN is drawn in {@link ColorMap#NAN_ARGB}; +Inf and values above {@code high} in the top colour, -Inf and
 *       values below {@code low} in the bottom colour (they are clamped, never wrapped); a gap of a tile grid
 *       ({@link Grid#GAP}) is transparent, so the background shows.</li>
 *   <li>With no spread (every finite value equal, or none finite) every finite value gets the middle colour.</li>
 * </ul>
 *
 * @param map  the colours
 * @param low  the value drawn in the bottom colour
 * @param high the value drawn in the top colour, {@code >= low}; on a diverging map {@code low <= 0 <= high}
 */
public record ColorScale(ColorMap map, double low, double high) {

    /** A gap's pixel: transparent (premultiplied, so all zero). */
    public static final int GAP_ARGB = 0;

    public ColorScale {
        if (!(low <= high)) {
            throw new IllegalArgumentException("scale [" + low + ", " + high + "] is empty or not a number");
        }
        if (map.diverging() && !(low <= 0 && high >= 0)) {
            throw new IllegalArgumentException("a diverging scale has 0 in its middle, not [" + low + ", " + high + "]");
        }
    }

    /** The scale a map gets for values in {@code range}: centred at 0 for a diverging map, min to max otherwise. */
    public static ColorScale fitted(ColorMap map, ValueRange range) {
        if (!range.hasFinite()) {
            return new ColorScale(map, 0, 0);
        }
        if (map.diverging()) {
            double h = range.maxAbs();
            return new ColorScale(map, -h, h);
        }
        return new ColorScale(map, range.min(), range.max());
    }

    /**
     * The scale for values in {@code range} clamped to {@code clamp}'s {@code [min, max]} (null: {@link #fitted}).
     * On a diverging map the clamp is widened to take in 0.
     */
    public static ColorScale clamped(ColorMap map, ValueRange range, ValueRange clamp) {
        if (clamp == null || !clamp.hasFinite()) {
            return fitted(map, range);
        }
        if (map.diverging()) {
            return new ColorScale(map, Math.min(clamp.min(), 0), Math.max(clamp.max(), 0));
        }
        return new ColorScale(map, clamp.min(), clamp.max());
    }

    /** Whether some of the values in {@code range} lie below {@code low} (−Inf included): drawn in the end colour. */
    public boolean cutsLow(ValueRange range) {
        return range.negInf() > 0 || range.hasFinite() && range.min() < low;
    }

    /** Whether some of the values in {@code range} lie above {@code high} (+Inf included). */
    public boolean cutsHigh(ValueRange range) {
        return range.posInf() > 0 || range.hasFinite() && range.max() > high;
    }

    /** The value drawn in the middle colour: 0 on a diverging map. */
    public double middle() {
        return map.diverging() ? 0 : low + (high - low) / 2;
    }

    /** The table index of {@code value}; -1 for NaN (and a gap). */
    public int index(float value) {
        if (value != value) {
            return -1;
        }
        if (high == low) {
            return value > high ? ColorMap.SIZE - 1 : value < low ? 0 : ColorMap.MIDDLE;
        }
        return map.diverging() ? divergingIndex(value, perUnit()) : sequentialIndex(value, low, perUnit()[0]);
    }

    /**
     * Table entries per unit of value: on a diverging map one figure per side, [0] for positive values and [1] for
     * negative ones (picked by the sign bit, so no branch), each side's end at its table end.
     */
    private double[] perUnit() {
        if (!map.diverging()) {
            return new double[] {(ColorMap.SIZE - 1) / (high - low)};
        }
        // a side of zero length sends any value on it straight to its end (x · ∞, capped); 0 · ∞ is NaN, cast to 0
        return new double[] {ColorMap.MIDDLE / high, ColorMap.MIDDLE / Math.abs(low)};
    }

    /** Measured from the middle, so +x and -x land the same number of entries from it when the sides are equal. */
    private static int divergingIndex(float value, double[] perUnit) {
        int sign = Float.floatToRawIntBits(value) >> 31; // -1 when negative, else 0
        int k = (int) Math.min(Math.abs(value) * perUnit[-sign] + 0.5, ColorMap.MIDDLE);
        return ColorMap.MIDDLE + ((k ^ sign) - sign);
    }

    private static int sequentialIndex(float value, double low, double entriesPerUnit) {
        return (int) Math.max(0, Math.min((value - low) * entriesPerUnit + 0.5, ColorMap.SIZE - 1));
    }

    /** The opaque ARGB colour of {@code value}; a gap's is transparent. */
    public int argb(float value) {
        int i = index(value);
        return i >= 0 ? map.argb(i) : Float.floatToRawIntBits(value) == Grid.GAP_BITS ? GAP_ARGB : ColorMap.NAN_ARGB;
    }

    /**
     * The colours of {@code count} values from {@code values[from]} into {@code argb} from {@code to}: what
     * {@link #argb(float)} gives each, with the scale's constants worked out once.
     */
    public void argb(float[] values, int from, int count, int[] argb, int to) {
        int[] table = map.tableUnsafe();
        if (high == low) {
            for (int i = 0; i < count; i++) {
                argb[to + i] = argb(values[from + i]);
            }
            return;
        }
        boolean diverging = map.diverging();
        double[] perUnit = perUnit();
        double seqPerUnit = perUnit[0];
        for (int i = 0; i < count; i++) {
            float x = values[from + i];
            argb[to + i] = x != x ? (Float.floatToRawIntBits(x) == Grid.GAP_BITS ? GAP_ARGB : ColorMap.NAN_ARGB)
                    : table[diverging ? divergingIndex(x, perUnit) : sequentialIndex(x, low, seqPerUnit)];
        }
    }
}
