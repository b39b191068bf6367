package org.mdn4j.mixture;

import org.mdn4j.nn.Head;

/**
 * The full L×L covariance of a mixture, Σ_k π_k (Σ_k + μ_k μ_kᵀ) − m mᵀ with m = Σ_k π_k μ_k. For
 * an isotropic head its diagonal is the per-dimension variance {@link IsotropicMixture#variance}
 * reports, and the off-diagonal terms are the correlation between target dimensions that the
 * choice of component induces; a full head adds each component's own correlations.
 */
public final class MixtureCovariance {

    private MixtureCovariance() {
    }

    /**
     * The conditional variance per target of one head row of any kind, the diagonal of {@link #of}:
     * an isotropic head's straight from its outputs ({@link IsotropicMixture#variance}, allocating
     * nothing), the diagonal and full heads' through the row's {@link GaussianMixture}.
     *
     * @param pi   the row's π, from {@link IsotropicMixture#weights}
     * @param mean the row's conditional mean, from {@link IsotropicMixture#mean}
     * @param var  receives the L variances
     */
    public static void variances(Head head, float[] h, int off, int stride, int k, int l, double[] pi,
                                 double[] mean, float logSigmaFloor, double[] var) {
        if (head == Head.ISOTROPIC) {
            IsotropicMixture.variance(h, off, stride, k, l, pi, mean, logSigmaFloor, var);
            return;
        }
        double[] cov = of(GaussianMixture.fromHead(head, h, off, stride, k, l, logSigmaFloor));
        for (int d = 0; d < l; d++) {
            var[d] = cov[d * l + d];
        }
    }

    /** The covariance, row-major {@code L×L}. */
    public static double[] of(GaussianMixture m) {
        int k = m.components();
        int l = m.dimensions();
        double[] mean = m.mean();
        double[] cov = new double[l * l];
        // Accumulated around the mixture mean, Σ_k π_k (Σ_k + (μ_k − m)(μ_k − m)ᵀ), which is the
        // same matrix without the cancellation of subtracting m mᵀ from a large second moment.
        for (int c = 0; c < k; c++) {
            double p = m.pi(c);
            for (int i = 0; i < l; i++) {
                double di = m.mu(c, i) - mean[i];
                for (int j = i; j < l; j++) {
                    cov[i * l + j] += p * (m.covariance(c, i, j) + di * (m.mu(c, j) - mean[j]));
                }
            }
        }
        // Mirrored rather than summed twice, so the matrix is symmetric to the last bit.
        for (int i = 0; i < l; i++) {
            for (int j = 0; j < i; j++) {
                cov[i * l + j] = cov[j * l + i];
            }
        }
        return cov;
    }
}
