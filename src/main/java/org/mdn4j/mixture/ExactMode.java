package org.mdn4j.mixture;

import java.util.Arrays;

/**
 * The global maximum of an isotropic mixture's density, found by the mean-shift fixed point
 *
 * <pre>  t ← Σ_k w_k(t) μ_k / Σ_k w_k(t),   w_k(t) = π_k N(t | μ_k, σ_k² I) / σ_k²</pre>
 *
 * which is ∇p(t) = 0 rearranged, so its fixed points are exactly the stationary points of p. It
 * needs no step size or line search, and it climbs p (proven for equal σ, where it is Gaussian
 * mean-shift; Carreira-Perpiñán 2000, 2007). Every mode of a Gaussian mixture lies in the convex
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
        double[] logW = new double[k];
        double[] joint = new double[k];
        for (int start = 0; start < k; start++) {
            for (int d = 0; d < l; d++) {
                t[d] = m.mu(start, d);
            }
            double previousStep = Double.POSITIVE_INFINITY;
            for (int it = 0; it < MAX_ITERATIONS; it++) {
                double logP = weights(m, t, joint, logW);
                // The ascent is monotone in exact arithmetic; keeping the best point seen rather than
                // the last one makes the result at least as dense as every component mean, and so
                // never worse than the approximate mode, even where rounding disagrees.
                if (logP > bestLog) {
                    bestLog = logP;
                    best = t.clone();
                }
                double step = shift(m, logW, t, next);
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
     * The log fixed-point weights log(π_k N(t|μ_k,σ_k²)/σ_k²) into {@code logW} (the log joints
     * into the scratch {@code joint}); returns log p(t), which falls out of the same sums.
     */
    private static double weights(GaussianMixture m, double[] t, double[] joint, double[] logW) {
        int k = m.components();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            joint[c] = m.logJoint(c, t);
            max = Math.max(max, joint[c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += Math.exp(joint[c] - max);
            logW[c] = joint[c] - 2 * m.logSigma(c);
        }
        return max + Math.log(sum);
    }

    /** One fixed-point step from {@code t} into {@code next}; returns the Euclidean step length. */
    private static double shift(GaussianMixture m, double[] logW, double[] t, double[] next) {
        int k = m.components();
        int l = m.dimensions();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, logW[c]);
        }
        double total = 0;
        Arrays.fill(next, 0);
        for (int c = 0; c < k; c++) {
            double w = Math.exp(logW[c] - max);
            total += w;
            for (int d = 0; d < l; d++) {
                next[d] += w * m.mu(c, d);
            }
        }
        double step = 0;
        for (int d = 0; d < l; d++) {
            next[d] /= total;
            double dt = next[d] - t[d];
            step += dt * dt;
        }
        return Math.sqrt(step);
    }
}
