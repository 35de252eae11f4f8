package dev.tensorlens.tensor.write;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A non-negative decimal {@code unscaled × 10^exponent} small enough for a long, the digits numpy's printing works
 * with. Long arithmetic instead of {@link BigDecimal} because a table page formats tens of thousands of values at once,
 * and {@code new BigDecimal(double)} writes out every one of a double's exact digits before it can round.
 */
record Decimal(long unscaled, int exponent) {

    static final Decimal ZERO = new Decimal(0, 0);

    /** 5^0 … 5^27 and 10^0 … 10^18, the powers that fit a long. */
    private static final long[] FIVES = new long[28];
    private static final long[] TENS = new long[19];

    static {
        FIVES[0] = 1;
        for (int i = 1; i < FIVES.length; i++) {
            FIVES[i] = FIVES[i - 1] * 5;
        }
        TENS[0] = 1;
        for (int i = 1; i < TENS.length; i++) {
            TENS[i] = TENS[i - 1] * 10;
        }
    }

    boolean isZero() {
        return unscaled == 0;
    }

    /** Digits in {@link #unscaled} (1 for zero). */
    int digits() {
        int n = 1;
        while (n < TENS.length && unscaled >= TENS[n]) {
            n++;
        }
        return n;
    }

    /** The power of ten of the first digit. */
    int leading() {
        return exponent + digits() - 1;
    }

    /** The same value without trailing zeros in {@link #unscaled}. */
    Decimal stripped() {
        if (unscaled == 0) {
            return ZERO;
        }
        long u = unscaled;
        int e = exponent;
        while (u % 10 == 0) {
            u /= 10;
            e++;
        }
        return new Decimal(u, e);
    }

    static Decimal of(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.signum() == 0 ? ZERO : new Decimal(s.unscaledValue().longValueExact(), -s.scale());
    }

    /** Reads a positive decimal such as Schubfach writes it: {@code 0.001}, {@code 123.45}, {@code 1.234E-5}. */
    static Decimal parse(String s) {
        long u = 0;
        int exponent = 0;
        boolean afterPoint = false;
        int i = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                afterPoint = true;
            } else if (c == 'E' || c == 'e') {
                break;
            } else {
                u = u * 10 + (c - '0');
                if (afterPoint) {
                    exponent--;
                }
            }
        }
        if (i < s.length()) {
            exponent += Integer.parseInt(s.substring(i + 1));
        }
        return new Decimal(u, exponent).stripped();
    }

    /**
     * The exact value of {@code magnitude} (finite, non-negative) rounded half-even to a multiple of {@code 10^q},
     * as numpy's Dragon4 rounds the last digit it prints. Trailing zeros are kept: the result's exponent is
     * {@code q}.
     */
    static Decimal round(double magnitude, int q) {
        if (magnitude == 0) {
            return new Decimal(0, q);
        }
        long bits = Double.doubleToRawLongBits(magnitude);
        int biased = (int) (bits >>> 52);
        long m = bits & ((1L << 52) - 1);
        int e;
        if (biased == 0) {
            e = -1074;
        } else {
            m |= 1L << 52;
            e = biased - 1075;
        }
        int zeros = Long.numberOfTrailingZeros(m);
        m >>>= zeros;
        e += zeros;
        // magnitude / 10^q = m · 2^e · 5^-q · 2^-q
        int twos = e - q;
        long result;
        if (q <= 0) {
            if (-q >= FIVES.length || Math.multiplyHigh(m, FIVES[-q]) != 0 || m * FIVES[-q] < 0) {
                return slow(magnitude, q);
            }
            long p = m * FIVES[-q];
            if (twos >= 0) {
                if (twos >= 63 || Long.numberOfLeadingZeros(p) <= twos) {
                    return slow(magnitude, q);
                }
                result = p << twos;
            } else {
                if (-twos >= 63) {
                    return slow(magnitude, q);
                }
                result = divideHalfEven(p, 1L << -twos);
            }
        } else {
            if (q >= FIVES.length) {
                return slow(magnitude, q);
            }
            if (twos >= 0) {
                if (twos >= 63 || Long.numberOfLeadingZeros(m) <= twos) {
                    return slow(magnitude, q);
                }
                result = divideHalfEven(m << twos, FIVES[q]);
            } else {
                long five = FIVES[q];
                if (-twos >= 63 || Long.numberOfLeadingZeros(five) <= -twos) {
                    return slow(magnitude, q);
                }
                result = divideHalfEven(m, five << -twos);
            }
        }
        return new Decimal(result, q);
    }

    private static long divideHalfEven(long n, long d) {
        long quotient = n / d;
        long remainder = n - quotient * d;
        long rest = d - remainder; // compared with the remainder instead of doubling it, which could overflow
        if (remainder > rest || (remainder == rest && (quotient & 1) == 1)) {
            quotient++;
        }
        return quotient;
    }

    private static Decimal slow(double magnitude, int q) {
        BigDecimal r = new BigDecimal(magnitude).setScale(-q, RoundingMode.HALF_EVEN);
        return new Decimal(r.unscaledValue().longValueExact(), q);
    }
}
