package org.mdn4j.kernel;

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
 * {@link Kernels#mixtureNll}: the Vector API kernel against the scalar reference for K ∈ {1,3,5},
 * L ∈ {1,2,3}, every batch size, tight and padded layouts, with the σ floor far away (the model
 * default, 1e-6) and active (log floor −0.4, so about a third of the log σ rows are clamped and
 * must get a zero gradient).
 *
 * <h2>Tolerance</h2>
 * Every output goes through {@code exp} of a log joint {@code c_k = logit_k − logZ − q_k/2 −
 * L·log σ_k − L·½log 2π}. The two kernels compute {@code c_k} from the same terms in a different
 * order (FMA for {@code q}), so its absolute error is ~2^-24 × (sum of the terms' magnitudes),
 * {@code M}; after {@code exp} that is a relative error of the same size. So the NLL (= −log-sum-exp
 * of the {@code c_k}) is held to 1e-5 × max(1, M) absolute, and every gradient, which carries a
 * factor {@code γ_k = exp(c_k − lse)}, to 1e-5 × max(1, M) relative to its own error scale: the
 * scale for the logit gradient {@code scale·(π − γ)}, the value for the mean gradient (a product),
 * and {@code scale·γ·(L + q)} for the log σ gradient {@code scale·γ·(L − q)}. M is at most ~60
 * with the ranges used here (typically 5-15).
 */
class MixtureKernelEquivalenceTest {

    @RegisterExtension
    static final KernelPair KERNELS = new KernelPair();

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int k : new int[] {1, 3, 5}) {
            for (int l : new int[] {1, 2, 3}) {
                out.add(Arguments.of(k, l));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "K={0} L={1}")
    @MethodSource("cases")
    void mixtureNllMatchesScalar(int k, int l) {
        HeadLossBuffers.forEachCase((batch, variant, logFloor) -> runCase(k, l, batch, variant, logFloor));
    }

    private static void runCase(int k, int l, int batch, int variant, float logFloor) {
        long seed = KernelTestSupport.seed("mixture", k, l, batch, variant, logFloor);
        HeadLossBuffers buf = new HeadLossBuffers(new SplittableRandom(seed), k, l, 1, batch, variant);
        float scale = 1.7f / batch;
        buf.run(Kernels::mixtureNll, KERNELS, k, l, logFloor, scale);

        Supplier<String> ctx = () -> String.format("seed=%d K=%d L=%d batch=%d logFloor=%s %s",
                seed, k, l, batch, logFloor, buf.layouts());
        for (int n = 0; n < batch; n++) {
            Sample s = Sample.of(buf.head, buf.hL, k, l, buf.target, buf.tL, n, logFloor);
            double amp = Math.max(1, s.magnitude);
            int nn = n;
            KERNELS.stats().check("nll", buf.nllScalar[buf.nllOff + n], buf.nllSimd[buf.nllOff + n], amp,
                    () -> ctx.get() + " n=" + nn);
            for (int c = 0; c < k; c++) {
                int cc = c;
                Supplier<String> at = () -> ctx.get() + " n=" + nn + " c=" + cc;
                KERNELS.stats().check("dLogit", buf.dScalar[buf.dL.at(c, n)], buf.dSimd[buf.dL.at(c, n)],
                        amp * scale, at);
                for (int d = 0; d < l; d++) {
                    float expected = buf.dScalar[buf.dL.at(k + c * l + d, n)];
                    int dd = d;
                    KERNELS.stats().check("dMean", expected, buf.dSimd[buf.dL.at(k + c * l + d, n)],
                            amp * Math.max(Math.abs(expected), scale * 1e-30), () -> at.get() + " d=" + dd);
                }
                int sigmaRow = k + k * l + c;
                float expected = buf.dScalar[buf.dL.at(sigmaRow, n)];
                if (buf.head[buf.hL.at(sigmaRow, n)] <= logFloor) {
                    KernelTestSupport.assertClose(0, buf.dSimd[buf.dL.at(sigmaRow, n)], 0,
                            () -> "clamped log σ must get a zero gradient " + at.get());
                }
                double sigmaScale = scale * s.gamma[c] * (l + s.q[c]);
                KERNELS.stats().check("dLogSigma", expected, buf.dSimd[buf.dL.at(sigmaRow, n)],
                        amp * Math.max(sigmaScale, scale * 1e-30), at);
            }
        }
        buf.assertOnlyOutputsWritten(ctx);
    }

    /** One sample's mixture in double: responsibilities, squared distances, and the error magnitude M. */
    record Sample(double[] gamma, double[] q, double magnitude) {

        static Sample of(float[] head, Layout hL, int k, int l, float[] target, Layout tL, int n, float logFloor) {
            double logZ = KernelTestSupport.logSumExp(KernelTestSupport.column(head, hL, 0, k, n));
            double[] q = new double[k];
            double[] joint = new double[k];
            double magnitude = 0;
            double norm = l * 0.5 * Math.log(2 * Math.PI);
            for (int c = 0; c < k; c++) {
                double logSigma = Math.max(head[hL.at(k + k * l + c, n)], logFloor);
                for (int d = 0; d < l; d++) {
                    double e = (target[tL.at(d, n)] - head[hL.at(k + c * l + d, n)]) * Math.exp(-logSigma);
                    q[c] += e * e;
                }
                joint[c] = head[hL.at(c, n)] - logZ - 0.5 * q[c] - l * logSigma - norm;
                magnitude = Math.max(magnitude,
                        Math.abs(head[hL.at(c, n)]) + Math.abs(logZ) + 0.5 * q[c] + l * Math.abs(logSigma) + norm);
            }
            double[] gamma = KernelTestSupport.responsibilities(joint, KernelTestSupport.logSumExp(joint));
            return new Sample(gamma, q, magnitude);
        }
    }
}
