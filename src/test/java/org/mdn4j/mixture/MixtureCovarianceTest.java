package org.mdn4j.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mdn4j.nn.Head;

/** The full covariance: the textbook formula, and the per-dimension variance on its diagonal. */
class MixtureCovarianceTest {

    @Test
    void matchesTheSecondMomentFormula() {
        GaussianMixture m = Mixtures.twoDimensional();
        double[] cov = MixtureCovariance.of(m);
        double[] mean = m.mean();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                // Σ_k π_k (σ_k² δ_ij + μ_ki μ_kj) − m_i m_j, taken literally.
                double second = 0;
                for (int c = 0; c < m.components(); c++) {
                    second += m.pi(c) * ((i == j ? m.sigma(c) * m.sigma(c) : 0) + m.mu(c, i) * m.mu(c, j));
                }
                assertEquals(second - mean[i] * mean[j], cov[i * 2 + j], 1e-12, "entry " + i + "," + j);
            }
        }
        assertEquals(cov[1], cov[2], 0.0, "symmetric");
    }

    @Test
    void diagonalIsThePerDimensionVariance() {
        float[] heads = Mixtures.headBatch(2);
        double[] pi = new double[3];
        double[] mean = new double[2];
        double[] var = new double[2];
        for (int r = 0; r < 2; r++) {
            IsotropicMixture.weights(heads, r * 12, 1, 3, pi);
            IsotropicMixture.mean(heads, r * 12, 1, 3, 2, pi, mean);
            IsotropicMixture.variance(heads, r * 12, 1, 3, 2, pi, mean, -7f, var);
            double[] cov = MixtureCovariance.of(GaussianMixture.fromHead(heads, r * 12, 1, 3, 2, -7f));
            assertEquals(var[0], cov[0], 1e-9);
            assertEquals(var[1], cov[3], 1e-9);
        }
    }

    /**
     * {@link MixtureCovariance#variances}, which {@code mdn predict} and the facade both report,
     * against the second-moment formula Σ_k π_k ((Σ_k)_dd + μ_kd²) − m_d² taken literally from each
     * row's mixture, for every head: the isotropic head's shortcut must not drift from the others' path.
     */
    @Test
    void variancesOfEveryHeadMatchTheSecondMoment() {
        int k = 3;
        int l = 2;
        float logFloor = -7f;
        for (Head head : Head.values()) {
            int width = (int) head.outputs(k, l);
            float[] heads = Mixtures.headBatch(head, 2);
            for (int r = 0; r < 2; r++) {
                double[] pi = new double[k];
                double[] mean = new double[l];
                double[] var = new double[l];
                IsotropicMixture.weights(heads, r * width, 1, k, pi);
                IsotropicMixture.mean(heads, r * width, 1, k, l, pi, mean);
                MixtureCovariance.variances(head, heads, r * width, 1, k, l, pi, mean, logFloor, var);
                GaussianMixture m = GaussianMixture.fromHead(head, heads, r * width, 1, k, l, logFloor);
                for (int d = 0; d < l; d++) {
                    double second = 0;
                    for (int c = 0; c < k; c++) {
                        second += m.pi(c) * (m.covariance(c, d, d) + m.mu(c, d) * m.mu(c, d));
                    }
                    double expected = second - mean[d] * mean[d];
                    assertEquals(expected, var[d], 1e-9 * Math.max(1, second), head + " row " + r + " target " + d);
                }
            }
        }
    }
}
