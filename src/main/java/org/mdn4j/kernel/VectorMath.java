package org.mdn4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log and the functions built on them, for float vectors, from additions, multiplications,
 * fused multiply-adds and bit operations only (Cephes' single-precision range reductions and
 * minimax polynomials), plus a lane sum in a fixed order, and the small functions of vectors the
 * SIMD kernels share (masks, masked loads, fused multiply-adds, row maxima).
 *
 * <p>Everything here takes or returns a vector, and the JVM options have C2 inline all of it into
 * its callers ({@code -XX:CompileCommand=inline,org.mdn4j.kernel.VectorMath::*}): a vector passed
 * to a call C2 did not inline is boxed on the heap. The loops over arrays live in
 * {@link SimdBackend}, each compiled on its own (see its class comment).
 *
 * <h2>Why not {@code lanewise(EXP)} and {@code reduceLanes(ADD)}</h2>
 * The Vector API computes those differently before and after C2 compiles the calling method: the
 * interpreter's fallback uses {@code Math.exp} and adds lanes left to right, compiled code calls
 * SVML and may reduce in a tree. When a method gets compiled depends on timing, so a training run
 * would not be bitwise repeatable. Every operation used here is exactly rounded IEEE arithmetic
 * (or a fused multiply-add), which gives the same bits in the interpreter and in compiled code.
 *
 * <h2>Accuracy (measured by {@code VectorMathTest} against double-precision {@code Math})</h2>
 * <ul>
 *   <li>{@link #exp}: at most 2 ulp for x in [−87.3, 88.3]; 0 below −87.34 (no subnormal
 *       results), +∞ above 88.72, NaN for NaN.</li>
 *   <li>{@link #log}: at most 2 ulp for positive normal x; −∞ at 0, NaN below 0 and for NaN,
 *       +∞ at +∞ (subnormal x is outside its domain).</li>
 *   <li>{@link #log1p}: within 4 ulp on (0, 1], the range the kernels use, keeping full
 *       relative accuracy near 0.</li>
 * </ul>
 */
final class VectorMath {

    private static final VectorSpecies<Float> S = SimdSpecies.SPECIES;
    private static final int LANES = S.length();

    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split in two so that {@code n·LN2_HI} is exact for the n that occur. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Adding then subtracting 1.5·2²³ rounds a float to the nearest integer (ties to even). */
    private static final float ROUND = 12582912f;
    /** The bits of {@link #ROUND}. */
    private static final int ROUND_BITS = 0x4B400000;
    private static final float EXP_LOW = -87.33654f;
    private static final float EXP_HIGH = 88.37626f;
    private static final float EXP_OVERFLOW = 88.72284f;
    private static final float SQRT2 = 1.41421356f;

    /** The polynomials' coefficients past the first two, as vectors for the fused Horner steps. */
    private static final FloatVector EXP_C2 = FloatVector.broadcast(S, 8.3334519073E-3f);
    private static final FloatVector EXP_C3 = FloatVector.broadcast(S, 4.1665795894E-2f);
    private static final FloatVector EXP_C4 = FloatVector.broadcast(S, 1.6666665459E-1f);
    private static final FloatVector EXP_C5 = FloatVector.broadcast(S, 5.0000001201E-1f);
    private static final FloatVector LOG_C2 = FloatVector.broadcast(S, 1.1676998740E-1f);
    private static final FloatVector LOG_C3 = FloatVector.broadcast(S, -1.2420140846E-1f);
    private static final FloatVector LOG_C4 = FloatVector.broadcast(S, 1.4249322787E-1f);
    private static final FloatVector LOG_C5 = FloatVector.broadcast(S, -1.6668057665E-1f);
    private static final FloatVector LOG_C6 = FloatVector.broadcast(S, 2.0000714765E-1f);
    private static final FloatVector LOG_C7 = FloatVector.broadcast(S, -2.4999993993E-1f);
    private static final FloatVector LOG_C8 = FloatVector.broadcast(S, 3.3333331174E-1f);

    private VectorMath() {
    }

    /**
     * Σ lanes in a fixed order: the vector is stored to {@code scratch} (at least LANES long) and
     * summed in scalar code, which rounds the same way in the interpreter and in compiled code.
     * Four interleaved partial sums (lanes i ≡ 0, 1, 2, 3 mod 4, each left to right), then
     * {@code (s0 + s1) + (s2 + s3)}: a chain of LANES/4 + 1 dependent additions instead of
     * LANES − 1, which is what a lone dot product's sum waits for. Fewer than 4 lanes are added
     * left to right.
     */
    static float sumLanes(FloatVector v, float[] scratch) {
        v.intoArray(scratch, 0);
        if (LANES < 4) {
            float sum = scratch[0];
            for (int i = 1; i < LANES; i++) {
                sum += scratch[i];
            }
            return sum;
        }
        float s0 = scratch[0];
        float s1 = scratch[1];
        float s2 = scratch[2];
        float s3 = scratch[3];
        for (int i = 4; i < LANES; i += 4) {
            s0 += scratch[i];
            s1 += scratch[i + 1];
            s2 += scratch[i + 2];
            s3 += scratch[i + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Lane i of each: lane (i + k) mod LANES of the source, for the shifts {@link #sumLanesInRegisters} adds. */
    private static final VectorShuffle<Float> DOWN_1 = down(1);
    private static final VectorShuffle<Float> DOWN_2 = down(2);
    private static final VectorShuffle<Float> DOWN_4 = down(4);
    private static final VectorShuffle<Float> DOWN_8 = down(8);
    private static final VectorShuffle<Float> DOWN_12 = down(12);

    private static VectorShuffle<Float> down(int k) {
        return VectorShuffle.fromOp(S, i -> (i + k) % LANES);
    }

    /**
     * {@link #sumLanes}, bit for bit, without the round trip through memory: the lanes' quarters
     * added in place ({@code ((q0 + q1) + q2) + q3} gives s0 … s3 in lanes 0 … 3, each summed left
     * to right as sumLanes does), then {@code (s0 + s1) + (s2 + s3)}. Five shuffles and five
     * additions, where sumLanes stores the vector and adds LANES floats one at a time: cheaper
     * where many independent sums are taken at once, as in the weight gradient's last partial
     * vector (a latency chain of 5 shuffles and adds, so not where one sum is waited for).
     * For 8 or 16 lanes; other widths use {@link #sumLanes}.
     */
    static float sumLanesInRegisters(FloatVector v, float[] scratch) {
        if (LANES != 8 && LANES != 16) {
            return sumLanes(v, scratch);
        }
        FloatVector t = v.add(v.rearrange(DOWN_4));
        if (LANES == 16) {
            t = t.add(v.rearrange(DOWN_8)).add(v.rearrange(DOWN_12));
        }
        t = t.add(t.rearrange(DOWN_1));
        return t.add(t.rearrange(DOWN_2)).lane(0);
    }

    /**
     * e^x. The clamps are a compare and a blend each ({@link #atLeast}, {@link #atMost}), and the
     * exponent's bits are read from the rounding sum itself rather than converted from n: C2 turns
     * {@code FloatVector.max}/{@code min} and a float-to-int conversion into longer sequences
     * that honour Java's rules for NaN, −0 and out-of-range values, which this function never
     * needs (its clamped argument is finite, and NaN is handled at the end): the same n and r as
     * with max, min and a conversion. The polynomial's Horner steps are fused multiply-adds.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = atMost(atLeast(x, EXP_LOW), EXP_HIGH);
        // nr = 1.5·2²³ + n, whose bits are 0x4B400000 + n for the |n| ≤ 128 that occur
        FloatVector nr = xc.fma(LOG2E, ROUND);
        FloatVector n = nr.sub(ROUND);
        // n·LN2_HI is exact (LN2_HI has 9 significant bits), so r carries no rounding from it
        FloatVector r = xc.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        // Horner's steps fused: one rounding each instead of two, and half the operations
        FloatVector p = r.fma(1.9875691500E-4f, 1.3981999507E-3f);
        p = p.fma(r, EXP_C2);
        p = p.fma(r, EXP_C3);
        p = p.fma(r, EXP_C4);
        p = p.fma(r, EXP_C5);
        p = p.fma(r.mul(r), r).add(1f);
        IntVector bits = nr.reinterpretAsInts().add(127 - ROUND_BITS).lanewise(VectorOperators.LSHL, 23);
        FloatVector y = p.mul(bits.reinterpretAsFloats());
        y = y.blend(0f, x.compare(VectorOperators.LT, EXP_LOW));
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_OVERFLOW));
        return y.blend(x, x.test(VectorOperators.IS_NAN));
    }

    /**
     * {@code max(x, floor)} lane by lane, equal to {@link Math#max(float, float)} for every x (NaN
     * stays NaN, −0 becomes +0 under a floor of 0) as long as {@code floor} is neither NaN nor −0:
     * a compare and a blend, where {@code x.max(floor)} costs C2 a sequence several instructions
     * longer on x86 to honour Java's rules when either operand may be NaN or a signed zero.
     */
    static FloatVector atLeast(FloatVector x, float floor) {
        return x.blend(floor, x.compare(VectorOperators.LE, floor));
    }

    /**
     * The lane-wise larger of a and b, NaN where either is NaN: {@link Math#max(float, float)}
     * except that max(−0, +0) may be −0 (its sign is lost in the kernels' next subtraction of
     * an equal or larger value). Three operations, where {@code a.max(b)} costs C2 a longer
     * sequence on x86.
     */
    static FloatVector maxOf(FloatVector a, FloatVector b) {
        return a.blend(b, a.compare(VectorOperators.LT, b).or(b.test(VectorOperators.IS_NAN)));
    }

    /**
     * {@code min(x, ceiling)} lane by lane, equal to {@link Math#min(float, float)} for every x as
     * long as {@code ceiling} is neither NaN nor +0 (see {@link #atLeast}).
     */
    static FloatVector atMost(FloatVector x, float ceiling) {
        return x.blend(ceiling, x.compare(VectorOperators.GE, ceiling));
    }

    /**
     * Natural logarithm of 0, a positive normal float or +∞ (the kernels never pass a subnormal:
     * their arguments are sums of exponentials that include e⁰, or results of {@link #exp},
     * which has no subnormal results). Kept under C2's 325-byte inlining limit for hot calls.
     */
    static FloatVector log(FloatVector x) {
        IntVector bits = x.reinterpretAsInts();
        FloatVector e = (FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(127).convert(VectorOperators.I2F, 0);
        FloatVector m = bits.and(0x007fffff).or(0x3f800000).reinterpretAsFloats();
        VectorMask<Float> big = m.compare(VectorOperators.GT, SQRT2);
        m = m.blend(m.mul(0.5f), big);
        e = e.blend(e.add(1f), big);
        FloatVector f = m.sub(1f);
        FloatVector z = f.mul(f);
        FloatVector y = f.fma(7.0376836292E-2f, -1.1514610310E-1f);
        // Horner's steps fused, as in exp
        y = y.fma(f, LOG_C2);
        y = y.fma(f, LOG_C3);
        y = y.fma(f, LOG_C4);
        y = y.fma(f, LOG_C5);
        y = y.fma(f, LOG_C6);
        y = y.fma(f, LOG_C7);
        y = y.fma(f, LOG_C8);
        y = y.mul(f).mul(z).add(e.mul(LN2_LO));
        FloatVector r = f.add(y.sub(z.mul(0.5f))).add(e.mul(LN2_HI));
        r = r.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        r = r.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY).or(x.test(VectorOperators.IS_NAN)));
        return r.blend(Float.NaN, x.compare(VectorOperators.LT, 0f));
    }

    /**
     * log(1 + u) from {@code w = 1 + u}, accurate near 0: {@code log(w)·u/(w − 1)} cancels the
     * rounding of w (Goldberg's identity); u itself where w rounds to 1.
     */
    static FloatVector log1p(FloatVector u) {
        FloatVector w = u.add(1f);
        FloatVector wm1 = w.sub(1f);
        return log(w).mul(u).div(wm1).blend(u, wm1.compare(VectorOperators.EQ, 0f));
    }

    /** The FMA policy, one switch (property {@code mdn4j.fma}, default on). */
    static final boolean FMA = !"false".equals(System.getProperty("mdn4j.fma"));

    /** a·b + acc, fused unless {@link #FMA} is off. */
    static FloatVector mulAdd(FloatVector a, FloatVector b, FloatVector acc) {
        return FMA ? a.fma(b, acc) : a.mul(b).add(acc);
    }

    /** 0, 1, 2, … one per lane: {@link #upTo} compares it with the lanes left. */
    private static final FloatVector IOTA = iota();

    private static FloatVector iota() {
        float[] a = new float[LANES];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        return FloatVector.fromArray(S, a, 0);
    }

    /**
     * The lanes of the vector starting at sample {@code n} that lie before {@code end}. Built as a
     * compare with {@link #IOTA} rather than {@code S.indexInRange}, which C2 does not intrinsify
     * on every platform and which then allocates; counts stay far below 2²⁴, so the float compare
     * is exact.
     */
    static VectorMask<Float> upTo(int n, int end) {
        return IOTA.compare(VectorOperators.LT, (float) (end - n));
    }

    /** The lanes of {@code a} from {@code i} that {@code m} selects, zero elsewhere. */
    static FloatVector load(float[] a, int i, VectorMask<Float> m) {
        return FloatVector.fromArray(S, a, i, m);
    }

    /** The lane-wise max of {@code k} rows at one block of samples. */
    static FloatVector maxRows(float[] x, int at, int stride, int k) {
        FloatVector max = FloatVector.fromArray(S, x, at);
        for (int r = 1; r < k; r++) {
            max = maxOf(max, FloatVector.fromArray(S, x, at + r * stride));
        }
        return max;
    }

    /** r_i = U_ii e_i + Σ_{j>i} U_ij e_j for one block, e = t − μ, U_ii given. */
    static FloatVector residual(float[] head, int u, int mean, int hs, float[] target, int t, int ts, int l, int i,
                                FloatVector uii) {
        FloatVector r = uii.mul(FloatVector.fromArray(S, target, t + i * ts)
                .sub(FloatVector.fromArray(S, head, mean + i * hs)));
        for (int j = i + 1; j < l; j++) {
            FloatVector e = FloatVector.fromArray(S, target, t + j * ts).sub(FloatVector.fromArray(S, head, mean + j * hs));
            r = FloatVector.fromArray(S, head, u + (l + ScalarKernels.upperIndex(i, j, l)) * hs).fma(e, r);
        }
        return r;
    }

    /** {@link ScalarKernels#flushSubnormal} lane-wise: the same compare, so the same bits. */
    static FloatVector flushSubnormal(FloatVector x) {
        return x.blend(0f, x.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
    }
}
