package org.mdn4j.mixture;

/**
 * Tempers a mixture for sampling. The convention: at temperature T the mixing coefficients become
 * π_T,k ∝ π_k^(1/T) (the logits divided by T, as in a softmax with temperature) and every σ becomes
 * σ·√T (each component's covariance scaled by T, whatever its head). T = 1 is the model itself; T &lt; 1 sharpens the
 * distribution toward the dominant component and its mean, T &gt; 1 flattens both the choice of
 * component and the spread within it. The means never move.
 */
public final class Temperature {

    private Temperature() {
    }

    /** Throws unless {@code t} is a positive finite number. */
    public static double check(double t) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + t);
        }
        return t;
    }

    /** The mixture at temperature {@code t}; {@code m} itself when t = 1. */
    public static GaussianMixture apply(GaussianMixture m, double t) {
        check(t);
        if (t == 1) {
            return m;
        }
        int k = m.components();
        double[] logits = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            logits[c] = m.logPi(c) / t;
            max = Math.max(max, logits[c]);
        }
        double[] pi = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            pi[c] = Math.exp(logits[c] - max);
            sum += pi[c];
        }
        for (int c = 0; c < k; c++) {
            pi[c] /= sum;
        }
        return m.rescaled(pi, Math.sqrt(t));
    }
}
