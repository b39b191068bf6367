package org.mdn4j.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The exact mode against a dense grid search, on overlapping mixtures where the mean of the
 * largest-π component is not the mode.
 */
class ExactModeTest {

    /** A broad component with the larger π, and a narrow one beside it that holds the peak. */
    @Test
    void narrowComponentHoldsThePeakInOneDimension() {
        GaussianMixture m = new GaussianMixture(new double[] {0.6, 0.4}, new double[] {0, 1.2}, new double[] {1.0, 0.4});
        double[] exact = ExactMode.of(m);
        double[] approximate = m.approximateMode();
        assertEquals(0, approximate[0], 0.0, "the largest pi is the broad component at 0");
        double best = Double.NEGATIVE_INFINITY;
        double arg = Double.NaN;
        double[] t = new double[1];
        for (int i = 0; i <= 700_000; i++) {
            t[0] = -3 + i * 1e-5;
            double lp = m.logDensity(t);
            if (lp > best) {
                best = lp;
                arg = t[0];
            }
        }
        report("L=1", m, exact, approximate, new double[] {arg});
        assertTrue(m.logDensity(exact) > m.logDensity(approximate) + 0.5, "a much higher density than the approximate mode");
        assertEquals(arg, exact[0], 1e-4, "the grid's maximum");
        assertTrue(m.logDensity(exact) >= best - 1e-12, "no grid point is higher");
    }

    /** Three overlapping components whose densities merge into one peak under none of the means. */
    @Test
    void mergedPeakInTwoDimensions() {
        GaussianMixture m = new GaussianMixture(new double[] {0.4, 0.3, 0.3},
                new double[] {0, 0, 1, 0, 0.5, 0.8}, new double[] {0.7, 0.7, 0.7});
        double[] exact = ExactMode.of(m);
        double[] approximate = m.approximateMode();
        double[] grid = gridMaximum(m, -2, 3, 0.01);
        grid = gridMaximum(m, grid, 0.01, 1e-5);
        report("L=2", m, exact, approximate, grid);
        assertTrue(m.logDensity(exact) > m.logDensity(approximate), "higher density than the approximate mode");
        assertArrayEquals(grid, exact, 1e-4, "the grid's maximum");
        assertTrue(m.logDensity(exact) >= m.logDensity(grid) - 1e-12, "no grid point is higher");
    }

    @Test
    void narrowPeakAwayFromTheLargestPiInTwoDimensions() {
        GaussianMixture m = new GaussianMixture(new double[] {0.55, 0.45},
                new double[] {0, 0, 0.9, 0.6}, new double[] {0.8, 0.5});
        double[] exact = ExactMode.of(m);
        double[] approximate = m.approximateMode();
        double[] grid = gridMaximum(m, gridMaximum(m, -2, 3, 0.01), 0.01, 1e-5);
        report("L=2 narrow", m, exact, approximate, grid);
        assertTrue(m.logDensity(exact) > m.logDensity(approximate));
        assertArrayEquals(grid, exact, 1e-4);
    }

    /** Diagonal components: a broad one with the larger π and an elongated one beside it. */
    @Test
    void diagonalComponentsInTwoDimensions() {
        GaussianMixture m = GaussianMixture.diagonal(new double[] {0.55, 0.45},
                new double[] {0, 0, 0.9, 0.6}, new double[] {0.8, 0.9, 0.3, 0.6});
        checkAgainstGrid("L=2 diagonal", m);
    }

    /**
     * Full covariance: a broad component with the larger π and a narrow, strongly correlated one
     * (correlation about 0.8) overlapping it; their peak lies under neither mean.
     */
    @Test
    void correlatedComponentsInTwoDimensions() {
        GaussianMixture m = GaussianMixture.fromPrecisionFactors(new double[] {0.55, 0.45},
                new double[] {0, 0, 0.9, 0.6}, new double[] {1.25, 0, 0, 1.25, /**/ 3.3, -2.6, 0, 2});
        checkAgainstGrid("L=2 full", m);
    }

    private static void checkAgainstGrid(String what, GaussianMixture m) {
        double[] exact = ExactMode.of(m);
        double[] approximate = m.approximateMode();
        double[] grid = gridMaximum(m, gridMaximum(m, -2, 3, 0.01), 0.01, 1e-5);
        report(what, m, exact, approximate, grid);
        assertTrue(m.logDensity(exact) > m.logDensity(approximate), "higher density than the approximate mode");
        assertArrayEquals(grid, exact, 1e-4, "the grid's maximum");
        assertTrue(m.logDensity(exact) >= m.logDensity(grid) - 1e-12, "no grid point is higher");
    }

    @Test
    void oneComponentsModeIsItsMean() {
        GaussianMixture m = new GaussianMixture(new double[] {1}, new double[] {0.25, -3}, new double[] {2});
        assertArrayEquals(new double[] {0.25, -3}, ExactMode.of(m), 0.0);
    }

    /** Separated components: the exact mode is the highest peak, at (about) a component mean. */
    @Test
    void separatedComponentsPickTheHighestPeak() {
        GaussianMixture m = Mixtures.oneDimensional();
        double[] exact = ExactMode.of(m);
        // Peaks near -1 (0.5/0.4 = 1.25), 2 (0.2/0.2 = 1.0): the one at -1 wins.
        assertEquals(-1, exact[0], 0.05);
    }

    /** The grid point of highest density on the square [lo, hi]² with spacing h. */
    private static double[] gridMaximum(GaussianMixture m, double lo, double hi, double h) {
        return gridMaximum(m, new double[] {(lo + hi) / 2, (lo + hi) / 2}, (hi - lo) / 2, h);
    }

    /** The grid point of highest density within {@code radius} of {@code centre}, spacing h. */
    private static double[] gridMaximum(GaussianMixture m, double[] centre, double radius, double h) {
        int n = (int) Math.round(2 * radius / h);
        double best = Double.NEGATIVE_INFINITY;
        double[] arg = null;
        double[] t = new double[2];
        for (int i = 0; i <= n; i++) {
            t[0] = centre[0] - radius + i * h;
            for (int j = 0; j <= n; j++) {
                t[1] = centre[1] - radius + j * h;
                double lp = m.logDensity(t);
                if (lp > best) {
                    best = lp;
                    arg = t.clone();
                }
            }
        }
        return arg;
    }

    private static void report(String what, GaussianMixture m, double[] exact, double[] approximate, double[] grid) {
        double err = 0;
        for (int d = 0; d < exact.length; d++) {
            err = Math.max(err, Math.abs(exact[d] - grid[d]));
        }
        System.out.printf("%s: log p(exact) %.6f, log p(approximate) %.6f, |exact - grid| %.2e%n", what,
                m.logDensity(exact), m.logDensity(approximate), err);
    }
}
