package org.mdn4j.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mdn4j.kernel.ScalarKernels;
import org.mdn4j.nn.Head;

/** The mixture density is a density: it integrates to 1, and it agrees with the head-based one. */
class DensityIntegrationTest {

    @Test
    void integratesToOneInOneDimension() {
        GaussianMixture m = Mixtures.oneDimensional();
        double h = 1e-3;
        double sum = 0;
        // The trapezoid rule on a smooth density that has decayed to nothing at both ends is
        // accurate far beyond its textbook O(h²).
        for (double t = -15; t <= 15; t += h) {
            sum += Math.exp(m.logDensity(new double[] {t})) * h;
        }
        System.out.printf("L=1: integral - 1 = %.3e%n", sum - 1);
        assertEquals(1, sum, 1e-6);
    }

    @ParameterizedTest
    @EnumSource(Head.class)
    void everyHeadIntegratesToOneInOneDimension(Head head) {
        GaussianMixture m = Mixtures.oneDimensional(head);
        double h = 1e-3;
        double sum = 0;
        for (double t = -15; t <= 15; t += h) {
            sum += Math.exp(m.logDensity(new double[] {t})) * h;
        }
        System.out.printf("%s L=1: integral - 1 = %.3e%n", head.label(), sum - 1);
        assertEquals(1, sum, 1e-6);
    }

    /** The hand-made mixtures and each head's mixture read from a head row, over a 2001² grid. */
    @ParameterizedTest
    @EnumSource(Head.class)
    void everyHeadIntegratesToOneInTwoDimensions(Head head) {
        GaussianMixture m = switch (head) {
            case ISOTROPIC -> Mixtures.twoDimensional();
            case DIAGONAL -> Mixtures.diagonalTwoDimensional();
            case FULL -> Mixtures.fullTwoDimensional();
        };
        for (GaussianMixture mixture : new GaussianMixture[] {m,
                GaussianMixture.fromHead(head, Mixtures.headBatch(head, 1), 0, 1, 3, 2, -7f)}) {
            double sum = integrateOverSquare(mixture);
            System.out.printf("%s L=2: integral - 1 = %.3e%n", head.label(), sum - 1);
            assertEquals(1, sum, 1e-6);
        }
    }

    private static double integrateOverSquare(GaussianMixture m) {
        double h = 0.01;
        double sum = 0;
        double[] t = new double[2];
        for (int i = 0; i <= 2000; i++) {
            t[0] = -10 + i * h;
            for (int j = 0; j <= 2000; j++) {
                t[1] = -10 + j * h;
                sum += Math.exp(m.logDensity(t)) * h * h;
            }
        }
        return sum;
    }

    /** The predictive mixture's log-density is minus the NLL the training kernel computes, for every head. */
    @ParameterizedTest
    @EnumSource(Head.class)
    void agreesWithTheLossKernel(Head head) {
        int rows = 3;
        int k = 3;
        int l = 2;
        int width = (int) head.outputs(k, l);
        float[] heads = Mixtures.headBatch(head, rows);
        float logFloor = -7f;
        float[] dHead = new float[width];
        float[] nll = new float[1];
        for (int r = 0; r < rows; r++) {
            GaussianMixture m = GaussianMixture.fromHead(head, heads, r * width, 1, k, l, logFloor);
            for (float[] t : new float[][] {{0, 0}, {5 * r - 1, 5 * r + 0.5f}, {5 * r + 2, 5 * r - 1}}) {
                switch (head) {
                    case ISOTROPIC -> ScalarKernels.mixtureNll(heads, r * width, 1, k, l, 1, t, 0, 1, logFloor, 1f,
                            dHead, 0, 1, nll, 0);
                    case DIAGONAL -> ScalarKernels.mixtureNllDiagonal(heads, r * width, 1, k, l, 1, t, 0, 1,
                            logFloor, 1f, dHead, 0, 1, nll, 0);
                    case FULL -> ScalarKernels.mixtureNllFull(heads, r * width, 1, k, l, 1, t, 0, 1, logFloor, 1f,
                            dHead, 0, 1, nll, 0);
                }
                double logP = m.logDensity(new double[] {t[0], t[1]});
                assertEquals(-nll[0], logP, 1e-5 * Math.max(1, Math.abs(logP)), head.label() + " row " + r);
            }
        }
    }

    @Test
    void marginalCdfIsTheIntegralOfTheMarginalDensity() {
        GaussianMixture m = Mixtures.twoDimensional();
        for (int d = 0; d < 2; d++) {
            MarginalDistribution marginal = new MarginalDistribution(m, d);
            double h = 1e-3;
            double integral = 0;
            for (int i = 0; i < 15_000; i++) {
                double t = -12 + i * h;
                // Simpson's rule on [t, t+h]; checked at every whole number.
                integral += h / 6 * (marginal.pdf(t) + 4 * marginal.pdf(t + h / 2) + marginal.pdf(t + h));
                if ((i + 1) % 1000 == 0) {
                    assertEquals(integral, marginal.cdf(t + h), 1e-9, "F(" + (t + h) + ") in dimension " + d);
                }
            }
        }
    }

    @Test
    void agreesWithTheHeadBasedLogDensity() {
        float[] heads = Mixtures.headBatch(3);
        int width = 12;
        for (int r = 0; r < 3; r++) {
            GaussianMixture m = GaussianMixture.fromHead(heads, r * width, 1, 3, 2, -7f);
            for (float[] t : new float[][] {{0, 0}, {5 * r - 1, 5 * r + 0.5f}, {5 * r + 2, 5 * r - 1}}) {
                double expected = IsotropicMixture.logDensity(heads, r * width, 1, 3, 2, t, 0, -7f);
                assertEquals(expected, m.logDensity(new double[] {t[0], t[1]}), 1e-5 * Math.max(1, Math.abs(expected)));
            }
        }
    }

    @Test
    void standardNormalCdfToNearDoublePrecision() {
        double[][] known = {{-1, 0.15865525393145707}, {1.96, 0.9750021048517795}, {-6, 9.865876450377012e-10},
                {-10, 7.619853024160593e-24}, {5, 0.9999997133484281}, {-5.5, 1.8989562465887738e-08},
                {0.3, 0.6179114221889526}, {0, 0.5}};
        for (double[] k : known) {
            assertEquals(k[1], StandardNormal.cdf(k[0]), 1e-12 * k[1], "Phi(" + k[0] + ")");
        }
    }
}
