package dev.tensorlens.ui.plots;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Nice tick values and their labels, and the readouts' number formats. */
class AxisTicksTest {

    @Test
    void ticksAreNiceMultiplesWithinTheRange() {
        AxisTicks t = AxisTicks.linear(-0.212, 0.4, 6);
        assertThat(t.step()).isEqualTo(0.2);
        assertThat(t.values()).containsExactly(-0.2, 0, 0.2, 0.4);
        assertThat(AxisTicks.linear(0, 1000, 6).values()).containsExactly(0, 200, 400, 600, 800, 1000);
        assertThat(AxisTicks.linear(0.1, 0.35, 6).values()).containsExactly(0.1, 0.15, 0.2, 0.25, 0.3, 0.35);
        assertThat(AxisTicks.niceCeil(0, 3900, 6)).isEqualTo(4000);
        assertThat(AxisTicks.niceFloor(-0.0486, 0.09, 6)).isEqualTo(-0.05);
        assertThat(AxisTicks.decades(-3, 2, 10).values()).containsExactly(0.001, 0.01, 0.1, 1, 10, 100);
        assertThat(AxisTicks.decades(0, 12, 4).values()).containsExactly(1, 1e4, 1e8, 1e12);
    }

    @Test
    void labelsHaveTheDigitsTheStepNeeds() {
        assertThat(AxisTicks.label(0.15000000000000002, 0.05)).isEqualTo("0.15");
        assertThat(AxisTicks.label(-0.2, 0.2)).isEqualTo("-0.2");
        assertThat(AxisTicks.label(1e-17, 0.1)).isEqualTo("0");
        assertThat(AxisTicks.label(4000, 1000)).isEqualTo("4,000");
        assertThat(AxisTicks.label(3e-5, 1e-5)).isEqualTo("3e-05");
        assertThat(AxisTicks.label(2.5e6, 5e5)).isEqualTo("2.5e+06");
        assertThat(AxisTicks.count(950)).isEqualTo("950");
        assertThat(AxisTicks.count(9500)).isEqualTo("9,500");
        assertThat(AxisTicks.count(20_000)).isEqualTo("20k");
        assertThat(AxisTicks.count(1_500_000)).isEqualTo("1.5M");
    }

    @Test
    void binEdgesReadApartAndWithinATwentiethOfABin() {
        assertThat(PlotText.bin(-0.125, -0.1171875, false)).isEqualTo("[-0.1250, -0.1172)");
        assertThat(PlotText.bin(3, 4, true)).isEqualTo("[3.0, 4.0]");
        assertThat(PlotText.bin(29.7, 39.6, false)).isEqualTo("[29.7, 39.6)");
        assertThat(PlotText.bin(-1e-9, 0.01, false)).isEqualTo("[0.000, 0.010)"); // no "-0.000"
        assertThat(PlotText.bin(1.2345e-6, 1.2400e-6, false)).isEqualTo("[1.2345e-06, 1.2400e-06)");
        assertThat(PlotText.value(0.0312)).isEqualTo("0.0312");
        assertThat(PlotText.value(12.41)).isEqualTo("12.4");
        assertThat(PlotText.value(Double.NEGATIVE_INFINITY)).isEqualTo("−Inf");
    }
}
