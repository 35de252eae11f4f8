package dev.tensorlens.tensor;

/**
 * Conversions from the small floating-point formats to {@code float}. Bit layouts from IEEE 754 (binary16),
 * Google's bfloat16, and the OCP 8-bit floating point specification (E4M3FN, E5M2, E8M0) with the FNUZ
 * variants as ml_dtypes defines them (bias one higher, no negative zero, 0x80 is the only NaN).
 */
public final class Floats {

    private static final float[] E4M3FN = new float[256];
    private static final float[] E5M2 = new float[256];
    private static final float[] E8M0 = new float[256];
    private static final float[] E4M3FNUZ = new float[256];
    private static final float[] E5M2FNUZ = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            E4M3FN[b] = minifloat(b, 4, 3, 7, false, true);
            E5M2[b] = minifloat(b, 5, 2, 15, true, false);
            E4M3FNUZ[b] = b == 0x80 ? Float.NaN : minifloat(b, 4, 3, 8, false, false);
            E5M2FNUZ[b] = b == 0x80 ? Float.NaN : minifloat(b, 5, 2, 16, false, false);
            // E8M0: an unsigned power of two, 2^(b-127); 0xFF is NaN
            E8M0[b] = b == 0xFF ? Float.NaN : (float) Math.scalb(1.0, b - 127);
        }
    }

    private Floats() {
    }

    /** IEEE 754 binary16 (Java 17 has no {@code Float.float16ToFloat}; it came in 20). */
    public static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int man = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (man << 13)); // inf, or NaN keeping its payload
        }
        if (exp == 0) {
            if (man == 0) {
                return Float.intBitsToFloat(sign); // signed zero
            }
            float subnormal = man * 0x1p-24f; // exact: 10 bits times a power of two
            return sign == 0 ? subnormal : -subnormal;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (man << 13));
    }

    /** bfloat16: the top half of a float32. */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    public static float float8E4M3FN(byte b) {
        return E4M3FN[b & 0xFF];
    }

    public static float float8E5M2(byte b) {
        return E5M2[b & 0xFF];
    }

    public static float float8E8M0(byte b) {
        return E8M0[b & 0xFF];
    }

    public static float float8E4M3FNUZ(byte b) {
        return E4M3FNUZ[b & 0xFF];
    }

    public static float float8E5M2FNUZ(byte b) {
        return E5M2FNUZ[b & 0xFF];
    }

    /**
     * A sign bit, {@code e} exponent bits and {@code m} mantissa bits. {@code ieeeSpecials}: an all-ones
     * exponent means infinity or NaN (E5M2). {@code fnNan}: only all-ones exponent and mantissa is NaN, the
     * rest are finite (E4M3FN).
     */
    private static float minifloat(int b, int e, int m, int bias, boolean ieeeSpecials, boolean fnNan) {
        int sign = (b >> (e + m)) & 1;
        int exp = (b >> m) & ((1 << e) - 1);
        int man = b & ((1 << m) - 1);
        int maxExp = (1 << e) - 1;
        if (ieeeSpecials && exp == maxExp) {
            return man == 0 ? (sign == 1 ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY) : Float.NaN;
        }
        if (fnNan && exp == maxExp && man == (1 << m) - 1) {
            return Float.NaN;
        }
        double value = exp == 0
                ? Math.scalb((double) man / (1 << m), 1 - bias)
                : Math.scalb(1.0 + (double) man / (1 << m), exp - bias);
        return (float) (sign == 1 ? -value : value);
    }
}
