package org.mdn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdn4j.kernel.KernelTestSupport.featureMajor;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.kernel.KernelTestSupport.Layout;
import org.mdn4j.mixture.GaussianMixture;
import org.mdn4j.nn.Head;

/**
 * The diagonal and full heads' loss kernels at extreme scales, as {@link NumericalRobustnessTest}
 * does for the isotropic one: σ (diagonal) or 1/U_ii (full) drawn from 1e-6 … 1e6, so the σ floor
 * and the cap on U's log-diagonal sit exactly at an end; the full head's off-diagonal entries up to
 * twice the larger of the two diagonal entries they couple; logits of ±1e4; targets and means in
 * [−3, 3]. The NLL and every gradient row stay finite, and the NLL is within 1e-5·max(1, M) of the
 * double-precision {@link GaussianMixture#logDensity} (its log π from the logits' log-softmax, so a
 * component 2e4 below the others in logit still counts), M being the largest sum of magnitudes of
 * one log joint's terms after max-subtraction ({@code |logit − max| + log K + q/2 + Σ|log scale| +
 * L·½log 2π}).
 */
class HeadRobustnessTest {

    private static final int BATCH = 37;
    private static final double[] SIGMAS = {1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6};
    private static final float LOG_FLOOR = (float) Math.log(1e-6);

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"scalar, DIAGONAL", "simd, DIAGONAL", "scalar, FULL", "simd, FULL"})
    void finiteAndAccurateAtExtremeScales(String kernel, Head head) {
        Kernels kk = kernel.equals("simd") ? KernelTestSupport.simd() : KernelSelector.select(kernel);
        for (int k : new int[] {1, 3, 5}) {
            for (int l : new int[] {1, 2, 3}) {
                long seed = KernelTestSupport.seed("robust head", head.label(), k, l);
                SplittableRandom rng = new SplittableRandom(seed);
                int width = head.equals(Head.FULL) ? l * (l + 1) / 2 : l;
                int rows = k * (1 + l + width);
                Layout lay = Layout.padded(BATCH, 2);
                float[] h = featureMajor(rng, lay, rows, BATCH, -3, 3);
                for (int n = 0; n < BATCH; n++) {
                    for (int c = 0; c < k; c++) {
                        if (rng.nextBoolean()) {
                            float base = rng.nextBoolean() ? 1e4f : -1e4f;
                            h[lay.at(c, n)] = base + KernelTestSupport.uniform(rng, -3, 3);
                        }
                        int base = k + k * l + c * width;
                        double[] scale = new double[l];
                        for (int d = 0; d < l; d++) {
                            scale[d] = SIGMAS[rng.nextInt(SIGMAS.length)];
                            // diagonal: log σ; full: log U_ii = −log σ
                            h[lay.at(base + d, n)] = (float) (head == Head.FULL ? -Math.log(scale[d]) : Math.log(scale[d]));
                        }
                        if (head == Head.FULL) {
                            for (int i = 0; i < l; i++) {
                                for (int j = i + 1; j < l; j++) {
                                    double bound = 2 * Math.max(1 / scale[i], 1 / scale[j]);
                                    h[lay.at(base + l + ScalarKernels.upperIndex(i, j, l), n)] =
                                            (float) (bound * (2 * rng.nextDouble() - 1));
                                }
                            }
                        }
                    }
                }
                float[] target = featureMajor(rng, lay, l, BATCH, -3, 3);
                float[] dHead = featureMajor(rng, lay, rows, BATCH, 0, 0);
                float[] nll = new float[BATCH];
                if (head == Head.FULL) {
                    kk.mixtureNllFull(h, lay.off(), lay.stride(), k, l, BATCH, target, lay.off(), lay.stride(),
                            LOG_FLOOR, 1f / BATCH, dHead, lay.off(), lay.stride(), nll, 0);
                } else {
                    kk.mixtureNllDiagonal(h, lay.off(), lay.stride(), k, l, BATCH, target, lay.off(), lay.stride(),
                            LOG_FLOOR, 1f / BATCH, dHead, lay.off(), lay.stride(), nll, 0);
                }
                for (int n = 0; n < BATCH; n++) {
                    int nn = n;
                    Supplier<String> ctx = () -> kernel + " " + head.label() + " seed=" + seed + " K=" + k + " L=" + l
                            + " n=" + nn;
                    assertTrue(Float.isFinite(nll[n]), () -> "nll " + nll[nn] + " " + ctx.get());
                    for (int r = 0; r < rows; r++) {
                        float g = dHead[lay.at(r, n)];
                        int rr = r;
                        assertTrue(Float.isFinite(g), () -> "dHead row " + rr + " = " + g + " " + ctx.get());
                    }
                    float[] column = new float[rows];
                    for (int r = 0; r < rows; r++) {
                        column[r] = h[lay.at(r, n)];
                    }
                    double[] t = new double[l];
                    for (int d = 0; d < l; d++) {
                        t[d] = target[lay.at(d, n)];
                    }
                    GaussianMixture m = GaussianMixture.fromHead(head, column, 0, 1, k, l, LOG_FLOOR);
                    double magnitude = magnitude(m, column, k, l, width, t);
                    KernelTestSupport.assertClose(-m.logDensity(t), nll[n], 1e-5 * Math.max(1, magnitude),
                            () -> "nll " + ctx.get());
                }
            }
        }
    }

    /** M: the largest sum of magnitudes of one component's log-joint terms, after max-subtraction. */
    private static double magnitude(GaussianMixture m, float[] column, int k, int l, int width, double[] t) {
        double maxLogit = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            maxLogit = Math.max(maxLogit, column[c]);
        }
        double worst = 0;
        for (int c = 0; c < k; c++) {
            double logScale = 0;
            for (int d = 0; d < l; d++) {
                logScale += Math.abs(column[k + k * l + c * width + d]);
            }
            double terms = Math.abs(column[c] - maxLogit) + Math.log(k) + 0.5 * m.squaredDistance(c, t) + logScale
                    + 0.5 * l * Math.log(2 * Math.PI);
            worst = Math.max(worst, terms);
        }
        return worst;
    }
}
