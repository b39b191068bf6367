package org.mdn4j.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mdn4j.nn.Head;

/** Samples have the analytic mean and covariance, per row, at any temperature, reproducibly. */
class SamplingTest {

    private static final int N = 100_000;

    @Test
    void oneMixtureMatchesItsMoments() {
        GaussianMixture m = Mixtures.twoDimensional();
        double[] samples = new double[N * 2];
        MixtureSampler.sample(m, N, new SplittableRandom(42), samples, 0);
        double z = Moments.maxZ(samples, 2, m.mean(), MixtureCovariance.of(m));
        System.out.printf("single mixture: max |z| = %.3f%n", z);
        assertTrue(z < 3, "max |z| " + z);
    }

    @Test
    void everyRowOfABatchSamplesItsOwnMixture() {
        int rows = 4;
        float[] heads = Mixtures.headBatch(rows);
        double[][] samples = MixtureSampler.sampleRows(heads, rows, 3, 2, -7f, N, 1, 42);
        double worst = 0;
        for (int r = 0; r < rows; r++) {
            GaussianMixture m = GaussianMixture.fromHead(heads, r * 12, 1, 3, 2, -7f);
            double z = Moments.maxZ(samples[r], 2, m.mean(), MixtureCovariance.of(m));
            assertTrue(z < 3, "row " + r + ": max |z| " + z);
            worst = Math.max(worst, z);
        }
        System.out.printf("batch of %d rows: max |z| = %.3f%n", rows, worst);
    }

    /**
     * The diagonal and full heads: 100,000 samples of a hand-made mixture, and of every row of a
     * batch of heads (at T = 1 and T = 2), each within 3 standard errors of its own mean and covariance.
     */
    @ParameterizedTest
    @EnumSource(value = Head.class, names = {"DIAGONAL", "FULL"})
    void diagonalAndFullHeadsMatchTheirMoments(Head head) {
        GaussianMixture single = head == Head.FULL ? Mixtures.fullTwoDimensional() : Mixtures.diagonalTwoDimensional();
        double[] samples = new double[N * 2];
        MixtureSampler.sample(single, N, new SplittableRandom(43), samples, 0);
        double worst = Moments.maxZ(samples, 2, single.mean(), MixtureCovariance.of(single));
        assertTrue(worst < 3, "single mixture: max |z| " + worst);
        int rows = 3;
        int width = (int) head.outputs(3, 2);
        float[] heads = Mixtures.headBatch(head, rows);
        for (double t : new double[] {1, 2}) {
            double[][] batch = MixtureSampler.sampleRows(head, heads, rows, 3, 2, -7f, N, t, 11);
            for (int r = 0; r < rows; r++) {
                GaussianMixture m = Temperature.apply(GaussianMixture.fromHead(head, heads, r * width, 1, 3, 2, -7f), t);
                double z = Moments.maxZ(batch[r], 2, m.mean(), MixtureCovariance.of(m));
                assertTrue(z < 3, head.label() + " T=" + t + ", row " + r + ": max |z| " + z);
                worst = Math.max(worst, z);
            }
        }
        System.out.printf("%s: max |z| = %.3f%n", head.label(), worst);
    }

    @Test
    void temperedSamplesMatchTheTemperedMoments() {
        float[] heads = Mixtures.headBatch(2);
        double worst = 0;
        for (double t : new double[] {0.5, 2}) {
            double[][] samples = MixtureSampler.sampleRows(heads, 2, 3, 2, -7f, N, t, 7);
            for (int r = 0; r < 2; r++) {
                GaussianMixture m = Temperature.apply(GaussianMixture.fromHead(heads, r * 12, 1, 3, 2, -7f), t);
                double z = Moments.maxZ(samples[r], 2, m.mean(), MixtureCovariance.of(m));
                assertTrue(z < 3, "T=" + t + ", row " + r + ": max |z| " + z);
                worst = Math.max(worst, z);
            }
        }
        System.out.printf("tempered: max |z| = %.3f%n", worst);
    }

    @Test
    void temperatureConvention() {
        GaussianMixture m = new GaussianMixture(new double[] {0.8, 0.2}, new double[] {0, 3}, new double[] {1, 2});
        GaussianMixture cold = Temperature.apply(m, 0.5);
        assertEquals(0.64 / 0.68, cold.pi(0), 1e-12, "pi^(1/T), renormalised");
        assertEquals(0.04 / 0.68, cold.pi(1), 1e-12);
        assertEquals(Math.sqrt(0.5), cold.sigma(0), 1e-12, "sigma*sqrt(T)");
        assertEquals(2 * Math.sqrt(0.5), cold.sigma(1), 1e-12);
        assertEquals(3, cold.mu(1, 0), 0.0, "means do not move");
        assertTrue(Temperature.apply(m, 1) == m, "T = 1 is the model");
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> Temperature.apply(m, bad), "T=" + bad);
        }
    }

    @Test
    void seededAndIndependentOfOtherRows() {
        float[] heads = Mixtures.headBatch(3);
        double[][] a = MixtureSampler.sampleRows(heads, 3, 3, 2, -7f, 50, 1.5, 9);
        double[][] b = MixtureSampler.sampleRows(heads, 3, 3, 2, -7f, 50, 1.5, 9);
        double[][] longer = MixtureSampler.sampleRows(heads, 3, 3, 2, -7f, 80, 1.5, 9);
        double[][] other = MixtureSampler.sampleRows(heads, 3, 3, 2, -7f, 50, 1.5, 10);
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(a[r], b[r], "same seed, same samples");
            assertArrayEquals(a[r], Arrays.copyOf(longer[r], 100), "more samples per row extend each row's stream");
            assertTrue(!Arrays.equals(a[r], other[r]), "another seed, other samples");
        }
        assertThrows(IllegalArgumentException.class,
                () -> MixtureSampler.sampleRows(heads, 3, 3, 2, -7f, -1, 1, 9));
    }
}
