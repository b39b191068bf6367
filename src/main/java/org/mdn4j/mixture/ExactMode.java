package org.mdn4j.mixture;

import java.util.Arrays;

/**
 * The global maximum of a mixture's density, found by the mean-shift fixed point
 *
 * <pre>  t ← (Σ_k w_k(t) P_k)⁻¹ Σ_k w_k(t) P_k μ_k,   w_k(t) = π_k N(t | μ_k, Σ_k),  P_k = Σ_k⁻¹</pre>
 *
 * which is ∇p(t) = Σ_k w_k P_k (μ_k − t) = 0 rearranged, so its fixed points are exactly the
 * stationary points of p. For isotropic components P_k = I/σ_k² and the step is the weighted mean
 * Σ_k (w_k/σ_k²) μ_k / Σ_k w_k/σ_k²; for diagonal and full ones it solves one small SPD system
 * (Cholesky). It needs no step size or line search, and it climbs p (proven for equal σ, where it
 * is Gaussian mean-shift; Carreira-Perpiñán 2000, 2007; for unequal covariances the best point
 * seen is kept, below). Every mode of a Gaussian mixture lies in the convex
 * hull of the means, and a run is started from every component mean; the point with the highest
 * log-density wins. That can be far from the seed's approximate mode (the mean of the
 * largest π): a narrow component with a smaller π can hold the highest peak, and overlapping
 * components can merge into a peak that lies under neither mean.
 */
public final class ExactMode {

    /** A run stops once its remaining distance to the fixed point is estimated below this. */
    public static final double TOLERANCE = 1e-6;
    /** Iterations per start: convergence is linear and slows where components nearly merge. */
    public static final int MAX_ITERATIONS = 10_000;

    private ExactMode() {
    }

    /** The mode of {@code m}. */
    public static double[] of(GaussianMixture m) {
        int k = m.components();
        int l = m.dimensions();
        double[] best = null;
        double bestLog = Double.NEGATIVE_INFINITY;
        double[] t = new double[l];
        double[] next = new double[l];
        double[] w = new double[k];
        double[] joint = new double[k];
        double[] system = new double[l * l];
        for (int start = 0; start < k; start++) {
            for (int d = 0; d < l; d++) {
                t[d] = m.mu(start, d);
            }
            double previousStep = Double.POSITIVE_INFINITY;
            for (int it = 0; it < MAX_ITERATIONS; it++) {
                double logP = weights(m, t, joint, w);
                // The ascent is monotone in exact arithmetic; keeping the best point seen rather than
                // the last one makes the result at least as dense as every component mean, and so
                // never worse than the approximate mode, even where rounding disagrees.
                if (logP > bestLog) {
                    bestLog = logP;
                    best = t.clone();
                }
                double step = shift(m, w, t, next, system);
                System.arraycopy(next, 0, t, 0, l);
                if (converged(step, previousStep)) {
                    double last = m.logDensity(t);
                    if (last > bestLog) {
                        bestLog = last;
                        best = t.clone();
                    }
                    break;
                }
                previousStep = step;
            }
        }
        return best;
    }

    /**
     * Linear convergence at rate r = step/previous leaves about step·r/(1−r) to go; stopping on the
     * step alone would stop early exactly where components overlap and r is close to 1.
     */
    private static boolean converged(double step, double previousStep) {
        if (step == 0) {
            return true;
        }
        double rate = step / previousStep;
        return step <= TOLERANCE && rate < 1 && step * rate / (1 - rate) <= TOLERANCE;
    }

    /**
     * The fixed-point weights π_k N(t|μ_k,Σ_k) / max_j π_j N(t|μ_j,Σ_j) into {@code w} (the log joints
     * into the scratch {@code joint}); returns log p(t), which falls out of the same sums.
     */
    private static double weights(GaussianMixture m, double[] t, double[] joint, double[] w) {
        int k = m.components();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            joint[c] = m.logJoint(c, t);
            max = Math.max(max, joint[c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            w[c] = Math.exp(joint[c] - max);
            sum += w[c];
        }
        return max + Math.log(sum);
    }

    /**
     * One fixed-point step from {@code t} into {@code next}: solves (Σ_k w_k P_k) next = Σ_k w_k P_k μ_k
     * by Cholesky in the scratch {@code a} (L×L); returns the Euclidean step length.
     */
    private static double shift(GaussianMixture m, double[] w, double[] t, double[] next, double[] a) {
        int k = m.components();
        int l = m.dimensions();
        Arrays.fill(next, 0);
        Arrays.fill(a, 0);
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < l; i++) {
                for (int j = 0; j <= i; j++) {
                    double p = w[c] * m.precision(c, i, j);
                    a[i * l + j] += p;
                    next[i] += p * m.mu(c, j);
                    if (j < i) {
                        next[j] += p * m.mu(c, i);
                    }
                }
            }
        }
        solveCholesky(a, next, l);
        double step = 0;
        for (int d = 0; d < l; d++) {
            double dt = next[d] - t[d];
            step += dt * dt;
        }
        return Math.sqrt(step);
    }

    /**
     * Solves A x = b in place for a symmetric positive definite A given by its lower triangle
     * (row-major L×L, overwritten by its Cholesky factor), {@code b} becoming x.
     */
    static void solveCholesky(double[] a, double[] b, int l) {
        for (int i = 0; i < l; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * l + j];
                for (int m = 0; m < j; m++) {
                    s -= a[i * l + m] * a[j * l + m];
                }
                a[i * l + j] = i == j ? Math.sqrt(s) : s / a[j * l + j];
            }
        }
        for (int i = 0; i < l; i++) {
            double s = b[i];
            for (int m = 0; m < i; m++) {
                s -= a[i * l + m] * b[m];
            }
            b[i] = s / a[i * l + i];
        }
        for (int i = l - 1; i >= 0; i--) {
            double s = b[i];
            for (int m = i + 1; m < l; m++) {
                s -= a[m * l + i] * b[m];
            }
            b[i] = s / a[i * l + i];
        }
    }
}
