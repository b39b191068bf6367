package org.mdn4j.mixture;

/**
 * The full L×L covariance of a mixture, Σ_k π_k (Σ_k + μ_k μ_kᵀ) − m mᵀ with m = Σ_k π_k μ_k. For
 * an isotropic head its diagonal is the per-dimension variance {@link IsotropicMixture#variance}
 * reports, and the off-diagonal terms are the correlation between target dimensions that the
 * choice of component induces; a full head adds each component's own correlations.
 */
public final class MixtureCovariance {

    private MixtureCovariance() {
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
