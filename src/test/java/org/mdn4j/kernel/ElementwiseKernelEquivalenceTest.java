package org.mdn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mdn4j.kernel.KernelTestSupport.BATCH_SIZES;
import static org.mdn4j.kernel.KernelTestSupport.assertOutsideUnchanged;
import static org.mdn4j.kernel.KernelTestSupport.assertUnchanged;
import static org.mdn4j.kernel.KernelTestSupport.featureMajor;
import static org.mdn4j.kernel.KernelTestSupport.flat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.mdn4j.kernel.KernelTestSupport.Layout;

/**
 * {@link Kernels#softmax}, {@link Kernels#logSoftmax}, {@link Kernels#mseLoss} and
 * {@link Kernels#adam}: the Vector API kernels against the scalar reference at every batch size
 * (every parameter count, for Adam), tight and padded layouts, with the relative bound 1e-5 of the
 * acceptance criteria. Where the float error of a value is proportional to something other than
 * the value itself, the error scale is named next to the check.
 */
class ElementwiseKernelEquivalenceTest {

    @RegisterExtension
    static final KernelPair KERNELS = new KernelPair();
    /** Row counts for softmax (mixture components) and for the squared error (target dims). */
    private static final int[] ROWS = {1, 2, 3, 5, 8, 17};

    static final int[] batchSizes = BATCH_SIZES;

    @ParameterizedTest(name = "batch={0}")
    @FieldSource("batchSizes")
    void softmaxMatchesScalar(int batch) {
        for (int k : ROWS) {
            for (int variant = 0; variant < 2; variant++) {
                long seed = KernelTestSupport.seed("softmax", batch, k, variant);
                SplittableRandom rng = new SplittableRandom(seed);
                Layout inL = Layout.of(variant, batch, 1);
                Layout outL = Layout.of(variant, batch, 2);
                float[] x = featureMajor(rng, inL, k, batch, -6, 6);
                float[] x0 = x.clone();
                float[] before = featureMajor(rng, outL, k, batch, -3, 3);
                float[] softScalar = before.clone();
                float[] softSimd = before.clone();
                float[] logScalar = before.clone();
                float[] logSimd = before.clone();
                KERNELS.scalar().softmax(x, inL.off(), inL.stride(), k, batch, softScalar, outL.off(), outL.stride());
                KERNELS.simd().softmax(x, inL.off(), inL.stride(), k, batch, softSimd, outL.off(), outL.stride());
                KERNELS.scalar().logSoftmax(x, inL.off(), inL.stride(), k, batch, logScalar, outL.off(), outL.stride());
                KERNELS.simd().logSoftmax(x, inL.off(), inL.stride(), k, batch, logSimd, outL.off(), outL.stride());
                Supplier<String> ctx = () -> String.format("seed=%d batch=%d k=%d in[%s] out[%s]",
                        seed, batch, k, inL, outL);
                for (int n = 0; n < batch; n++) {
                    double lse = KernelTestSupport.logSumExp(KernelTestSupport.column(x, inL, 0, k, n));
                    for (int r = 0; r < k; r++) {
                        int rr = r;
                        int nn = n;
                        Supplier<String> at = () -> ctx.get() + " r=" + rr + " n=" + nn;
                        // A probability: relative (the exponent's error is ~ulp(lse), lse < 10 here).
                        float p = softScalar[outL.at(r, n)];
                        KERNELS.stats().check("softmax", p, softSimd[outL.at(r, n)], p, at);
                        // x − lse: the error scale is the magnitude of the two terms.
                        float lp = logScalar[outL.at(r, n)];
                        double terms = Math.abs(x[inL.at(r, n)]) + Math.abs(lse);
                        KERNELS.stats().check("logSoftmax", lp, logSimd[outL.at(r, n)], Math.max(terms, Math.abs(lp)), at);
                    }
                }
                assertOutsideUnchanged("softmax out", before, softSimd, outL, k, batch, ctx);
                assertOutsideUnchanged("logSoftmax out", before, logSimd, outL, k, batch, ctx);
                assertUnchanged("logits", x0, x, ctx);
            }
        }
    }

    @ParameterizedTest(name = "batch={0}")
    @FieldSource("batchSizes")
    void mseLossMatchesScalar(int batch) {
        for (int rows : ROWS) {
            for (int variant = 0; variant < 2; variant++) {
                long seed = KernelTestSupport.seed("mse", batch, rows, variant);
                SplittableRandom rng = new SplittableRandom(seed);
                Layout pL = Layout.of(variant, batch, 1);
                Layout tL = Layout.of(variant, batch, 2);
                Layout gL = Layout.of(variant, batch, 3);
                float[] pred = featureMajor(rng, pL, rows, batch, -3, 3);
                float[] target = featureMajor(rng, tL, rows, batch, -3, 3);
                float[] before = featureMajor(rng, gL, rows, batch, -9, 9);
                float[] gScalar = before.clone();
                float[] gSimd = before.clone();
                float[] pred0 = pred.clone();
                float[] target0 = target.clone();
                float scale = 1f / (batch * rows);
                float sumScalar = KERNELS.scalar().mseLoss(pred, pL.off(), pL.stride(), target, tL.off(), tL.stride(), rows,
                        batch, scale, gScalar, gL.off(), gL.stride());
                float sumSimd = KERNELS.simd().mseLoss(pred, pL.off(), pL.stride(), target, tL.off(), tL.stride(), rows,
                        batch, scale, gSimd, gL.off(), gL.stride());
                Supplier<String> ctx = () -> String.format("seed=%d batch=%d rows=%d pred[%s] target[%s] grad[%s]",
                        seed, batch, rows, pL, tL, gL);
                // A sum of squares: every term is positive, so the value is its own error scale. The
                // largest case (257 × 17 terms) is dominated by the scalar kernel's own sequential
                // float sum (~√n·2^-24 relative) and measures ~2e-6.
                KERNELS.stats().check("mseLoss sum", sumScalar, sumSimd, sumScalar, ctx);
                for (int r = 0; r < rows; r++) {
                    for (int n = 0; n < batch; n++) {
                        float g = gScalar[gL.at(r, n)];
                        int rr = r;
                        int nn = n;
                        KERNELS.stats().check("mseLoss grad", g, gSimd[gL.at(r, n)], Math.max(Math.abs(g), Float.MIN_NORMAL),
                                () -> ctx.get() + " r=" + rr + " n=" + nn);
                    }
                }
                assertOutsideUnchanged("grad", before, gSimd, gL, rows, batch, ctx);
                assertUnchanged("pred", pred0, pred, ctx);
                assertUnchanged("target", target0, target, ctx);
            }
        }
    }

    /**
     * Moments that would fall under the smallest normal float come out as +0 from both kernels
     * (a stuck subnormal moment makes every later step run in microcode; see
     * {@link ScalarKernels#flushSubnormal}), and the parameters come out with the bits of an update
     * from zero moments: the flush moves none. The first step's bias corrections, the largest
     * step an update can take; zero gradients, as a dead ReLU unit's; moments anywhere in the
     * subnormal range; and normal moments just above it, which must be kept.
     */
    @ParameterizedTest(name = "n={0}")
    @FieldSource("batchSizes")
    void adamFlushesSubnormalMomentsAndMovesNoParameterForThem(int n) {
        long seed = KernelTestSupport.seed("adam-subnormal", n);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] p = flat(rng, 0, n, -2, 2);
        float[] m = new float[n];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // m: ±1 … 2²³ − 1 units of the smallest subnormal; v: positive, likewise
            m[i] = (rng.nextBoolean() ? 1 : -1) * Float.MIN_VALUE * rng.nextInt(1, 1 << 23);
            v[i] = Float.MIN_VALUE * rng.nextInt(1, 1 << 23);
        }
        float[] g = new float[n];
        float bc1 = 1f - 0.9f;
        float bc2 = 1f - 0.999f;
        for (Kernels k : new Kernels[] {KERNELS.scalar(), KERNELS.simd()}) {
            float[] pk = p.clone();
            float[] mk = m.clone();
            float[] vk = v.clone();
            k.adam(pk, g, mk, vk, 0, n, 1e-2f, 0.9f, 0.999f, 1e-8f, bc1, bc2);
            for (int i = 0; i < n; i++) {
                String at = k.name() + " seed=" + seed + " n=" + n + " i=" + i;
                assertEquals(0, Float.floatToRawIntBits(mk[i]), "m " + at);
                assertEquals(0, Float.floatToRawIntBits(vk[i]), "v " + at);
                assertEquals(Float.floatToRawIntBits(p[i]),
                        Float.floatToRawIntBits(pk[i]), "p " + at);
            }
            // normal moments just above the threshold, after the decay, are kept as they are
            float[] mn = new float[n];
            float[] vn = new float[n];
            Arrays.fill(mn, -Float.MIN_NORMAL * 2);
            Arrays.fill(vn, Float.MIN_NORMAL * 2);
            k.adam(p.clone(), g, mn, vn, 0, n, 1e-2f, 0.9f, 0.999f, 1e-8f, bc1, bc2);
            for (int i = 0; i < n; i++) {
                assertEquals(0.9f * (-Float.MIN_NORMAL * 2), mn[i], k.name() + " m i=" + i);
                assertEquals(0.999f * (Float.MIN_NORMAL * 2), vn[i], k.name() + " v i=" + i);
            }
        }
    }

    /**
     * The flush's edge, with β1 = β2 = 1 and a zero gradient, so that the moments pass through
     * the update unchanged but for the flush: the smallest normal float and its negation are kept,
     * the largest subnormal and its negation become +0, −0 becomes +0, NaN and ±∞ are kept; in the
     * vector body and the scalar tail alike (37 parameters, each value at several positions).
     */
    @Test
    void adamFlushesExactlyTheSubnormals() {
        float[] values = {Float.MIN_NORMAL, -Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL),
            -Math.nextDown(Float.MIN_NORMAL), Float.MIN_VALUE, -0f, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, 1f, -3.5e-30f};
        int n = 37;
        float[] m = new float[n];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            m[i] = values[i % values.length];
            v[i] = values[(i + 3) % values.length];
        }
        for (Kernels k : new Kernels[] {KERNELS.scalar(), KERNELS.simd()}) {
            float[] mk = m.clone();
            float[] vk = v.clone();
            k.adam(new float[n], new float[n], mk, vk, 0, n, 1e-3f, 1f, 1f, 1e-8f, 1f, 1f);
            for (int i = 0; i < n; i++) {
                String at = k.name() + " i=" + i;
                assertEquals(Float.floatToIntBits(flushed(m[i])), Float.floatToIntBits(mk[i]), "m " + m[i] + " " + at);
                assertEquals(Float.floatToIntBits(flushed(v[i])), Float.floatToIntBits(vk[i]), "v " + v[i] + " " + at);
            }
        }
    }

    /** What the flush must give for x: +0 under the smallest normal float in magnitude, x otherwise (−0 + 0 is +0). */
    private static float flushed(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }

    /**
     * Three Adam steps from random moments, so the moments and the bias corrections both matter;
     * n is the parameter count, {@code off} the first parameter.
     */
    @ParameterizedTest(name = "n={0}")
    @FieldSource("batchSizes")
    void adamMatchesScalar(int n) {
        for (int off : new int[] {0, 5}) {
            long seed = KernelTestSupport.seed("adam", n, off);
            SplittableRandom rng = new SplittableRandom(seed);
            float[] p = flat(rng, off, n, -2, 2);
            float[] m = flat(rng, off, n, -0.1, 0.1);
            float[] v = flat(rng, off, n, 0, 0.01);
            float[] pScalar = p.clone();
            float[] mScalar = m.clone();
            float[] vScalar = v.clone();
            float lr = 1e-3f;
            float beta1 = 0.9f;
            float beta2 = 0.999f;
            float eps = 1e-8f;
            for (int step = 1; step <= 3; step++) {
                float[] g = flat(rng, off, n, -1, 1);
                float[] g0 = g.clone();
                float bc1 = 1f - (float) Math.pow(beta1, step);
                float bc2 = 1f - (float) Math.pow(beta2, step);
                float[] pPrev = pScalar.clone();
                float[] mPrev = mScalar.clone();
                float[] vPrev = vScalar.clone();
                // Both start every step from the same state, so differences do not compound.
                float[] pSimd = pScalar.clone();
                float[] mSimd = mScalar.clone();
                float[] vSimd = vScalar.clone();
                KERNELS.scalar().adam(pScalar, g, mScalar, vScalar, off, n, lr, beta1, beta2, eps, bc1, bc2);
                KERNELS.simd().adam(pSimd, g, mSimd, vSimd, off, n, lr, beta1, beta2, eps, bc1, bc2);
                int s = step;
                Supplier<String> ctx = () -> String.format("seed=%d n=%d off=%d step=%d", seed, n, off, s);
                for (int i = off; i < off + n; i++) {
                    int ii = i;
                    Supplier<String> at = () -> ctx.get() + " i=" + ii;
                    // β·m + (1−β)·g: the error scale is the sum of the two terms' magnitudes.
                    KERNELS.stats().check("adam m", mScalar[i], mSimd[i],
                            beta1 * Math.abs(mPrev[i]) + (1 - beta1) * Math.abs(g[i]), at);
                    KERNELS.stats().check("adam v", vScalar[i], vSimd[i],
                            Math.max(vScalar[i], Float.MIN_NORMAL), at);
                    // p − Δ: Δ must agree to 1e-5 relative; p itself may round to a neighbouring float.
                    double delta = (double) pPrev[i] - pScalar[i];
                    double scale = Math.abs(delta) + Math.ulp(pScalar[i]) / KernelTestSupport.REL_TOL;
                    KERNELS.stats().check("adam p", pScalar[i], pSimd[i], scale, at);
                }
                assertOutsideUnchanged("p", pPrev, pSimd, off, n, ctx);
                assertOutsideUnchanged("m", mPrev, mSimd, off, n, ctx);
                assertOutsideUnchanged("v", vPrev, vSimd, off, n, ctx);
                assertUnchanged("g", g0, g, ctx);
            }
        }
    }
}
