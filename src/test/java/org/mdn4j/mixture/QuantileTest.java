package org.mdn4j.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Marginal quantiles solve F(q) = p to 1e-7 and agree with the empirical CDF of 10⁶ samples. */
class QuantileTest {

    private static final double[] LEVELS = {0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999};

    @Test
    void quantilesInvertTheCdfToTolerance() {
        for (GaussianMixture m : new GaussianMixture[] {Mixtures.oneDimensional(), Mixtures.twoDimensional(),
                Mixtures.diagonalTwoDimensional(), Mixtures.fullTwoDimensional()}) {
            for (int d = 0; d < m.dimensions(); d++) {
                MarginalDistribution marginal = new MarginalDistribution(m, d);
                double previous = Double.NEGATIVE_INFINITY;
                for (double p : LEVELS) {
                    double q = marginal.quantile(p);
                    assertTrue(marginal.cdf(q - MarginalDistribution.TOLERANCE) < p
                            && marginal.cdf(q + MarginalDistribution.TOLERANCE) > p, "q" + p + " within 1e-7");
                    assertTrue(q > previous, "increasing in p");
                    previous = q;
                }
            }
        }
    }

    @Test
    void quantilesAgreeWithOneMillionSamples() {
        for (GaussianMixture m : new GaussianMixture[] {Mixtures.twoDimensional(), Mixtures.diagonalTwoDimensional(),
                Mixtures.fullTwoDimensional()}) {
            agreeWithOneMillionSamples(m);
        }
    }

    private static void agreeWithOneMillionSamples(GaussianMixture m) {
        int n = 1_000_000;
        double[] samples = new double[2 * n];
        MixtureSampler.sample(m, n, new SplittableRandom(2024), samples, 0);
        double worst = 0;
        for (int d = 0; d < 2; d++) {
            MarginalDistribution marginal = new MarginalDistribution(m, d);
            for (double p : LEVELS) {
                double q = marginal.quantile(p);
                int below = 0;
                for (int i = 0; i < n; i++) {
                    if (samples[2 * i + d] <= q) {
                        below++;
                    }
                }
                double error = Math.abs((double) below / n - p);
                assertTrue(error < 1e-3, "dimension " + d + ", p " + p + ": empirical F(q) off by " + error);
                worst = Math.max(worst, error);
            }
        }
        System.out.printf("quantiles vs 1e6 samples: max |F_empirical(q_p) - p| = %.2e%n", worst);
    }

    @Test
    void centralIntervalIsTheTwoTailQuantiles() {
        MarginalDistribution marginal = new MarginalDistribution(Mixtures.oneDimensional(), 0);
        assertArrayEquals(new double[] {marginal.quantile(0.05), marginal.quantile(0.95)},
                marginal.centralInterval(0.9), 1e-9);
        double[] i = marginal.centralInterval(0.5);
        assertEquals(0.5, marginal.cdf(i[1]) - marginal.cdf(i[0]), 1e-7);
    }

    @Test
    void extremeLevelsAndBadOnes() {
        MarginalDistribution marginal = new MarginalDistribution(Mixtures.oneDimensional(), 0);
        assertEquals(1e-12, marginal.cdf(marginal.quantile(1e-12)), 1e-15, "far lower tail");
        assertEquals(1 - 1e-12, marginal.cdf(marginal.quantile(1 - 1e-12)), 1e-15, "far upper tail");
        for (double bad : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> marginal.quantile(bad), "p=" + bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new MarginalDistribution(Mixtures.oneDimensional(), 1));
    }
}
