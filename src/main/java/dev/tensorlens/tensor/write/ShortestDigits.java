package dev.tensorlens.tensor.write;

import com.fasterxml.jackson.core.io.NumberOutput;
import dev.tensorlens.tensor.Floats;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The shortest decimal that reads back as the same binary value, chosen the way numpy's Dragon4 chooses it (the fewest
 * significant digits; of two candidates that short, the closer, a tie going to the even digit; the interval's ends
 * count when the significand is even). Results are magnitudes, without trailing zeros.
 *
 * <p>Normal float32 and float64 values go through Schubfach (jackson-core's {@code NumberOutput}), which agrees with
 * Dragon4 there and is much faster. Subnormals do not: where one digit would do, Java's rule (which Schubfach follows)
 * writes the closest decimal of two digits, {@code 1.4E-45} where numpy prints {@code 1e-45}; those, and every
 * float16 (numpy reads float16 digits by float16 neighbours), go through {@link #dragon}.
 */
final class ShortestDigits {

    /** float16 has only 2^15 magnitudes: each is worked out once. */
    private static final Decimal[] HALVES = new Decimal[1 << 15];

    private ShortestDigits() {
    }

    /** The magnitude of the finite float16 {@code bits}. */
    static Decimal half(short bits) {
        int magnitude = bits & 0x7FFF;
        Decimal known = HALVES[magnitude];
        if (known == null) {
            int exp = magnitude >>> 10;
            int man = magnitude & 0x3FF;
            boolean normal = exp != 0;
            long significand = normal ? man | 0x400 : man;
            int exp2 = (normal ? exp : 1) - 25;
            // below a power of two the neighbour is half as far, except at the bottom of the normal range
            known = Decimal.of(dragon(Floats.halfToFloat((short) magnitude), significand, exp2,
                    normal && man == 0 && exp > 1));
            HALVES[magnitude] = known; // a benign race: every thread computes the same value
        }
        return known;
    }

    /** The magnitude of the finite float32 {@code x}. */
    static Decimal single(float x) {
        float a = Math.abs(x);
        if (a >= Float.MIN_NORMAL) {
            return Decimal.parse(NumberOutput.toString(a, true));
        }
        return Decimal.of(dragon(a, Float.floatToRawIntBits(a), -149, false));
    }

    /** The magnitude of the finite float64 {@code x}. */
    static Decimal dbl(double x) {
        double a = Math.abs(x);
        if (a >= Double.MIN_NORMAL) {
            return Decimal.parse(NumberOutput.toString(a, true));
        }
        return Decimal.of(dragon(a, Double.doubleToRawLongBits(a), -1074, false));
    }

    /**
     * Dragon4's shortest digits of {@code value = significand · 2^exp2} (a non-negative value exact in a double):
     * for one significant digit, then two, …, the value truncated to that many digits and the next decimal up are
     * tried against the rounding interval, half an ulp either side ({@code unequalMargins}: a quarter below, at a
     * power of two).
     */
    static BigDecimal dragon(double value, long significand, int exp2, boolean unequalMargins) {
        if (value == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal v = new BigDecimal(value);
        BigDecimal marginHigh = powerOfTwo(exp2 - 1);
        BigDecimal marginLow = unequalMargins ? powerOfTwo(exp2 - 2) : marginHigh;
        boolean inclusive = (significand & 1) == 0;
        int leading = v.precision() - v.scale() - 1; // the exponent of v's first digit
        for (int digits = 1; ; digits++) {
            int scale = digits - 1 - leading;
            BigDecimal down = v.setScale(scale, RoundingMode.DOWN);
            BigDecimal below = v.subtract(down);
            if (below.signum() == 0) {
                return down.stripTrailingZeros();
            }
            BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(-scale);
            BigDecimal above = unit.subtract(below);
            boolean low = within(below, marginLow, inclusive);
            boolean high = within(above, marginHigh, inclusive);
            if (low || high) {
                boolean roundDown;
                if (low && high) {
                    int c = below.compareTo(above);
                    roundDown = c < 0 || (c == 0 && !down.unscaledValue().testBit(0));
                } else {
                    roundDown = low;
                }
                return (roundDown ? down : down.add(unit)).stripTrailingZeros();
            }
        }
    }

    private static boolean within(BigDecimal distance, BigDecimal margin, boolean inclusive) {
        int c = distance.compareTo(margin);
        return inclusive ? c <= 0 : c < 0;
    }

    /** 2^k exactly, for any k a float format needs (2^-1076 included, which a double cannot hold). */
    private static BigDecimal powerOfTwo(int k) {
        if (k >= 0) {
            return new BigDecimal(BigInteger.ONE.shiftLeft(k));
        }
        // 2^-n = 5^n / 10^n
        return new BigDecimal(BigInteger.valueOf(5).pow(-k), -k);
    }
}
