package dev.tensorlens.tensor.image;

/**
 * Which colour each value gets: a {@link ColorMap} stretched over {@code [low, high]}. This range is what a legend
 * shows.
 *
 * <ul>
 *   <li>On a diverging map the scale is centred at 0 and symmetric, {@code [-h, h]} with h the largest finite |x|
 *       (matplotlib's {@code CenteredNorm}): 0 is the neutral middle colour, and a weight of +x is as far into the
 *       reds as -x is into the blues.</li>
 *   <li>On a sequential map it runs from the smallest to the largest finite value.</li>
 *   <li>NaN is drawn in {@link ColorMap#NAN_ARGB}; +Inf and values above {@code high} in the top colour, -Inf and
 *       values below {@code low} in the bottom colour (they are clamped, never wrapped).</li>
 *   <li>With no spread (every finite value equal, or none finite) every finite value gets the middle colour.</li>
 * </ul>
 *
 * @param map  the colours
 * @param low  the value drawn in the bottom colour
 * @param high the value drawn in the top colour, {@code >= low}
 */
public record ColorScale(ColorMap map, double low, double high) {

    public ColorScale {
        if (!(low <= high)) {
            throw new IllegalArgumentException("scale [" + low + ", " + high + "] is empty or not a number");
        }
        if (map.diverging() && low != -high) {
            throw new IllegalArgumentException("a diverging scale is centred at 0, not [" + low + ", " + high + "]");
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

    /** The value drawn in the middle colour: 0 on a diverging map. */
    public double middle() {
        return map.diverging() ? 0 : low + (high - low) / 2;
    }

    /** The table index of {@code value}; -1 for NaN. */
    public int index(float value) {
        if (value != value) {
            return -1;
        }
        if (high == low) {
            return value > high ? ColorMap.SIZE - 1 : value < low ? 0 : ColorMap.MIDDLE;
        }
        return map.diverging() ? divergingIndex(value, ColorMap.MIDDLE / high)
                : sequentialIndex(value, low, (ColorMap.SIZE - 1) / (high - low));
    }

    /** Measured from the middle, so +x and -x land the same number of entries from it; no branch on the sign. */
    private static int divergingIndex(float value, double entriesPerUnit) {
        int k = (int) Math.min(Math.abs(value) * entriesPerUnit + 0.5, ColorMap.MIDDLE);
        int sign = Float.floatToRawIntBits(value) >> 31; // -1 when negative, else 0
        return ColorMap.MIDDLE + ((k ^ sign) - sign);
    }

    private static int sequentialIndex(float value, double low, double entriesPerUnit) {
        return (int) Math.max(0, Math.min((value - low) * entriesPerUnit + 0.5, ColorMap.SIZE - 1));
    }

    /** The opaque ARGB colour of {@code value}. */
    public int argb(float value) {
        int i = index(value);
        return i < 0 ? ColorMap.NAN_ARGB : map.argb(i);
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
        double perUnit = diverging ? ColorMap.MIDDLE / high : (ColorMap.SIZE - 1) / (high - low);
        for (int i = 0; i < count; i++) {
            float x = values[from + i];
            argb[to + i] = x != x ? ColorMap.NAN_ARGB
                    : table[diverging ? divergingIndex(x, perUnit) : sequentialIndex(x, low, perUnit)];
        }
    }
}
