package dev.tensorlens.tensor.image;

import java.util.List;

/**
 * A colour map as a lookup table of {@link #SIZE} opaque ARGB ints, from the low end (index 0) to the high end.
 * The table has an odd size so that a diverging map has one entry exactly in the middle: 0 is drawn in the
 * neutral colour and +x and -x lie the same number of entries from it.
 *
 * <p>Opaque colours are the same in plain and premultiplied ARGB, so the entries can be written as they are into
 * an {@code INT_ARGB_PRE} pixel buffer.
 *
 * <p>The tables are interpolated linearly (in sRGB) between published anchor colours of each map: close to, not
 * bit-identical with, matplotlib's tables.
 */
public final class ColorMap {

    /** Entries in every table: 256 steps with an exact middle entry. */
    public static final int SIZE = 257;

    /** Index of the middle entry: where 0 falls on a diverging map. */
    public static final int MIDDLE = SIZE / 2;

    /** NaN cells: a bright magenta that neither map uses anywhere. */
    public static final int NAN_ARGB = 0xFFFF00FF;

    /**
     * Blue for negative, near-white for 0, red for positive: ColorBrewer's 11-class RdBu, reversed so that the sign
     * reads as in matplotlib's {@code RdBu_r} and {@code coolwarm}. For weights, activations, differences: anything
     * whose 0 means something.
     */
    public static final ColorMap DIVERGING = new ColorMap("diverging (RdBu)", true, List.of(
            0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7,
            0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f));

    /** Dark purple to yellow, perceptually even: matplotlib's default (viridis), for values with no centre. */
    public static final ColorMap VIRIDIS = new ColorMap("viridis", false, List.of(
            0x440154, 0x482878, 0x3e4a89, 0x31688e, 0x26828e,
            0x1f9e89, 0x35b779, 0x6dcd59, 0xb4de2c, 0xfde725));

    private final String name;
    private final boolean diverging;
    private final int[] table;

    private ColorMap(String name, boolean diverging, List<Integer> anchors) {
        this.name = name;
        this.diverging = diverging;
        this.table = interpolate(anchors);
    }

    private static int[] interpolate(List<Integer> anchors) {
        int[] table = new int[SIZE];
        int spans = anchors.size() - 1;
        for (int i = 0; i < SIZE; i++) {
            double t = i / (double) (SIZE - 1) * spans;
            int k = Math.min((int) t, spans - 1);
            double f = t - k;
            int a = anchors.get(k);
            int b = anchors.get(k + 1);
            table[i] = 0xFF000000 | mix(a >> 16, b >> 16, f) << 16 | mix(a >> 8, b >> 8, f) << 8 | mix(a, b, f);
        }
        return table;
    }

    private static int mix(int a, int b, double f) {
        a &= 0xFF;
        b &= 0xFF;
        return (int) Math.round(a + (b - a) * f);
    }

    public String name() {
        return name;
    }

    /** Whether the map is meant for a scale centred at 0 (see {@link ColorScale}). */
    public boolean diverging() {
        return diverging;
    }

    /** The opaque ARGB colour at {@code index}, 0 … {@link #SIZE} - 1. */
    public int argb(int index) {
        return table[index];
    }

    /** A copy of the whole table, low end first: for a colour bar. */
    public int[] table() {
        return table.clone();
    }

    /** The table itself, for the inner loop of this package. */
    int[] tableUnsafe() {
        return table;
    }

    @Override
    public String toString() {
        return name;
    }
}
