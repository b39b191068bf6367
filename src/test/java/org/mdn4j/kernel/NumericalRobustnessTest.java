package org.mdn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdn4j.kernel.KernelTestSupport.featureMajor;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdn4j.kernel.KernelTestSupport.Layout;

/**
 * Extreme inputs, both kernel families: logits of ±1e4 for softmax, log-softmax and the mixture
 * NLL, and σ from 1e-6 to 1e6 for the mixture NLL. Batch 37 = two full 16-lane blocks (and more
 * on narrower vectors) plus a scalar tail, so the vector path and the tail both see every case.
 */
class NumericalRobustnessTest {

    private static final int BATCH = 37;
    private static final double[] SIGMAS = {1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6};
    /** log(1e-6), the model default: σ = 1e-6 sits exactly on the floor. */
    private static final float DEFAULT_LOG_FLOOR = (float) Math.log(1e-6);

    private static Kernels kernels(String name) {
        return name.equals("simd") ? KernelTestSupport.simd() : KernelSelector.select(name);
    }

    /** Logits near +1e4 or −1e4 (with O(1) spread, so they are not all tied), some exactly ±1e4. */
    private static float hugeLogit(SplittableRandom rng) {
        float base = rng.nextBoolean() ? 1e4f : -1e4f;
        return rng.nextInt(4) == 0 ? base : base + KernelTestSupport.uniform(rng, -3, 3);
    }

    private static float[] hugeLogits(SplittableRandom rng, Layout lay, int k) {
        float[] x = featureMajor(rng, lay, k, BATCH, 0, 0);
        for (int r = 0; r < k; r++) {
            for (int n = 0; n < BATCH; n++) {
                x[lay.at(r, n)] = hugeLogit(rng);
            }
        }
        return x;
    }

    // ---- softmax -------------------------------------------------------------------------

    /**
     * Finite, in [0, 1], normalised, and each probability within 1e-5 relative of a double
     * evaluation: both kernels subtract the max before exp and divide by the sum, so they stay
     * accurate to float precision at any magnitude. (Forming {@code exp(x − (max + log Σ))}
     * instead rounds the exponent at the logits' magnitude, 4.9e-4 at |logit| = 1e4.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void softmaxOfHugeLogitsIsFiniteNormalisedAndAccurate(String kernel) {
        checkSoftmax(kernel, 1e-5);
    }

    /** Checks finiteness, range, |Σp − 1| ≤ tol and |p − p_double| ≤ tol·p_double. */
    private static void checkSoftmax(String kernel, double tol) {
        Kernels kk = kernels(kernel);
        for (int k : new int[] {1, 2, 3, 5, 9}) {
            long seed = KernelTestSupport.seed("robust softmax", k);
            SplittableRandom rng = new SplittableRandom(seed);
            Layout lay = Layout.padded(BATCH, 1);
            float[] x = hugeLogits(rng, lay, k);
            float[] p = featureMajor(rng, lay, k, BATCH, 0, 0);
            kk.softmax(x, lay.off(), lay.stride(), k, BATCH, p, lay.off(), lay.stride());
            for (int n = 0; n < BATCH; n++) {
                double[] logits = KernelTestSupport.column(x, lay, 0, k, n);
                double max = KernelTestSupport.max(logits);
                double z = KernelTestSupport.sumExp(logits, max);
                double sum = 0;
                for (int r = 0; r < k; r++) {
                    float v = p[lay.at(r, n)];
                    double ref = Math.exp(x[lay.at(r, n)] - max) / z;
                    int rr = r;
                    int nn = n;
                    Supplier<String> ctx = () -> kernel + " softmax seed=" + seed + " k=" + k + " batch=" + BATCH
                            + " r=" + rr + " n=" + nn + " logits=" + column(x, lay, k, nn);
                    assertTrue(Float.isFinite(v) && v >= 0f && v <= 1f, () -> v + " " + ctx.get());
                    // k ≤ 9 terms each within a few ulps: 1e-5 relative is ample for a correct kernel.
                    KernelTestSupport.assertClose(ref, v, tol * ref + Float.MIN_NORMAL, ctx);
                    sum += v;
                }
                double s = sum;
                int nn = n;
                KernelTestSupport.assertClose(1, s, tol, () -> kernel + " softmax sum seed=" + seed + " k=" + k
                        + " batch=" + BATCH + " n=" + nn + " logits=" + column(x, lay, k, nn));
            }
        }
    }

    // ---- log-softmax ---------------------------------------------------------------------

    /**
     * Finite, and {@code |out − ref| ≤ 1e-5 · max(1, |x − max| + log k)}: the terms a
     * max-subtracted evaluation rounds, with no share of |max| (forming {@code max + log Σ} first
     * would add ulp(max)/2).
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void logSoftmaxOfHugeLogitsIsFiniteAndAccurate(String kernel) {
        Kernels kk = kernels(kernel);
        for (int k : new int[] {1, 2, 3, 5, 9}) {
            long seed = KernelTestSupport.seed("robust logSoftmax", k);
            SplittableRandom rng = new SplittableRandom(seed);
            Layout lay = Layout.padded(BATCH, 2);
            float[] x = hugeLogits(rng, lay, k);
            float[] out = featureMajor(rng, lay, k, BATCH, 0, 0);
            kk.logSoftmax(x, lay.off(), lay.stride(), k, BATCH, out, lay.off(), lay.stride());
            for (int n = 0; n < BATCH; n++) {
                double[] logits = KernelTestSupport.column(x, lay, 0, k, n);
                double max = KernelTestSupport.max(logits);
                double z = KernelTestSupport.sumExp(logits, max);
                for (int r = 0; r < k; r++) {
                    float v = out[lay.at(r, n)];
                    double shifted = x[lay.at(r, n)] - max;
                    double ref = shifted - Math.log(z);
                    int rr = r;
                    int nn = n;
                    Supplier<String> ctx = () -> kernel + " logSoftmax seed=" + seed + " k=" + k + " batch=" + BATCH
                            + " r=" + rr + " n=" + nn + " logits=" + column(x, lay, k, nn);
                    assertTrue(Float.isFinite(v), () -> v + " " + ctx.get());
                    double tol = 1e-5 * Math.max(1, Math.abs(shifted) + Math.log(k));
                    KernelTestSupport.assertClose(ref, v, tol, ctx);
                }
            }
        }
    }

    // ---- mixture NLL ---------------------------------------------------------------------

    /**
     * σ ∈ {1e-6 … 1e6} (log σ rows hold their logs), logits of ±1e4, targets and means in [−3, 3]:
     * the NLL and every gradient row stay finite, the NLL is within {@code 1e-5·max(1, M)} of a
     * double-precision evaluation and the logit gradients within {@code 1e-5·scale·max(1, M)},
     * where {@code M} is the largest sum of magnitudes of one log joint's terms after
     * max-subtraction ({@code |logit − max| + log K + q/2 + L|log σ| + L·½log 2π}), which is what
     * float arithmetic must round; no share of the logits' magnitude is allowed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void mixtureNllIsFiniteAndAccurateForExtremeSigmasAndLogits(String kernel) {
        Kernels kk = kernels(kernel);
        for (int k : new int[] {1, 3, 5}) {
            for (int l : new int[] {1, 2, 3}) {
                long seed = KernelTestSupport.seed("robust mixture", k, l);
                SplittableRandom rng = new SplittableRandom(seed);
                int rows = k * (l + 2);
                Layout lay = Layout.padded(BATCH, 1);
                float[] head = featureMajor(rng, lay, rows, BATCH, -3, 3);
                for (int n = 0; n < BATCH; n++) {
                    for (int c = 0; c < k; c++) {
                        if (rng.nextBoolean()) {
                            head[lay.at(c, n)] = hugeLogit(rng);
                        }
                        head[lay.at(k + k * l + c, n)] = (float) Math.log(SIGMAS[rng.nextInt(SIGMAS.length)]);
                    }
                }
                float[] target = featureMajor(rng, lay, l, BATCH, -3, 3);
                float[] dHead = featureMajor(rng, lay, rows, BATCH, 0, 0);
                float[] nll = new float[BATCH];
                float scale = 1f / BATCH;
                kk.mixtureNll(head, lay.off(), lay.stride(), k, l, BATCH, target, lay.off(), lay.stride(),
                        DEFAULT_LOG_FLOOR, scale, dHead, lay.off(), lay.stride(), nll, 0);
                for (int n = 0; n < BATCH; n++) {
                    int nn = n;
                    Supplier<String> ctx = () -> kernel + " mixtureNll seed=" + seed + " K=" + k + " L=" + l
                            + " batch=" + BATCH + " n=" + nn + " head=" + column(head, lay, rows, nn);
                    assertTrue(Float.isFinite(nll[n]), () -> "nll " + nll[nn] + " " + ctx.get());
                    for (int r = 0; r < rows; r++) {
                        float g = dHead[lay.at(r, n)];
                        int rr = r;
                        assertTrue(Float.isFinite(g), () -> "dHead row " + rr + " = " + g + " " + ctx.get());
                    }
                    MixtureRef ref = MixtureRef.of(head, lay, k, l, target, n);
                    double m = Math.max(1, ref.magnitude);
                    KernelTestSupport.assertClose(ref.nll, nll[n], 1e-5 * m, () -> "nll " + ctx.get());
                    for (int c = 0; c < k; c++) {
                        int cc = c;
                        KernelTestSupport.assertClose(scale * (ref.pi[c] - ref.gamma[c]), dHead[lay.at(c, n)],
                                1e-5 * scale * m, () -> "dLogit c=" + cc + " " + ctx.get());
                    }
                }
            }
        }
    }

    /** One sample's mixture in double, max-subtracted throughout, the σ floor applied as the kernels do. */
    private record MixtureRef(double nll, double[] pi, double[] gamma, double magnitude) {

        static MixtureRef of(float[] h, Layout lay, int k, int l, float[] target, int n) {
            double[] logits = KernelTestSupport.column(h, lay, 0, k, n);
            double maxLogit = KernelTestSupport.max(logits);
            double z = KernelTestSupport.sumExp(logits, maxLogit);
            double norm = 0.5 * l * Math.log(2 * Math.PI);
            double[] pi = new double[k];
            double[] joint = new double[k];
            double magnitude = 0;
            for (int c = 0; c < k; c++) {
                double shifted = h[lay.at(c, n)] - maxLogit;
                pi[c] = Math.exp(shifted) / z;
                double logSigma = Math.max(h[lay.at(k + k * l + c, n)], DEFAULT_LOG_FLOOR);
                double q = 0;
                for (int d = 0; d < l; d++) {
                    double e = (target[lay.at(d, n)] - h[lay.at(k + c * l + d, n)]) / Math.exp(logSigma);
                    q += e * e;
                }
                joint[c] = shifted - Math.log(z) - 0.5 * q - l * logSigma - norm;
                magnitude = Math.max(magnitude,
                        Math.abs(shifted) + Math.log(k) + 0.5 * q + l * Math.abs(logSigma) + norm);
            }
            double lse = KernelTestSupport.logSumExp(joint);
            return new MixtureRef(-lse, pi, KernelTestSupport.responsibilities(joint, lse), magnitude);
        }
    }

    private static String column(float[] h, Layout lay, int rows, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int r = 0; r < rows; r++) {
            sb.append(r == 0 ? "" : ", ").append(h[lay.at(r, n)]);
        }
        return sb.append(']').toString();
    }
}
