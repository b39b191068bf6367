package org.mdn4j.mixture;

/**
 * exp(x) in double precision written out in Java, so that the JIT inlines it: the softmax of a
 * single prediction takes K − 1 exponentials in a row, and {@link Math#exp} is a call into the
 * JVM's stub, around which the compiled code saves and restores its floating-point registers, so
 * two calls in a row run one after the other. Inlined, the second starts while the first is still
 * in flight. Side by side in one JVM (scripts/prediction-ab, the seed's model), a single
 * prediction's time fell by 3–6% against {@code Math.exp}; with no exponential at all it would
 * have fallen by a fifth: the exponentials are the largest part of the mixture's share.
 *
 * <p>Method: x = n·ln 2 + r with n = round(x / ln 2) and |r| ≤ ln 2 / 2 (Cody and Waite's ln 2
 * in two parts, each subtracted by a fused multiply-add, so r is exact to well below an ulp), then
 * e^r = 1 + r + r²·Q(r) with Q the Taylor series of (e^r − 1 − r) / r² to r¹¹ (truncation below
 * 10⁻¹⁷ of the result), evaluated by Estrin's scheme with fused multiply-adds (a short dependent
 * chain), and the result scaled by 2ⁿ through its exponent bits. Adding the 1 last keeps the
 * rounding of the small terms out of the leading digit.
 *
 * <p>Accuracy: within 1 ulp of {@link StrictMath#exp} (fdlibm, itself within 1 ulp of the exact
 * value) for |x| &lt; 708, checked over millions of arguments by InlineExpTest. Arguments
 * outside that range — NaN, ±∞, results that overflow or fall to subnormals or zero — go to
 * {@link Math#exp}, so every special case is the JDK's. Not bit-identical to {@code Math.exp}:
 * which bits π has is this method's choice, and every softmax of the mixture head goes through it.
 */
final class InlineExp {

    private static final double LOG2_E = 1.4426950408889634;
    /** 1.5·2⁵²: adding it rounds a double of magnitude below 2⁵¹ to an integer in its low bits. */
    private static final double SHIFTER = 0x1.8p52;
    /**
     * ln 2 in two parts, the double nearest it and the rest: each fused multiply-add subtracts
     * n times a part with one rounding, so r carries ln 2 to about 107 bits.
     */
    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    /** Past this magnitude exp overflows or leaves the normal range: {@link Math#exp} takes it. */
    private static final double INLINE_LIMIT = 708.0;

    private InlineExp() {
    }

    static double exp(double x) {
        if (!(Math.abs(x) < INLINE_LIMIT)) {
            return Math.exp(x);
        }
        double shifted = Math.fma(x, LOG2_E, SHIFTER);
        double n = shifted - SHIFTER;
        double r = Math.fma(-n, LN2_HI, x);
        r = Math.fma(-n, LN2_LO, r);
        double r2 = r * r;
        double r4 = r2 * r2;
        double r8 = r4 * r4;
        // Q(r) = Σ_{i=0..11} r^i / (i + 2)!, as pairs, then pairs of pairs (Estrin)
        double q01 = Math.fma(r, 1.0 / 6, 1.0 / 2);
        double q23 = Math.fma(r, 1.0 / 120, 1.0 / 24);
        double q45 = Math.fma(r, 1.0 / 5040, 1.0 / 720);
        double q67 = Math.fma(r, 1.0 / 362880, 1.0 / 40320);
        double q89 = Math.fma(r, 1.0 / 39916800, 1.0 / 3628800);
        double q1011 = Math.fma(r, 1.0 / 6227020800.0, 1.0 / 479001600);
        double q0123 = Math.fma(q23, r2, q01);
        double q4567 = Math.fma(q67, r2, q45);
        double q891011 = Math.fma(q1011, r2, q89);
        double q = Math.fma(q891011, r8, Math.fma(q4567, r4, q0123));
        double expR = 1.0 + Math.fma(r2, q, r);
        // n sits in the low bits of `shifted` (two's complement); (n + 1023) << 52 is 2ⁿ
        long twoToN = (Double.doubleToRawLongBits(shifted) + 1023) << 52;
        return expR * Double.longBitsToDouble(twoToN);
    }
}
