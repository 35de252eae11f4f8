package dev.tensorlens.tensor.write;

/**
 * float32 → IEEE 754 binary16, rounding to nearest with ties to even, as numpy's {@code astype(np.float16)}
 * does (JDK 17 has no {@code Float.floatToFloat16}; it came in 20). Overflow gives ±infinity, values below half
 * the smallest subnormal give ±0, NaN stays a quiet NaN with the payload's top bits.
 */
public final class HalfFloat {

    private HalfFloat() {
    }

    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF) {
            // Infinity keeps a zero mantissa; NaN must keep a non-zero one, so set the quiet bit.
            return (short) (sign | 0x7C00 | (mantissa == 0 ? 0 : 0x200 | (mantissa >>> 13)));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (halfExponent <= 0) {
            if (halfExponent < -10) {
                return (short) sign; // below 2^-25: rounds to zero
            }
            // Subnormal half: the value is (1.m) × 2^(e-15); shift the 24-bit significand into 10 bits.
            int significand = mantissa | 0x800000;
            int shift = 14 - halfExponent;
            return (short) (sign | roundShift(significand, shift));
        }
        // A carry out of the mantissa correctly bumps the exponent (and 65520 and up become infinity).
        int half = (halfExponent << 10) | (mantissa >>> 13);
        return (short) (sign | roundHalfToEven(half, mantissa & 0x1FFF, 0x1000));
    }

    public static short[] fromFloats(float[] values) {
        short[] halves = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            halves[i] = fromFloat(values[i]);
        }
        return halves;
    }

    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int dropped = value & ((1 << shift) - 1);
        return roundHalfToEven(kept, dropped, 1 << (shift - 1));
    }

    private static int roundHalfToEven(int kept, int dropped, int halfway) {
        if (dropped > halfway || (dropped == halfway && (kept & 1) == 1)) {
            return kept + 1;
        }
        return kept;
    }
}
