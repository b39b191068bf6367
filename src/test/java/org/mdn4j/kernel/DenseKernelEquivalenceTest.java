package org.mdn4j.kernel;

import static org.mdn4j.kernel.KernelTestSupport.BATCH_SIZES;
import static org.mdn4j.kernel.KernelTestSupport.IN_DIMS;
import static org.mdn4j.kernel.KernelTestSupport.OUT_DIMS;
import static org.mdn4j.kernel.KernelTestSupport.assertOutsideUnchanged;
import static org.mdn4j.kernel.KernelTestSupport.assertUnchanged;
import static org.mdn4j.kernel.KernelTestSupport.featureMajor;
import static org.mdn4j.kernel.KernelTestSupport.flat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mdn4j.kernel.KernelTestSupport.Layout;

/**
 * {@link Kernels#denseForward} and {@link Kernels#denseBackward}: the Vector API kernels against
 * the scalar reference, for every activation, every batch size of {@link KernelTestSupport}, input
 * widths {@code {1,3,8,13,64}} × output widths {@code {1,4,5,9,17,64}}, tight and padded layouts.
 *
 * <p>Tolerance: {@code 1e-5 × (sum of absolute terms)}. The two kernels add the same products in a
 * different order (and the SIMD one with FMA), so a sum's error is proportional to the sum of its
 * terms' magnitudes, not to its value. Every activation has a derivative of magnitude at most 1,
 * so the pre-activation's bound carries over to the output; the Vector API's EXP/LOG1P/EXPM1/TANH
 * follow {@code Math}'s accuracy (1 ulp; 2.5 ulps for tanh) after narrowing to float, ~1e-7
 * relative, far inside the bound.
 */
class DenseKernelEquivalenceTest {

    @RegisterExtension
    static final KernelPair KERNELS = new KernelPair();

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Activation a : Activation.values()) {
            for (int batch : BATCH_SIZES) {
                out.add(Arguments.of(a, batch));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} batch={1}")
    @MethodSource("cases")
    void forwardMatchesScalar(Activation act, int batch) {
        for (int inDim : IN_DIMS) {
            for (int outDim : OUT_DIMS) {
                for (int variant = 0; variant < 2; variant++) {
                    forwardCase(act, batch, inDim, outDim, variant);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} batch={1}")
    @MethodSource("cases")
    void backwardMatchesScalar(Activation act, int batch) {
        for (int inDim : IN_DIMS) {
            for (int outDim : OUT_DIMS) {
                for (int variant = 0; variant < 2; variant++) {
                    backwardCase(act, batch, inDim, outDim, variant, true);
                    backwardCase(act, batch, inDim, outDim, variant, false);
                }
            }
        }
    }

    /**
     * Batches longer than the SIMD matmul's cache tile of 512 samples: several whole tiles, a
     * short last tile and a partial vector (1031 = 2·512 + 7).
     */
    @ParameterizedTest(name = "{0} batch={1}")
    @MethodSource("tiledCases")
    void tiledBatchesMatchScalar(Activation act, int batch) {
        for (int variant = 0; variant < 2; variant++) {
            forwardCase(act, batch, 13, 9, variant);
            backwardCase(act, batch, 13, 9, variant, true);
        }
    }

    static List<Arguments> tiledCases() {
        List<Arguments> out = new ArrayList<>();
        for (Activation a : Activation.values()) {
            for (int batch : new int[] {1024, 1031, 1600}) {
                out.add(Arguments.of(a, batch));
            }
        }
        return out;
    }

    /** Variant 0: tight layouts, weights at offset 0. Variant 1: distinct padded layouts and offsets. */
    private static Layout inLayout(int batch, int variant) {
        return Layout.of(variant, batch, 1);
    }

    private static Layout outLayout(int batch, int variant) {
        return Layout.of(variant, batch, 2);
    }

    private static void forwardCase(Activation act, int batch, int inDim, int outDim, int variant) {
        long seed = KernelTestSupport.seed("forward", act.code(), batch, inDim, outDim, variant);
        SplittableRandom rng = new SplittableRandom(seed);
        Layout inL = inLayout(batch, variant);
        Layout outL = outLayout(batch, variant);
        int wOff = variant * 3;
        int bOff = variant * 2;
        double wBound = 1.5 / Math.sqrt(inDim);
        float[] x = featureMajor(rng, inL, inDim, batch, -2, 2);
        float[] w = flat(rng, wOff, outDim * inDim, -wBound, wBound);
        float[] b = flat(rng, bOff, outDim, -1, 1);
        float[] outScalar = featureMajor(rng, outL, outDim, batch, -9, 9);
        float[] outSimd = outScalar.clone();
        float[] before = outScalar.clone();
        float[] x0 = x.clone();
        float[] w0 = w.clone();

        KERNELS.scalar().denseForward(x, inL.off(), inL.stride(), inDim, batch, w, wOff, b, bOff, outDim, act.code(),
                outScalar, outL.off(), outL.stride());
        KERNELS.simd().denseForward(x, inL.off(), inL.stride(), inDim, batch, w, wOff, b, bOff, outDim, act.code(),
                outSimd, outL.off(), outL.stride());

        Supplier<String> ctx = () -> String.format("denseForward seed=%d act=%s batch=%d in=%d out=%d in[%s] out[%s]",
                seed, act, batch, inDim, outDim, inL, outL);
        for (int j = 0; j < outDim; j++) {
            for (int n = 0; n < batch; n++) {
                double terms = Math.abs(b[bOff + j]);
                for (int i = 0; i < inDim; i++) {
                    terms += Math.abs((double) w[wOff + j * inDim + i] * x[inL.at(i, n)]);
                }
                float expected = outScalar[outL.at(j, n)];
                double scale = Math.max(terms, Math.abs(expected));
                int jj = j;
                int nn = n;
                KERNELS.stats().check("forward " + act.label(), expected, outSimd[outL.at(j, n)], scale,
                        () -> ctx.get() + " j=" + jj + " n=" + nn);
            }
        }
        assertOutsideUnchanged("out", before, outSimd, outL, outDim, batch, ctx);
        assertUnchanged("in", x0, x, ctx);
        assertUnchanged("w", w0, w, ctx);
    }

    private static void backwardCase(Activation act, int batch, int inDim, int outDim, int variant, boolean withDIn) {
        long seed = KernelTestSupport.seed("backward", act.code(), batch, inDim, outDim, variant, withDIn);
        SplittableRandom rng = new SplittableRandom(seed);
        Layout inL = inLayout(batch, variant);
        Layout outL = outLayout(batch, variant);
        Layout dInL = Layout.of(variant, batch, 3);
        int wOff = variant * 3;
        int bOff = variant * 2;
        double wBound = 1.5 / Math.sqrt(inDim);
        float[] x = featureMajor(rng, inL, inDim, batch, -2, 2);
        float[] w = flat(rng, wOff, outDim * inDim, -wBound, wBound);
        float[] b = flat(rng, bOff, outDim, -1, 1);
        // The layer's output must be what the activation produces: the derivative is taken from it.
        float[] y = featureMajor(rng, outL, outDim, batch, 0, 0);
        KERNELS.scalar().denseForward(x, inL.off(), inL.stride(), inDim, batch, w, wOff, b, bOff, outDim, act.code(),
                y, outL.off(), outL.stride());
        float[] dOut = featureMajor(rng, outL, outDim, batch, -1, 1);
        // dW and db are accumulated into: start them nonzero.
        float[] dW = flat(rng, wOff, outDim * inDim, -0.5, 0.5);
        float[] dB = flat(rng, bOff, outDim, -0.5, 0.5);
        float[] dIn = withDIn ? featureMajor(rng, dInL, inDim, batch, -9, 9) : null;

        float[] dOutScalar = dOut.clone();
        float[] dOutSimd = dOut.clone();
        float[] dWScalar = dW.clone();
        float[] dWSimd = dW.clone();
        float[] dBScalar = dB.clone();
        float[] dBSimd = dB.clone();
        float[] dInScalar = withDIn ? dIn.clone() : null;
        float[] dInSimd = withDIn ? dIn.clone() : null;
        float[] x0 = x.clone();
        float[] y0 = y.clone();
        float[] w0 = w.clone();

        KERNELS.scalar().denseBackward(x, inL.off(), inL.stride(), inDim, batch, w, wOff, outDim, act.code(),
                y, outL.off(), dOutScalar, outL.off(), outL.stride(), dWScalar, wOff, dBScalar, bOff,
                dInScalar, dInL.off(), dInL.stride());
        KERNELS.simd().denseBackward(x, inL.off(), inL.stride(), inDim, batch, w, wOff, outDim, act.code(),
                y, outL.off(), dOutSimd, outL.off(), outL.stride(), dWSimd, wOff, dBSimd, bOff,
                dInSimd, dInL.off(), dInL.stride());

        Supplier<String> ctx = () -> String.format(
                "denseBackward seed=%d act=%s batch=%d in=%d out=%d dIn=%s in[%s] out[%s] dIn[%s]",
                seed, act, batch, inDim, outDim, withDIn ? "yes" : "null", inL, outL, dInL);
        String tag = act.label() + (withDIn ? "" : " (dIn null)");
        // dPre = dOut · act'(y), element-wise: a product, so relative.
        for (int j = 0; j < outDim; j++) {
            for (int n = 0; n < batch; n++) {
                float expected = dOutScalar[outL.at(j, n)];
                int jj = j;
                int nn = n;
                KERNELS.stats().check("backward dPre " + act.label(), expected, dOutSimd[outL.at(j, n)],
                        Math.max(Math.abs(expected), Float.MIN_NORMAL), () -> ctx.get() + " dPre j=" + jj + " n=" + nn);
            }
        }
        // dW[j][i] += Σ_n dPre[j][n] · in[i][n]; db[j] += Σ_n dPre[j][n].
        for (int j = 0; j < outDim; j++) {
            double dbTerms = Math.abs(dB[bOff + j]);
            for (int n = 0; n < batch; n++) {
                dbTerms += Math.abs(dOutScalar[outL.at(j, n)]);
            }
            int jj = j;
            KERNELS.stats().check("backward db " + tag, dBScalar[bOff + j], dBSimd[bOff + j], dbTerms,
                    () -> ctx.get() + " db j=" + jj);
            for (int i = 0; i < inDim; i++) {
                double terms = Math.abs(dW[wOff + j * inDim + i]);
                for (int n = 0; n < batch; n++) {
                    terms += Math.abs((double) dOutScalar[outL.at(j, n)] * x[inL.at(i, n)]);
                }
                int ii = i;
                KERNELS.stats().check("backward dW " + tag, dWScalar[wOff + j * inDim + i], dWSimd[wOff + j * inDim + i],
                        terms, () -> ctx.get() + " dW j=" + jj + " i=" + ii);
            }
        }
        // dIn[i][n] = Σ_j W[j][i] · dPre[j][n] (overwritten).
        if (withDIn) {
            for (int i = 0; i < inDim; i++) {
                for (int n = 0; n < batch; n++) {
                    double terms = 0;
                    for (int j = 0; j < outDim; j++) {
                        terms += Math.abs((double) w[wOff + j * inDim + i] * dOutScalar[outL.at(j, n)]);
                    }
                    int ii = i;
                    int nn = n;
                    KERNELS.stats().check("backward dIn " + act.label(), dInScalar[dInL.at(i, n)], dInSimd[dInL.at(i, n)],
                            terms, () -> ctx.get() + " dIn i=" + ii + " n=" + nn);
                }
            }
            assertOutsideUnchanged("dIn", dIn, dInSimd, dInL, inDim, batch, ctx);
        }
        assertOutsideUnchanged("dOut", dOut, dOutSimd, outL, outDim, batch, ctx);
        assertOutsideUnchanged("dW", dW, dWSimd, wOff, outDim * inDim, ctx);
        assertOutsideUnchanged("db", dB, dBSimd, bOff, outDim, ctx);
        assertUnchanged("in", x0, x, ctx);
        assertUnchanged("out", y0, y, ctx);
        assertUnchanged("w", w0, w, ctx);
    }
}
