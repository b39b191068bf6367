package org.mdn4j.mixture;

/**
 * The marginal distribution of one target dimension d of a mixture of any head: itself a 1-D
 * mixture, F(t) = Σ_k π_k Φ((t − μ_kd)/σ_kd), since a Gaussian component's marginal in dimension d
 * is normal with variance σ_kd² = (Σ_k)_dd ({@link GaussianMixture#marginalSigma}). Quantiles invert F by a Newton iteration kept
 * inside a bracket that bisection shrinks whenever Newton would leave it, so they converge for
 * every mixture, multimodal ones included, where plain Newton can stall in a dip of the density.
 */
public final class MarginalDistribution {

    /** Quantiles are located to this absolute tolerance in t. */
    public static final double TOLERANCE = 1e-7;
    private static final int MAX_ITERATIONS = 500;

    private final GaussianMixture m;
    private final int d;

    public MarginalDistribution(GaussianMixture m, int d) {
        if (d < 0 || d >= m.dimensions()) {
            throw new IllegalArgumentException("dimension " + d + " outside 0.." + (m.dimensions() - 1));
        }
        this.m = m;
        this.d = d;
    }

    /** The marginal density p(t_d). */
    public double pdf(double t) {
        double p = 0;
        for (int c = 0; c < m.components(); c++) {
            double s = m.marginalSigma(c, d);
            p += m.pi(c) * StandardNormal.pdf((t - m.mu(c, d)) / s) / s;
        }
        return p;
    }

    /** F(t) = P(T_d ≤ t). */
    public double cdf(double t) {
        double f = 0;
        for (int c = 0; c < m.components(); c++) {
            f += m.pi(c) * StandardNormal.cdf((t - m.mu(c, d)) / m.marginalSigma(c, d));
        }
        return Math.min(1, f);
    }

    /** The p-quantile, F⁻¹(p), for p in (0, 1). */
    public double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("quantile level must be in (0, 1), got " + p);
        }
        // F is a π-weighted average of the component CDFs, so F⁻¹(p) lies between the smallest and
        // the largest component p-quantile; rather than invert Φ to find those, start from a
        // bracket around the means and widen it until it holds.
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < m.components(); c++) {
            lo = Math.min(lo, m.mu(c, d) - m.marginalSigma(c, d));
            hi = Math.max(hi, m.mu(c, d) + m.marginalSigma(c, d));
        }
        double widen = hi - lo;
        while (cdf(lo) > p) {
            lo -= widen;
            widen *= 2;
        }
        widen = hi - lo;
        while (cdf(hi) < p) {
            hi += widen;
            widen *= 2;
        }
        double t = 0.5 * (lo + hi);
        double previousStep = hi - lo;
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            double f = cdf(t) - p;
            if (f == 0) {
                return t;
            }
            if (f < 0) {
                lo = t;
            } else {
                hi = t;
            }
            double density = pdf(t);
            double step = density > 0 ? -f / density : Double.NaN;
            double next = t + step;
            // Bisect when Newton would leave the bracket or is not at least halving its steps (a
            // flat stretch between modes); otherwise take the Newton step (Numerical Recipes' rtsafe).
            if (!(next > lo && next < hi) || Math.abs(step) > 0.5 * Math.abs(previousStep)) {
                next = 0.5 * (lo + hi);
                step = next - t;
            }
            previousStep = step;
            t = next;
            if (Math.abs(step) < TOLERANCE || hi - lo < TOLERANCE) {
                return t;
            }
        }
        return t;
    }

    /** The central interval holding probability {@code level}: the (1−level)/2 and (1+level)/2 quantiles. */
    public double[] centralInterval(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be in (0, 1), got " + level);
        }
        return new double[] {quantile(0.5 * (1 - level)), quantile(0.5 * (1 + level))};
    }
}
