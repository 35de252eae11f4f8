package dev.tensorlens.tensor.write;

import dev.tensorlens.tensor.Floats;

import java.math.BigDecimal;

/**
 * numpy's {@code FloatingFormat} (numpy/core/arrayprint.py, 1.14 and later, defaults: {@code floatmode='maxprec'},
 * {@code precision=8}, {@code suppress=False}) over one block of values: the block decides positional or scientific
 * notation and the pad widths, then each value is written in them.
 *
 * <ul>
 *   <li>Scientific when a finite non-zero magnitude is 1e8 or more, or below 1e-4, or the largest is more than 1000
 *       times the smallest; positional otherwise.</li>
 *   <li>Positional: each value's shortest round-trip digits for its own width, rounded (half-even, on the exact binary
 *       value) to 8 fractional digits when they have more, and never short of the units digit (the exact integer
 *       part of a float32 above 2^24); trailing zeros go but the point stays ({@code "1."}). Integer parts are
 *       right-aligned to the longest, fractions left-aligned and padded with spaces.</li>
 *   <li>Scientific: the shortest digits, at most 9 significant, decide how many fractional digits the longest
 *       mantissa needs; every mantissa is then given that many, a shorter one by more digits of its exact binary
 *       value (rounded half-even), not by zeros: numpy's {@code min_digits}, so float32 105.8275 reads
 *       {@code 1.05827499e+02} beside a value that needs eight. Every exponent has as many digits as the longest (two
 *       at least): {@code 1.0e-05}, {@code 1.5e+00}.</li>
 *   <li>NaN and infinities are right-aligned in the same width, which grows when "nan" or "-inf" does not fit.</li>
 * </ul>
 */
final class NumpyFloats {

    /** The digits a value's bits are read back by: numpy writes each dtype's own shortest round trip. */
    enum Width { HALF, SINGLE, DOUBLE }

    /** numpy's default {@code precision}: fractional digits in positional notation, after the first in scientific. */
    private static final int PRECISION = 8;

    private final String[] padded;

    private NumpyFloats(String[] padded) {
        this.padded = padded;
    }

    /**
     * The block {@code values} (each exact in {@code width}) formatted together. {@code plusSign}: numpy's
     * {@code sign='+'}, used for the imaginary parts of complex numbers.
     */
    static NumpyFloats of(double[] values, Width width, boolean plusSign) {
        int n = values.length;
        boolean scientific = scientific(values, width);
        // numpy's first pass: each finite value's own digits, which size the block
        Decimal[] digits = new Decimal[n];
        int padLeft = 0;
        int padRight = 0;
        int expSize = 0;
        boolean nonFinite = false;
        boolean negativeInfinity = false;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                nonFinite = true;
                negativeInfinity |= v == Double.NEGATIVE_INFINITY;
                continue;
            }
            int signLength = sign(v, plusSign).length();
            Decimal d = shortest(v, width);
            if (scientific) {
                if (d.digits() > PRECISION + 1) {
                    d = Decimal.round(Math.abs(v), exactLeading(Math.abs(v), d) - PRECISION).stripped();
                }
                padLeft = Math.max(padLeft, signLength + 1);
                padRight = Math.max(padRight, d.isZero() ? 0 : d.digits() - 1);
                expSize = Math.max(expSize, exponentText(d.isZero() ? 0 : d.leading()).length() - 1);
            } else {
                if (d.exponent() < -PRECISION) {
                    d = Decimal.round(Math.abs(v), -PRECISION).stripped();
                } else if (d.exponent() > 0) {
                    // numpy prints every digit before the point (its min_digits=0): float32 99999992 is 99999992.,
                    // not the 99999990. its shortest digits say
                    d = Decimal.round(Math.abs(v), 0);
                }
                padLeft = Math.max(padLeft, signLength + wholeDigits(d).length());
                padRight = Math.max(padRight, fraction(d).length());
            }
            digits[i] = d;
        }
        int fracDigits = padRight;
        if (scientific) {
            // numpy keeps pad_right only to size the non-finite values: the whole tail after the point
            padRight = expSize + 2 + fracDigits;
        }
        if (nonFinite) {
            int infLength = 3 + (plusSign || negativeInfinity ? 1 : 0);
            int afterPoint = padRight + 1;
            padLeft = Math.max(padLeft, Math.max(3 - afterPoint, infLength - afterPoint));
        }
        String[] padded = new String[n];
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double v = values[i];
            b.setLength(0);
            if (!Double.isFinite(v)) {
                String s = Double.isNaN(v) ? (plusSign ? "+nan" : "nan")
                        : (v < 0 ? "-" : plusSign ? "+" : "") + "inf";
                pad(b, ' ', padLeft + padRight + 1 - s.length()).append(s);
            } else if (scientific) {
                scientificText(b, v, digits[i], sign(v, plusSign), padLeft, fracDigits, expSize);
            } else {
                String whole = sign(v, plusSign) + wholeDigits(digits[i]);
                String frac = fraction(digits[i]);
                pad(b, ' ', padLeft - whole.length()).append(whole).append('.').append(frac);
                pad(b, ' ', padRight - frac.length());
            }
            padded[i] = b.toString();
        }
        return new NumpyFloats(padded);
    }

    /**
     * numpy's second pass in scientific notation: {@code fracDigits} after the point, the value's own digits when it
     * has that many, more digits of its exact value otherwise ({@code min_digits}).
     */
    private static void scientificText(StringBuilder b, double v, Decimal first, String sign, int padLeft,
                                       int fracDigits, int expSize) {
        Decimal d = first;
        if (!d.isZero() && d.digits() - 1 < fracDigits) {
            // the digits are counted from the exact value's first: float16 0.1 is 0.0999755859375, 9.998e-02
            d = Decimal.round(Math.abs(v), exactLeading(Math.abs(v), first) - fracDigits);
            if (d.digits() > fracDigits + 1) {
                // rounded up to the next power of ten: 1000…0, one digit too many
                d = new Decimal(d.unscaled() / 10, d.exponent() + 1);
            }
        }
        String mantissa = Long.toString(d.unscaled());
        String exponent = exponentText(d.isZero() ? 0 : d.leading());
        pad(b, ' ', padLeft - sign.length() - 1).append(sign).append(mantissa.charAt(0)).append('.')
                .append(mantissa, 1, mantissa.length());
        // an exact value with fewer digits than asked for (0.5, or zero) is completed with zeros
        pad(b, '0', fracDigits + 1 - mantissa.length()).append('e').append(exponent.charAt(0));
        pad(b, '0', expSize - (exponent.length() - 1)).append(exponent, 1, exponent.length());
    }

    /**
     * The power of ten of the first digit of {@code magnitude}'s exact value, given its shortest digits: the same
     * but where those round up to a power of ten (float16 0.1 is below 0.1). No other power of ten can lie between a
     * value and its shortest digits, or it would be the shortest.
     */
    private static int exactLeading(double magnitude, Decimal shortest) {
        int leading = shortest.leading();
        if (shortest.unscaled() != 1) {
            return leading;
        }
        boolean below = leading >= 0 && leading <= 22
                ? magnitude < Math.pow(10, leading) // 10^0 … 10^22 are exact in a double
                : new BigDecimal(magnitude).compareTo(BigDecimal.ONE.scaleByPowerOfTen(leading)) < 0;
        return below ? leading - 1 : leading;
    }

    /** The digits before the point of {@code d}, "0" when there are none. */
    private static String wholeDigits(Decimal d) {
        String s = Long.toString(d.unscaled());
        if (d.exponent() >= 0) {
            return d.isZero() ? "0" : s + "0".repeat(d.exponent());
        }
        int whole = s.length() + d.exponent();
        return whole <= 0 ? "0" : s.substring(0, whole);
    }

    /** The digits after the point of {@code d}, as many as its exponent says. */
    private static String fraction(Decimal d) {
        if (d.exponent() >= 0) {
            return "";
        }
        String s = Long.toString(d.unscaled());
        int places = -d.exponent();
        return s.length() > places ? s.substring(s.length() - places) : "0".repeat(places - s.length()) + s;
    }

    private static String sign(double v, boolean plusSign) {
        // -0.0 keeps its sign, as numpy prints it
        return Double.doubleToRawLongBits(v) < 0 ? "-" : plusSign ? "+" : "";
    }

    /** {@code +05}, {@code -12}, {@code +308}: a sign and two digits at least. */
    private static String exponentText(int exponent) {
        String e = Integer.toString(Math.abs(exponent));
        return (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" : "") + e;
    }

    private static StringBuilder pad(StringBuilder b, char c, int n) {
        for (int i = 0; i < n; i++) {
            b.append(c);
        }
        return b;
    }

    /** Value {@code i} in the block's field width. */
    String padded(int i) {
        return padded[i];
    }

    /** Value {@code i} without the spaces around it (the zeros that complete a mantissa stay). */
    String text(int i) {
        return padded[i].strip();
    }

    /**
     * numpy's choice, made on the finite non-zero magnitudes. The ratio is worked out in the dtype, as numpy divides
     * two scalars of it (a float32 quotient of 1000.00006 is 1000 in float32 and stays positional); the thresholds
     * are compared as doubles, as numpy compares a scalar with a Python float (float32 1e-4 is below 1e-4).
     */
    private static boolean scientific(double[] values, Width width) {
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v) && v != 0) {
                double a = Math.abs(v);
                max = Math.max(max, a);
                min = Math.min(min, a);
            }
        }
        if (max == 0) {
            return false;
        }
        double ratio = switch (width) {
            case DOUBLE -> max / min;
            case SINGLE -> (float) max / (float) min;
            case HALF -> Floats.halfToFloat(HalfFloat.fromFloat((float) max / (float) min));
        };
        return max >= 1e8 || min < 1e-4 || ratio > 1000;
    }

    private static Decimal shortest(double v, Width width) {
        return switch (width) {
            case DOUBLE -> ShortestDigits.dbl(v);
            case SINGLE -> ShortestDigits.single((float) v);
            case HALF -> ShortestDigits.half(HalfFloat.fromFloat((float) v));
        };
    }
}
