package dev.tensorlens.tensor.stats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tensorlens.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every figure against numpy's, for every dtype and byte order in the fixture. */
class NumpyAgreementTest {

    /** Relative agreement asked for: float32 rounding. The double arithmetic usually does far better. */
    private static final double FLOAT32_RELATIVE = 6e-8;

    static List<JsonNode> cases() {
        return NumpyFixture.cases();
    }

    static List<JsonNode> comparisons() {
        return NumpyFixture.comparisons();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void statsMatchNumpy(JsonNode c) {
        TensorStats s = TensorStats.of(NumpyFixture.tensor(c));

        assertThat(s.count()).isEqualTo(c.get("count").asLong());
        assertThat(s.nan()).isEqualTo(c.get("nan").asLong());
        assertThat(s.posInf()).isEqualTo(c.get("posInf").asLong());
        assertThat(s.negInf()).isEqualTo(c.get("negInf").asLong());
        assertThat(s.zeros()).isEqualTo(c.get("zeros").asLong());
        assertThat(s.finiteCount()).isEqualTo(c.get("finite").asLong());
        // min and max are values of the data: exact but for complex magnitudes (hypot vs numpy's abs, a few ulps)
        assertDataValue(s.min(), NumpyFixture.number(c, "min"));
        assertDataValue(s.max(), NumpyFixture.number(c, "max"));
        assertDataValue(s.minNonZeroMagnitude(), NumpyFixture.number(c, "minNonZeroMagnitude"));
        assertDataValue(s.maxMagnitude(), NumpyFixture.number(c, "maxMagnitude"));
        assertClose(s.mean(), NumpyFixture.number(c, "mean"), Math.abs(NumpyFixture.number(c, "std")));
        assertClose(s.std(), NumpyFixture.number(c, "std"), 0);
        assertClose(s.l2Norm(), NumpyFixture.number(c, "l2"), 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void chunkedByThreeBytesIsTheOneShotResult(JsonNode c) {
        Tensor t = NumpyFixture.tensor(c);
        StatsAccumulator acc = new StatsAccumulator(t.dtype(), t.byteOrder());
        byte[] bytes = TestData.data(t);
        for (int at = 0; at < bytes.length; at += 3) {
            acc.accept(bytes, at, Math.min(3, bytes.length - at));
        }
        assertThat(acc.pendingBytes()).isZero();
        assertThat(acc.result()).isEqualTo(TensorStats.of(t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void percentilesMatchNumpyExactly(JsonNode c) {
        Tensor t = NumpyFixture.tensor(c);
        double[] q = NumpyFixture.doubles(c, "q");
        Percentiles p = Percentiles.of(t, q);

        assertThat(p.exact()).isTrue();
        assertThat(p.finiteCount()).isEqualTo(c.get("finite").asLong());
        if (c.get("percentiles").isNull()) {
            assertThat(p.values()).containsOnly(Double.NaN);
        } else {
            double[] expected = NumpyFixture.doubles(c, "percentiles");
            for (int i = 0; i < q.length; i++) {
                assertClose(p.values()[i], expected[i], 0);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void linearHistogramMatchesNumpy(JsonNode c) {
        Tensor t = NumpyFixture.tensor(c);
        Histogram h = Histogram.linear(t, TensorStats.of(t), 8);

        assertThat(h.scale()).isEqualTo(Histogram.Scale.LINEAR);
        assertThat(h.counts()).containsExactly(NumpyFixture.longs(c, "histCounts"));
        assertEdges(h.edges(), NumpyFixture.doubles(c, "histEdges"));
        assertThat(h.nan()).isEqualTo(c.get("nan").asLong());
        assertThat(h.posInf()).isEqualTo(c.get("posInf").asLong());
        assertThat(h.negInf()).isEqualTo(c.get("negInf").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void logMagnitudeHistogramMatchesNumpy(JsonNode c) {
        Tensor t = NumpyFixture.tensor(c);
        Histogram h = Histogram.logMagnitude(t, TensorStats.of(t), 8);

        assertThat(h.scale()).isEqualTo(Histogram.Scale.LOG10_MAGNITUDE);
        assertThat(h.counts()).containsExactly(NumpyFixture.longs(c, "logCounts"));
        assertEdges(h.edges(), NumpyFixture.doubles(c, "logEdges"));
        assertThat(h.zerosApart()).isEqualTo(c.get("logZeros").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("comparisons")
    void comparisonMatchesNumpy(JsonNode c) {
        Tensor a = NumpyFixture.tensor("a", c.get("aDtype").asText(), "LE", c.get("aHex").asText());
        Tensor b = NumpyFixture.tensor("b", c.get("bDtype").asText(), "LE", c.get("bHex").asText());
        TensorComparison d = TensorComparison.of(a, b);

        assertThat(d.count()).isEqualTo(c.get("count").asLong());
        assertThat(d.nonFinitePairs()).isEqualTo(c.get("nonFinitePairs").asLong());
        for (String field : List.of("diffNorm", "normA", "normB", "relativeChange", "cosine", "maxAbsDiff")) {
            double actual = switch (field) {
                case "diffNorm" -> d.diffNorm();
                case "normA" -> d.normA();
                case "normB" -> d.normB();
                case "relativeChange" -> d.relativeChange();
                case "cosine" -> d.cosine();
                default -> d.maxAbsDiff();
            };
            assertClose(actual, NumpyFixture.number(c, field), 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void byteOrderIsHonoured(JsonNode c) {
        Tensor t = NumpyFixture.tensor(c);
        if (t.dtype().size() == 1 || t.elementCount() == 0) {
            return; // one byte has no order; nothing to swap in an empty value
        }
        ByteOrder other = t.byteOrder() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        Tensor misread = Tensor.view(t.name(), t.dtype(), t.shape(), other, false, TestData.data(t), 0);
        assertThat(TensorStats.of(misread)).isNotEqualTo(TensorStats.of(t));
    }

    /** |actual - expected| within float32 rounding of the larger of the value and {@code scale}. */
    private static void assertClose(double actual, double expected, double scale) {
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
            return;
        }
        double tolerance = FLOAT32_RELATIVE * Math.max(Math.abs(expected), scale) + Double.MIN_NORMAL;
        assertThat(actual).isCloseTo(expected, within(tolerance));
    }

    private static void assertDataValue(double actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else {
            assertThat(actual).isCloseTo(expected, within(4 * Math.ulp(expected)));
        }
    }

    private static void assertEdges(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-12 * Math.max(1, Math.abs(expected[i]))));
        }
    }
}
