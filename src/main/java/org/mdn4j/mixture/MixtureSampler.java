package org.mdn4j.mixture;

import java.util.SplittableRandom;
import org.mdn4j.nn.Head;

/**
 * Draws samples from mixtures: a component by its π, then μ + V·z with z standard normal in every
 * dimension and V the component's covariance factor (Σ = VVᵀ; V = σI for an isotropic component). Seeded and reproducible: the same seed, rows and sample count give the same numbers.
 */
public final class MixtureSampler {

    private MixtureSampler() {
    }

    /**
     * {@code n} samples of {@code m} into {@code out[off ..  off + n·L)}, sample-major
     * (sample i's dimension d at {@code off + i·L + d}).
     */
    public static void sample(GaussianMixture m, int n, SplittableRandom rng, double[] out, int off) {
        if (n < 0) {
            throw new IllegalArgumentException("sample count must be at least 0, got " + n);
        }
        int k = m.components();
        int l = m.dimensions();
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            // Linear scan of the cumulative π: K is small, and the last component catches the
            // rounding left over when the π sum to a hair under 1.
            int c = 0;
            double cumulative = m.pi(0);
            while (c < k - 1 && u >= cumulative) {
                c++;
                cumulative += m.pi(c);
            }
            int at = off + i * l;
            for (int d = 0; d < l; d++) {
                out[at + d] = rng.nextGaussian();
            }
            // V is upper-triangular, so row d needs only z_d.. : overwrite z in place from the top.
            for (int d = 0; d < l; d++) {
                double x = m.covarianceFactor(c, d, d) * out[at + d];
                for (int j = d + 1; j < l; j++) {
                    x += m.covarianceFactor(c, d, j) * out[at + j];
                }
                out[at + d] = m.mu(c, d) + x;
            }
        }
    }

    /**
     * {@code n} samples per row of a row-major batch of heads (row r's head at {@code r·width},
     * width = {@link Head#outputs}),
     * each row from its own mixture at temperature {@code t} (see {@link Temperature}). Row r's
     * samples land in {@code result[r]}, sample-major. Every row draws from its own stream split
     * off one {@code SplittableRandom(seed)} in row order, so a row's samples do not depend on how
     * many samples the other rows took.
     */
    public static double[][] sampleRows(float[] heads, int rows, int k, int l, float logSigmaFloor, int n,
                                        double t, long seed) {
        return sampleRows(Head.ISOTROPIC, heads, rows, k, l, logSigmaFloor, n, t, seed);
    }

    /** As {@link #sampleRows(float[], int, int, int, float, int, double, long)} for heads of any kind. */
    public static double[][] sampleRows(Head head, float[] heads, int rows, int k, int l, float logSigmaFloor, int n,
                                        double t, long seed) {
        Temperature.check(t);
        if (n < 0) {
            throw new IllegalArgumentException("sample count must be at least 0, got " + n);
        }
        int width = (int) head.outputs(k, l);
        SplittableRandom root = new SplittableRandom(seed);
        double[][] result = new double[rows][];
        for (int r = 0; r < rows; r++) {
            SplittableRandom rng = root.split();
            GaussianMixture m = Temperature.apply(GaussianMixture.fromHead(head, heads, r * width, 1, k, l, logSigmaFloor),
                    t);
            result[r] = new double[Math.multiplyExact(n, l)];
            sample(m, n, rng, result[r], 0);
        }
        return result;
    }
}
