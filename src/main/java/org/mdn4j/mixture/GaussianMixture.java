package org.mdn4j.mixture;

/**
 * One input's predictive distribution as an immutable isotropic Gaussian mixture in double
 * precision: p(t) = Σ_k π_k N(t | μ_k, σ_k² I) over L dimensions. {@link IsotropicMixture} reads
 * statistics straight from a float head without allocating; this copy exists for the analyses
 * that revisit the parameters many times (mode search, quantiles, sampling) or change them
 * ({@link Temperature}).
 */
public final class GaussianMixture {

    // In double: the kernels' float constant would cost ~1e-8 of accuracy in every log-density.
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final int k;
    private final int l;
    private final double[] pi;
    private final double[] logPi;
    private final double[] mu;
    private final double[] sigma;
    private final double[] logSigma;

    /**
     * @param pi    K mixing coefficients, non-negative, summing to 1 (within 1e-9)
     * @param mu    K×L means, component-major (the head's layout)
     * @param sigma K standard deviations, positive and finite
     */
    public GaussianMixture(double[] pi, double[] mu, double[] sigma) {
        k = pi.length;
        if (k == 0 || sigma.length != k || mu.length == 0 || mu.length % k != 0) {
            throw new IllegalArgumentException("a mixture needs K >= 1 weights, K sigmas and K*L means; got "
                    + pi.length + ", " + sigma.length + " and " + mu.length);
        }
        l = mu.length / k;
        double sum = 0;
        for (int c = 0; c < k; c++) {
            if (!(pi[c] >= 0) || !(sigma[c] > 0) || !Double.isFinite(sigma[c])) {
                throw new IllegalArgumentException("component " + c + ": pi must be >= 0 and sigma positive and finite");
            }
            sum += pi[c];
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("mixing coefficients sum to " + sum + ", not 1");
        }
        for (double m : mu) {
            if (!Double.isFinite(m)) {
                throw new IllegalArgumentException("means must be finite");
            }
        }
        this.pi = pi.clone();
        this.mu = mu.clone();
        this.sigma = sigma.clone();
        logPi = new double[k];
        logSigma = new double[k];
        for (int c = 0; c < k; c++) {
            logPi[c] = Math.log(pi[c]);
            logSigma[c] = Math.log(sigma[c]);
        }
    }

    /** The mixture of one head {@code [π logits K | means K×L | log σ K]} read from {@code h[off + i·stride]}. */
    public static GaussianMixture fromHead(float[] h, int off, int stride, int k, int l, float logSigmaFloor) {
        double[] pi = new double[k];
        double[] mu = new double[k * l];
        double[] sigma = new double[k];
        IsotropicMixture.weights(h, off, stride, k, pi);
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < l; d++) {
                mu[c * l + d] = IsotropicMixture.mu(h, off, stride, k, l, c, d);
            }
            sigma[c] = IsotropicMixture.sigma(h, off, stride, k, l, c, logSigmaFloor);
        }
        return new GaussianMixture(pi, mu, sigma);
    }

    public int components() {
        return k;
    }

    public int dimensions() {
        return l;
    }

    public double pi(int c) {
        return pi[c];
    }

    public double logPi(int c) {
        return logPi[c];
    }

    public double mu(int c, int d) {
        return mu[c * l + d];
    }

    public double sigma(int c) {
        return sigma[c];
    }

    public double logSigma(int c) {
        return logSigma[c];
    }

    /** Σ_k π_k μ_k. */
    public double[] mean() {
        double[] m = new double[l];
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < l; d++) {
                m[d] += pi[c] * mu[c * l + d];
            }
        }
        return m;
    }

    /** The mean of the component with the largest π: the seed's approximate mode. */
    public double[] approximateMode() {
        int best = IsotropicMixture.dominant(pi, k);
        double[] m = new double[l];
        System.arraycopy(mu, best * l, m, 0, l);
        return m;
    }

    /** {@code log p(t)}, log-sum-exp over the components. */
    public double logDensity(double[] t) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, logJoint(c, t));
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += Math.exp(logJoint(c, t) - max);
        }
        return max + Math.log(sum);
    }

    /** {@code log π_c + log N(t | μ_c, σ_c² I)}. */
    public double logJoint(int c, double[] t) {
        return logPi[c] - 0.5 * squaredDistance(c, t) / (sigma[c] * sigma[c]) - l * (logSigma[c] + HALF_LOG_2PI);
    }

    /** |t − μ_c|². */
    public double squaredDistance(int c, double[] t) {
        double q = 0;
        for (int d = 0; d < l; d++) {
            double z = t[d] - mu[c * l + d];
            q += z * z;
        }
        return q;
    }
}
