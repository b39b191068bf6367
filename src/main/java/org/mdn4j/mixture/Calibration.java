package org.mdn4j.mixture;

import org.mdn4j.data.Scaler;

/**
 * Calibration of a model's predictive mixtures against observed targets, accumulated one
 * evaluation row at a time with {@link #add}. Per target dimension d every statistic uses the
 * marginal distribution of the row's isotropic mixture, F_d(t) = Σ_k π_k Φ((t − μ_kd)/σ_k)
 * ({@link MarginalDistribution}):
 *
 * <ul>
 *   <li>{@link #crps}: the continuous ranked probability score, ∫ (F_d(z) − 1{z ≥ t_d})² dz, in
 *       closed form for a Gaussian mixture (Grimit et al. 2006):
 *       CRPS = Σ_k π_k A(t − μ_k, σ_k²) − ½ Σ_k Σ_j π_k π_j A(μ_k − μ_j, σ_k² + σ_j²), with
 *       A(m, s²) = 2s φ(m/s) + m (2Φ(m/s) − 1); no numerical integration. In the units of the
 *       target; lower is better; for a single Gaussian it is σ (z(2Φ(z) − 1) + 2φ(z) − 1/√π).</li>
 *   <li>{@link #pitHistogram}: counts of the probability integral transform u = F_d(t_d) in
 *       {@value #PIT_BINS} equal bins of [0, 1] (bin b holds b/10 ≤ u &lt; (b+1)/10, u = 1 in the
 *       last); flat for a calibrated model, U-shaped when it is over-confident, hump-shaped when
 *       it is under-confident.</li>
 *   <li>{@link #coverage}: the fraction of rows whose target lies inside the central interval
 *       [F_d⁻¹((1 − a)/2), F_d⁻¹((1 + a)/2)] for a in {@link #LEVELS}, the interval's ends
 *       solved by {@link MarginalDistribution#quantile}; ≈ a for a calibrated model.</li>
 *   <li>{@link #componentUsage}: the mean π_k over the rows, one value per component.</li>
 * </ul>
 */
public final class Calibration {

    /** The central-interval probabilities whose coverage is measured. */
    public static final double[] LEVELS = {0.5, 0.9, 0.95};
    /** Bins of the PIT histogram. */
    public static final int PIT_BINS = 10;

    private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

    private final int k;
    private final int l;
    private final double[] crpsSum;
    private final long[][] pit;
    private final long[][] covered;
    private final double[] piSum;
    private long rows;

    /** An empty accumulator for mixtures of {@code k} components over {@code l} target dimensions. */
    public Calibration(int k, int l) {
        if (k < 1 || l < 1) {
            throw new IllegalArgumentException("need at least one component and one target, got " + k + " and " + l);
        }
        this.k = k;
        this.l = l;
        crpsSum = new double[l];
        pit = new long[l][PIT_BINS];
        covered = new long[LEVELS.length][l];
        piSum = new double[k];
    }

    /** Adds one row: its predictive mixture {@code m} and its observed target {@code t[off .. off+L)}. */
    public void add(GaussianMixture m, float[] t, int off) {
        if (m.components() != k || m.dimensions() != l) {
            throw new IllegalArgumentException("expected a mixture of " + k + " components over " + l
                    + " dimensions, got " + m.components() + " over " + m.dimensions());
        }
        for (int d = 0; d < l; d++) {
            double y = t[off + d];
            crpsSum[d] += crps(m, d, y);
            MarginalDistribution f = new MarginalDistribution(m, d);
            pit[d][pitBin(f.cdf(y))]++;
            for (int a = 0; a < LEVELS.length; a++) {
                double[] interval = f.centralInterval(LEVELS[a]);
                if (y >= interval[0] && y <= interval[1]) {
                    covered[a][d]++;
                }
            }
        }
        for (int c = 0; c < k; c++) {
            piSum[c] += m.pi(c);
        }
        rows++;
    }

    /** The rows added so far. */
    public long rows() {
        return rows;
    }

    /** Mean CRPS per target dimension (NaN before any row). */
    public double[] crps() {
        double[] r = new double[l];
        for (int d = 0; d < l; d++) {
            r[d] = crpsSum[d] / rows;
        }
        return r;
    }

    /** PIT counts, {@code [dimension][bin]}; each dimension's counts sum to {@link #rows}. */
    public long[][] pitHistogram() {
        long[][] r = new long[l][];
        for (int d = 0; d < l; d++) {
            r[d] = pit[d].clone();
        }
        return r;
    }

    /** Covered fraction, {@code [level][dimension]} with the levels of {@link #LEVELS} (NaN before any row). */
    public double[][] coverage() {
        double[][] r = new double[LEVELS.length][l];
        for (int a = 0; a < LEVELS.length; a++) {
            for (int d = 0; d < l; d++) {
                r[a][d] = (double) covered[a][d] / rows;
            }
        }
        return r;
    }

    /** Mean π per component (NaN before any row). */
    public double[] componentUsage() {
        double[] r = new double[k];
        for (int c = 0; c < k; c++) {
            r[c] = piSum[c] / rows;
        }
        return r;
    }

    /** The PIT bin of {@code u} in [0, 1]. */
    static int pitBin(double u) {
        int b = (int) Math.floor(u * PIT_BINS);
        return Math.max(0, Math.min(PIT_BINS - 1, b));
    }

    /** CRPS of target dimension {@code d}'s marginal of {@code m} at the observation {@code y}, closed form. */
    public static double crps(GaussianMixture m, int d, double y) {
        int k = m.components();
        double first = 0;
        double second = 0;
        for (int c = 0; c < k; c++) {
            double sc = m.marginalSigma(c, d);
            first += m.pi(c) * a(y - m.mu(c, d), sc);
            // The double sum is symmetric: the diagonal once, each off-diagonal pair twice.
            second += m.pi(c) * m.pi(c) * a(0, Math.sqrt(2) * sc);
            for (int j = c + 1; j < k; j++) {
                double sj = m.marginalSigma(j, d);
                second += 2 * m.pi(c) * m.pi(j) * a(m.mu(c, d) - m.mu(j, d), Math.sqrt(sc * sc + sj * sj));
            }
        }
        return first - 0.5 * second;
    }

    /** CRPS of one Gaussian N(μ, σ²) at {@code y}: σ (z(2Φ(z) − 1) + 2φ(z) − 1/√π), z = (y − μ)/σ. */
    public static double crpsGaussian(double mu, double sigma, double y) {
        double z = (y - mu) / sigma;
        return sigma * (z * (2 * StandardNormal.cdf(z) - 1) + 2 * StandardNormal.pdf(z) - INV_SQRT_PI);
    }

    /** E|X| for X ~ N(m, s²): 2s φ(m/s) + m (2Φ(m/s) − 1). */
    private static double a(double m, double s) {
        double z = m / s;
        return 2 * s * StandardNormal.pdf(z) + m * (2 * StandardNormal.cdf(z) - 1);
    }

    /**
     * The mean NLL per row (nats) of the baseline that ignores the inputs: one Gaussian per
     * target dimension, fitted by maximum likelihood to the very targets it scores (mean and
     * population variance of each column of {@code t}, row-major with {@code l} columns), the
     * dimensions independent. It is Σ_d ½ (log(2π σ_d²) + 1): an MDN's NLL below it says how many
     * nats per row the inputs and the mixture explain. −∞ when a column is constant.
     */
    public static double gaussianBaselineNll(float[] t, int l) {
        if (l < 1 || t.length == 0 || t.length % l != 0) {
            throw new IllegalArgumentException("need at least one row of " + l + " targets");
        }
        double nll = 0;
        for (int d = 0; d < l; d++) {
            nll += 0.5 * (Math.log(2 * Math.PI * Scaler.meanAndVariance(t, l, d)[1]) + 1);
        }
        return nll;
    }
}
