package org.mdn4j.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Kernels#mixtureNllDiagonal} and {@link Kernels#mixtureNllFull}: the Vector API kernels
 * against the scalar reference for K ∈ {1,3,5}, L ∈ {1,2,3}, every batch size of
 * {@link KernelTestSupport#BATCH_SIZES}, tight and padded layouts, with the bound far away (σ floor
 * 1e-6) and active (log floor −0.4: about a third of the log σ rows of the diagonal head, and of the
 * log-diagonal rows of U, capped at +0.4, are clamped and must get a zero gradient).
 *
 * <h2>Tolerance</h2>
 * As in {@link MixtureKernelEquivalenceTest}: every output carries the rounding of a log joint whose
 * terms sum in magnitude to M (computed here in double), so the NLL is held to 1e-5·max(1, M)
 * absolute and each gradient to 1e-5·max(1, M) times its own error scale: {@code scale} for the
 * logit gradient, the value itself for a product (a mean gradient of the diagonal head, an
 * off-diagonal U gradient), and the sum of the absolute terms for a difference or a sum
 * ({@code scale·γ·(1 + z²)}, {@code scale·γ·(1 + |r|_i |e_i| U_ii)}, {@code scale·γ·Σ_i |U_ij| |r|_i}), where
 * {@code |r|_i = Σ_j |U_ij e_j|} is the error scale of the residual r_i = Σ_j U_ij e_j, itself a sum.
 */
class HeadKernelEquivalenceTest {

    @RegisterExtension
    static final KernelPair KERNELS = new KernelPair();

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (boolean full : new boolean[] {false, true}) {
            for (int k : new int[] {1, 3, 5}) {
                for (int l : new int[] {1, 2, 3}) {
                    out.add(Arguments.of(full ? "full" : "diagonal", k, l));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} K={1} L={2}")
    @MethodSource("cases")
    void headLossMatchesScalar(String head, int k, int l) {
        HeadLossBuffers.forEachCase((batch, variant, logFloor) -> runCase(head.equals("full"), k, l, batch, variant, logFloor));
    }

    private static void runCase(boolean full, int k, int l, int batch, int variant, float logFloor) {
        long seed = KernelTestSupport.seed("head", full, k, l, batch, variant, logFloor);
        int width = full ? l * (l + 1) / 2 : l;
        HeadLossBuffers buf = new HeadLossBuffers(new SplittableRandom(seed), k, l, width, batch, variant);
        float scale = 1.7f / batch;
        buf.run(full ? Kernels::mixtureNllFull : Kernels::mixtureNllDiagonal, KERNELS, k, l, logFloor, scale);
        Supplier<String> ctx = () -> String.format("seed=%d %s K=%d L=%d batch=%d logFloor=%s %s",
                seed, full ? "full" : "diagonal", k, l, batch, logFloor, buf.layouts());
        for (int n = 0; n < batch; n++) {
            double[] h = new double[buf.rows];
            for (int r = 0; r < buf.rows; r++) {
                h[r] = buf.head[buf.hL.at(r, n)];
            }
            double[] t = new double[l];
            for (int d = 0; d < l; d++) {
                t[d] = buf.target[buf.tL.at(d, n)];
            }
            double[] errorScale = errorScales(full, h, t, k, l, logFloor, scale);
            double amp = Math.max(1, errorScale[buf.rows]);
            int nn = n;
            KERNELS.stats().check("nll", buf.nllScalar[buf.nllOff + n], buf.nllSimd[buf.nllOff + n], amp,
                    () -> ctx.get() + " n=" + nn);
            for (int r = 0; r < buf.rows; r++) {
                int rr = r;
                float expected = buf.dScalar[buf.dL.at(r, n)];
                String what = r < k ? "dLogit" : r < k + k * l ? "dMean" : "dScale";
                KERNELS.stats().check(what, expected, buf.dSimd[buf.dL.at(r, n)], amp * errorScale[r],
                        () -> ctx.get() + " n=" + nn + " row=" + rr);
                if (r >= k + k * l && isClamped(full, h, r, k, l, width, logFloor)) {
                    KernelTestSupport.assertClose(0, buf.dSimd[buf.dL.at(r, n)], 0,
                            () -> "a clamped row must get a zero gradient " + ctx.get() + " n=" + nn + " row=" + rr);
                    KernelTestSupport.assertClose(0, buf.dScalar[buf.dL.at(r, n)], 0,
                            () -> "a clamped row must get a zero gradient (scalar) " + ctx.get() + " n=" + nn);
                }
            }
        }
        buf.assertOnlyOutputsWritten(ctx);
    }

    /** Whether scale row {@code r} is a log σ below the floor or a log-diagonal of U above −floor. */
    private static boolean isClamped(boolean full, double[] h, int r, int k, int l, int width, float logFloor) {
        int within = (r - k - k * l) % width;
        if (full) {
            return within < l && h[r] >= -logFloor;
        }
        return h[r] <= logFloor;
    }

    /**
     * One sample in double: the error scale of every head row's gradient (see the class comment)
     * and, at index {@code rows}, the magnitude M of the largest log joint's terms.
     */
    private static double[] errorScales(boolean full, double[] h, double[] t, int k, int l, float logFloor,
                                        float scale) {
        int width = full ? l * (l + 1) / 2 : l;
        int rows = k * (1 + l + width);
        double[] out = new double[rows + 1];
        double logZ = KernelTestSupport.logSumExp(Arrays.copyOf(h, k));
        double norm = l * 0.5 * Math.log(2 * Math.PI);
        double[] joint = new double[k];
        double[][] r = new double[k][l];
        double[][][] u = new double[k][l][l];
        for (int c = 0; c < k; c++) {
            int base = k + k * l + c * width;
            double q = 0;
            double logDet = 0;
            if (full) {
                for (int i = 0; i < l; i++) {
                    double b = Math.min(h[base + i], -logFloor);
                    logDet += Math.abs(b);
                    u[c][i][i] = Math.exp(b);
                    for (int j = i + 1; j < l; j++) {
                        u[c][i][j] = h[base + l + ScalarKernels.upperIndex(i, j, l)];
                    }
                }
                double[] exact = new double[l];
                for (int i = 0; i < l; i++) {
                    for (int j = i; j < l; j++) {
                        exact[i] += u[c][i][j] * (t[j] - h[k + c * l + j]);
                        r[c][i] += Math.abs(u[c][i][j] * (t[j] - h[k + c * l + j]));
                    }
                    q += exact[i] * exact[i];
                }
            } else {
                for (int d = 0; d < l; d++) {
                    double logSigma = Math.max(h[base + d], logFloor);
                    double e = (t[d] - h[k + c * l + d]) * Math.exp(-logSigma);
                    r[c][d] = e;
                    q += e * e;
                    logDet += Math.abs(logSigma);
                }
            }
            joint[c] = h[c] - logZ - 0.5 * q - norm;
            out[rows] = Math.max(out[rows], Math.abs(h[c]) + Math.abs(logZ) + 0.5 * q + logDet + norm);
            joint[c] += full ? sumLogDiagonal(u[c]) : -sumLogSigma(h, base, l, logFloor);
        }
        double[] gamma = KernelTestSupport.responsibilities(joint, KernelTestSupport.logSumExp(joint));
        double tiny = scale * 1e-30;
        for (int c = 0; c < k; c++) {
            double g = scale * gamma[c];
            int base = k + k * l + c * width;
            out[c] = scale;
            for (int d = 0; d < l; d++) {
                if (full) {
                    double utr = 0;
                    for (int i = 0; i <= d; i++) {
                        utr += Math.abs(u[c][i][d] * r[c][i]);
                    }
                    out[k + c * l + d] = Math.max(g * utr, tiny);
                    double e = t[d] - h[k + c * l + d];
                    out[base + d] = Math.max(g * (1 + Math.abs(r[c][d] * e * u[c][d][d])), tiny);
                    for (int j = d + 1; j < l; j++) {
                        double ej = t[j] - h[k + c * l + j];
                        out[base + l + ScalarKernels.upperIndex(d, j, l)] = Math.max(g * Math.abs(r[c][d] * ej), tiny);
                    }
                } else {
                    double invSigma = Math.exp(-Math.max(h[base + d], logFloor));
                    out[k + c * l + d] = Math.max(g * Math.abs(r[c][d]) * invSigma, tiny);
                    out[base + d] = Math.max(g * (1 + r[c][d] * r[c][d]), tiny);
                }
            }
        }
        return out;
    }

    private static double sumLogDiagonal(double[][] u) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += Math.log(u[i][i]);
        }
        return s;
    }

    private static double sumLogSigma(double[] h, int base, int l, float logFloor) {
        double s = 0;
        for (int d = 0; d < l; d++) {
            s += Math.max(h[base + d], logFloor);
        }
        return s;
    }
}
