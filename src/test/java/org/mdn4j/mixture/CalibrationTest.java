package org.mdn4j.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** CRPS, PIT, coverage, component usage and the Gaussian baseline against hand-computed values. */
class CalibrationTest {

    private static GaussianMixture standardNormal() {
        return new GaussianMixture(new double[] {1}, new double[] {0}, new double[] {1});
    }

    @Test
    void crpsOfOneGaussianMatchesItsClosedForm() {
        // CRPS(N(0,1), 0) = 2φ(0) − 1/√π = (√2 − 1)/√π
        assertEquals((Math.sqrt(2) - 1) / Math.sqrt(Math.PI), Calibration.crps(standardNormal(), 0, 0), 1e-14);
        GaussianMixture g = new GaussianMixture(new double[] {1}, new double[] {0.7}, new double[] {0.3});
        for (double y : new double[] {-2, 0, 0.5, 0.7, 1.3, 9}) {
            assertEquals(Calibration.crpsGaussian(0.7, 0.3, y), Calibration.crps(g, 0, y), 1e-12, "y " + y);
        }
        // Far from the mean the CRPS approaches |y − μ| − σ/√π.
        assertEquals(10 - 0.3 / Math.sqrt(Math.PI), Calibration.crpsGaussian(0.7, 0.3, 10.7), 1e-12);
    }

    @Test
    void crpsOfAMixtureMatchesTheIntegralOfItsCdf() {
        GaussianMixture m = Mixtures.twoDimensional();
        for (int d = 0; d < 2; d++) {
            MarginalDistribution f = new MarginalDistribution(m, d);
            for (double y : new double[] {-3, -1, 0.2, 1.5, 4}) {
                // ∫ (F(z) − 1{z ≥ y})² dz by Simpson's rule on [−15, 15], split at y.
                double integral = simpson(z -> sq(f.cdf(z)), -15, y, 20_000)
                        + simpson(z -> sq(f.cdf(z) - 1), y, 15, 20_000);
                assertEquals(integral, Calibration.crps(m, d, y), 1e-8, "dimension " + d + ", y " + y);
            }
        }
    }

    @Test
    void tinyHandComputedCase() {
        Calibration c = new Calibration(1, 1);
        // Φ(−2) = 0.023, Φ(−0.5) = 0.309, Φ(0.1) = 0.540, Φ(1) = 0.841, Φ(3) = 0.99865
        float[] ys = {-2, -0.5f, 0.1f, 1, 3};
        for (int i = 0; i < ys.length; i++) {
            c.add(standardNormal(), ys, i);
        }
        assertEquals(5, c.rows());
        assertArrayEquals(new long[] {1, 0, 0, 1, 0, 1, 0, 0, 1, 1}, c.pitHistogram()[0]);
        // central intervals ±0.674, ±1.645, ±1.960 hold −0.5, 0.1 | −0.5, 0.1, 1 | −0.5, 0.1, 1
        double[][] coverage = c.coverage();
        assertEquals(0.4, coverage[0][0], 1e-12);
        assertEquals(0.6, coverage[1][0], 1e-12);
        assertEquals(0.6, coverage[2][0], 1e-12);
        double crps = 0;
        for (float y : ys) {
            crps += Calibration.crpsGaussian(0, 1, y);
        }
        assertEquals(crps / 5, c.crps()[0], 1e-12);
        assertArrayEquals(new double[] {1}, c.componentUsage(), 1e-12);
    }

    @Test
    void componentUsageIsTheMeanPi() {
        Calibration c = new Calibration(2, 1);
        float[] y = {0};
        c.add(new GaussianMixture(new double[] {0.3, 0.7}, new double[] {-1, 1}, new double[] {1, 1}), y, 0);
        c.add(new GaussianMixture(new double[] {0.5, 0.5}, new double[] {-1, 1}, new double[] {1, 1}), y, 0);
        assertArrayEquals(new double[] {0.4, 0.6}, c.componentUsage(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> c.add(standardNormal(), y, 0));
    }

    @Test
    void pitIsUniformAndCoverageNominalWhenTheDataComeFromTheModel() {
        GaussianMixture m = Mixtures.twoDimensional();
        int n = 20_000;
        double[] samples = new double[2 * n];
        MixtureSampler.sample(m, n, new SplittableRandom(99), samples, 0);
        float[] t = new float[2 * n];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) samples[i];
        }
        Calibration c = new Calibration(3, 2);
        for (int i = 0; i < n; i++) {
            c.add(m, t, 2 * i);
        }
        long[][] pit = c.pitHistogram();
        double[][] coverage = c.coverage();
        for (int d = 0; d < 2; d++) {
            long total = 0;
            double chi2 = 0;
            for (long count : pit[d]) {
                total += count;
                chi2 += sq(count - n / 10.0) / (n / 10.0);
            }
            assertEquals(n, total);
            // 9 degrees of freedom: P(χ² > 27.9) = 0.001
            assertTrue(chi2 < 27.9, "dimension " + d + ": PIT chi-square " + chi2);
            for (int a = 0; a < Calibration.LEVELS.length; a++) {
                double level = Calibration.LEVELS[a];
                double sd = Math.sqrt(level * (1 - level) / n);
                assertEquals(level, coverage[a][d], 4 * sd, "dimension " + d + ", level " + level);
            }
        }
        assertArrayEquals(new double[] {0.45, 0.35, 0.2}, c.componentUsage(), 1e-12);
    }

    @Test
    void overConfidenceShowsAsAUShapedPitAndLowCoverage() {
        // Data from N(0, 1) scored by N(0, 0.5²): the tails fill the outer bins.
        int n = 10_000;
        SplittableRandom rng = new SplittableRandom(5);
        float[] t = new float[n];
        GaussianMixture narrow = new GaussianMixture(new double[] {1}, new double[] {0}, new double[] {0.5});
        Calibration c = new Calibration(1, 1);
        for (int i = 0; i < n; i++) {
            t[i] = (float) rng.nextGaussian();
            c.add(narrow, t, i);
        }
        long[] pit = c.pitHistogram()[0];
        assertTrue(pit[0] > 2 * pit[4] && pit[9] > 2 * pit[5], java.util.Arrays.toString(pit));
        // P(|Z| ≤ 0.674·0.5) = 0.264 for the nominal 50% interval
        assertEquals(0.264, c.coverage()[0][0], 0.02);
    }

    @Test
    void gaussianBaselineNll() {
        // mean 2, population variance 1: ½(log 2π + 1)
        double oneDim = 0.5 * (Math.log(2 * Math.PI) + 1);
        assertEquals(oneDim, Calibration.gaussianBaselineNll(new float[] {1, 3}, 1), 1e-12);
        // second column: mean 0, variance 4 adds ½(log 8π + 1)
        assertEquals(oneDim + 0.5 * (Math.log(8 * Math.PI) + 1),
                Calibration.gaussianBaselineNll(new float[] {1, -2, 3, 2}, 2), 1e-12);
        // It is the mean NLL of the fitted one-component mixture.
        float[] t = {0.3f, -1.2f, 2.5f, 0.9f, 0.1f};
        double mean = 0.52;
        double var = 0;
        for (float y : t) {
            var += sq(y - mean);
        }
        var /= t.length;
        GaussianMixture fit = new GaussianMixture(new double[] {1}, new double[] {mean}, new double[] {Math.sqrt(var)});
        double nll = 0;
        for (float y : t) {
            nll -= fit.logDensity(new double[] {y});
        }
        assertEquals(nll / t.length, Calibration.gaussianBaselineNll(t, 1), 1e-6);
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double simpson(java.util.function.DoubleUnaryOperator f, double a, double b, int intervals) {
        double h = (b - a) / intervals;
        double sum = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < intervals; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
        }
        return sum * h / 3;
    }
}
