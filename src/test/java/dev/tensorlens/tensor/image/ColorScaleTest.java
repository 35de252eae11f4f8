package dev.tensorlens.tensor.image;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColorScaleTest {

    static final int TOP = ColorMap.SIZE - 1;

    @Test
    void everyEntryIsOpaqueSoItIsTheSameInPremultipliedArgb() {
        for (ColorMap map : new ColorMap[] {ColorMap.DIVERGING, ColorMap.VIRIDIS}) {
            for (int argb : map.table()) {
                assertThat(argb >>> 24).isEqualTo(0xFF);
            }
        }
        assertThat(ColorMap.NAN_ARGB >>> 24).isEqualTo(0xFF);
    }

    @Test
    void aDivergingScaleIsCentredAtZeroAndSymmetric() {
        ColorScale s = ColorScale.fitted(ColorMap.DIVERGING, ValueRange.of(new float[] {-1, 0.25f, 4}));
        assertThat(s.low()).isEqualTo(-4);
        assertThat(s.high()).isEqualTo(4);
        assertThat(s.middle()).isZero();
        assertThat(s.index(0f)).isEqualTo(ColorMap.MIDDLE);
        assertThat(s.index(-0f)).isEqualTo(ColorMap.MIDDLE);
        assertThat(s.argb(0f)).isEqualTo(0xFFF7F7F7); // the neutral middle of RdBu
        assertThat(s.index(4f)).isEqualTo(TOP);
        assertThat(s.index(-4f)).isZero();
        for (float x : new float[] {0.001f, 0.3f, 1f, 2.5f, 3.99f}) {
            assertThat(s.index(x) - ColorMap.MIDDLE).isEqualTo(ColorMap.MIDDLE - s.index(-x));
        }
        // negative is blue, positive red
        assertThat(blue(s.argb(-3f))).isGreaterThan(red(s.argb(-3f)));
        assertThat(red(s.argb(3f))).isGreaterThan(blue(s.argb(3f)));
    }

    @Test
    void aSequentialScaleRunsFromMinToMax() {
        ColorScale s = ColorScale.fitted(ColorMap.VIRIDIS, ValueRange.of(new float[] {2, 3, 6}));
        assertThat(s.low()).isEqualTo(2);
        assertThat(s.high()).isEqualTo(6);
        assertThat(s.middle()).isEqualTo(4);
        assertThat(s.index(2f)).isZero();
        assertThat(s.index(6f)).isEqualTo(TOP);
        assertThat(s.index(4f)).isEqualTo(ColorMap.MIDDLE);
        assertThat(s.argb(2f)).isEqualTo(0xFF440154);
        assertThat(s.argb(6f)).isEqualTo(0xFFFDE725);
    }

    @Test
    void nanHasItsOwnColourAndInfinitiesAndOutliersClampToTheEnds() {
        for (ColorMap map : new ColorMap[] {ColorMap.DIVERGING, ColorMap.VIRIDIS}) {
            ColorScale s = ColorScale.fitted(map, ValueRange.of(new float[] {-1, 1, Float.NaN, Float.POSITIVE_INFINITY}));
            assertThat(s.index(Float.NaN)).isEqualTo(-1);
            assertThat(s.argb(Float.NaN)).isEqualTo(ColorMap.NAN_ARGB);
            assertThat(map.table()).doesNotContain(ColorMap.NAN_ARGB);
            assertThat(s.index(Float.POSITIVE_INFINITY)).isEqualTo(TOP);
            assertThat(s.index(Float.NEGATIVE_INFINITY)).isZero();
            assertThat(s.index(100f)).isEqualTo(TOP);
            assertThat(s.index(-100f)).isZero();
            assertThat(s.index(Float.MAX_VALUE)).isEqualTo(TOP);
        }
    }

    @Test
    void withNoSpreadEveryFiniteValueIsTheMiddleColour() {
        ColorScale zeros = ColorScale.fitted(ColorMap.DIVERGING, ValueRange.of(new float[] {0, 0, -0f}));
        assertThat(zeros.low()).isZero();
        assertThat(zeros.high()).isZero();
        assertThat(zeros.index(0f)).isEqualTo(ColorMap.MIDDLE);
        assertThat(zeros.index(Float.POSITIVE_INFINITY)).isEqualTo(TOP);
        assertThat(zeros.index(Float.NEGATIVE_INFINITY)).isZero();

        ColorScale constant = ColorScale.fitted(ColorMap.VIRIDIS, ValueRange.of(new float[] {5, 5}));
        assertThat(constant.index(5f)).isEqualTo(ColorMap.MIDDLE);

        ColorScale nothingFinite = ColorScale.fitted(ColorMap.VIRIDIS, ValueRange.of(new float[] {Float.NaN}));
        assertThat(nothingFinite.low()).isZero();
        assertThat(nothingFinite.argb(Float.NaN)).isEqualTo(ColorMap.NAN_ARGB);
    }

    @Test
    void anEmptyOrOffCentreScaleIsRefused() {
        assertThatThrownBy(() -> new ColorScale(ColorMap.VIRIDIS, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ColorScale(ColorMap.VIRIDIS, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ColorScale(ColorMap.DIVERGING, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ColorScale(ColorMap.DIVERGING, -2, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClampNarrowsTheScaleAndValuesBeyondItTakeTheEndColours() {
        ValueRange data = ValueRange.of(new float[] {-3, -0.1f, 0, 0.2f, 5});
        ColorScale seq = ColorScale.clamped(ColorMap.VIRIDIS, data, ValueRange.span(-0.5, 0.5));
        assertThat(seq.low()).isEqualTo(-0.5);
        assertThat(seq.high()).isEqualTo(0.5);
        assertThat(seq.index(5f)).isEqualTo(TOP);
        assertThat(seq.index(0.5f)).isEqualTo(TOP);
        assertThat(seq.index(0.49f)).isLessThan(TOP);
        assertThat(seq.index(-3f)).isZero();
        assertThat(seq.cutsHigh(data)).isTrue();
        assertThat(seq.cutsLow(data)).isTrue();
        assertThat(ColorScale.fitted(ColorMap.VIRIDIS, data).cutsHigh(data)).isFalse();
        assertThat(ColorScale.clamped(ColorMap.VIRIDIS, data, null)).isEqualTo(ColorScale.fitted(ColorMap.VIRIDIS, data));

        // diverging: 0 stays the neutral middle, each side stretched to its own end (TwoSlopeNorm)
        ColorScale div = ColorScale.clamped(ColorMap.DIVERGING, data, ValueRange.span(-0.2, 1));
        assertThat(div.low()).isEqualTo(-0.2);
        assertThat(div.high()).isEqualTo(1);
        assertThat(div.index(0f)).isEqualTo(ColorMap.MIDDLE);
        assertThat(div.index(-0.2f)).isZero();
        assertThat(div.index(-0.1f)).isEqualTo(ColorMap.MIDDLE / 2 + (ColorMap.MIDDLE % 2)); // half way down
        assertThat(div.index(1f)).isEqualTo(TOP);
        assertThat(div.index(0.5f)).isEqualTo(ColorMap.MIDDLE + ColorMap.MIDDLE / 2);
        assertThat(div.index(5f)).isEqualTo(TOP);
        // a clamp on one side of 0 is widened to take 0 in
        ColorScale positive = ColorScale.clamped(ColorMap.DIVERGING, data, ValueRange.span(0.1, 2));
        assertThat(positive.low()).isZero();
        assertThat(positive.index(-1f)).isZero();
        assertThat(positive.index(0f)).isEqualTo(ColorMap.MIDDLE);
        assertThat(positive.index(2f)).isEqualTo(TOP);
        int[] bulk = new int[3];
        positive.argb(new float[] {-1, 0, 2}, 0, 3, bulk, 0);
        assertThat(bulk).containsExactly(positive.argb(-1f), positive.argb(0f), positive.argb(2f));
    }

    @Test
    void aGapIsTransparentAndANanIsNot() {
        ColorScale s = new ColorScale(ColorMap.DIVERGING, -1, 1);
        assertThat(s.argb(Grid.GAP)).isEqualTo(ColorScale.GAP_ARGB);
        assertThat(s.argb(Float.NaN)).isEqualTo(ColorMap.NAN_ARGB);
        int[] bulk = new int[2];
        s.argb(new float[] {Grid.GAP, Float.NaN}, 0, 2, bulk, 0);
        assertThat(bulk).containsExactly(ColorScale.GAP_ARGB, ColorMap.NAN_ARGB);
    }

    @Test
    void theBulkColoursAreThoseOfEachValue() {
        Random r = new Random(9);
        float[] values = new float[5000];
        for (int i = 0; i < values.length; i++) {
            int kind = r.nextInt(40);
            values[i] = kind == 0 ? Float.NaN : kind == 1 ? Float.POSITIVE_INFINITY : kind == 2
                    ? Float.NEGATIVE_INFINITY : kind == 3 ? -0f : kind == 4 ? 3f * (r.nextInt(513) - 256) / 256
                    : (float) (r.nextGaussian() * 2);
        }
        for (ColorScale s : new ColorScale[] {new ColorScale(ColorMap.DIVERGING, -3, 3),
                new ColorScale(ColorMap.VIRIDIS, -1, 2.5), new ColorScale(ColorMap.VIRIDIS, 1, 1),
                new ColorScale(ColorMap.DIVERGING, 0, 0), new ColorScale(ColorMap.DIVERGING, -0.5, 2),
                new ColorScale(ColorMap.DIVERGING, 0, 2), new ColorScale(ColorMap.DIVERGING, -2, 0)}) {
            int[] bulk = new int[values.length + 2];
            s.argb(values, 1, values.length - 1, bulk, 2);
            for (int i = 1; i < values.length; i++) {
                assertThat(bulk[i + 1]).as("%s of %s", values[i], s).isEqualTo(s.argb(values[i]));
            }
        }
    }

    static int red(int argb) {
        return argb >> 16 & 0xFF;
    }

    static int blue(int argb) {
        return argb & 0xFF;
    }
}
