package dev.focusnfix.nn.weights;

/**
 * Bit-exact conversions between float32 and the 16-bit float formats (IEEE half and bfloat16), done in Java so that
 * the result does not depend on the engine. Float to 16-bit rounds to nearest, ties to even, as PyTorch does.
 */
public final class HalfFloats {

    private HalfFloats() {}

    /** IEEE 754 binary16 bits to float (exact: every half value is a float). */
    public static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Float to IEEE 754 binary16 bits, round to nearest even; overflow gives infinity, NaN stays NaN. */
    public static short floatToHalf(float value) {
        int x = Float.floatToRawIntBits(value);
        int sign = (x >>> 16) & 0x8000;
        int exponent = (x >>> 23) & 0xff;
        int mantissa = x & 0x7fffff;
        if (exponent == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
        }
        int halfExponent = exponent - 112;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (halfExponent <= 0) {
            // Result is subnormal (or zero): value / 2^-24, rounded. Float subnormals are far below half's range.
            if (exponent == 0) {
                return (short) sign;
            }
            int fullMantissa = mantissa | 0x800000;
            int shift = 14 - halfExponent;
            if (shift > 24) {
                return (short) sign;
            }
            int halfMantissa = fullMantissa >>> shift;
            int remainder = fullMantissa & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (remainder > halfway || (remainder == halfway && (halfMantissa & 1) == 1)) {
                halfMantissa++;
            }
            return (short) (sign | halfMantissa);
        }
        int bits = (halfExponent << 10) | (mantissa >>> 13);
        int remainder = mantissa & 0x1fff;
        // A carry out of the mantissa correctly bumps the exponent (up to infinity).
        if (remainder > 0x1000 || (remainder == 0x1000 && (bits & 1) == 1)) {
            bits++;
        }
        return (short) (sign | bits);
    }

    /** bfloat16 bits to float (exact: the upper half of a float). */
    public static float bfloat16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }

    /** Float to bfloat16 bits, round to nearest even; NaN stays a (quiet) NaN. */
    public static short floatToBfloat16(float value) {
        int x = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((x >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((x >>> 16) & 1);
        return (short) ((x + rounding) >>> 16);
    }
}
