package org.mdn4j.mixture;

import org.mdn4j.kernel.ScalarKernels;
import org.mdn4j.nn.Head;

/**
 * One input's predictive distribution as an immutable Gaussian mixture in double precision:
 * p(t) = Σ_k π_k N(t | μ_k, Σ_k) over L dimensions, for every head (see {@link Head}). Each
 * component is held as the upper-triangular Cholesky factor U_k of its precision, Σ_k⁻¹ = U_kᵀU_k
 * (the full head's own parameters; σ⁻¹I for the isotropic head, diag σ⁻¹ for the diagonal one), and
 * as V_k = U_k⁻¹, the covariance's factor Σ_k = V_kV_kᵀ, which sampling and the marginals use.
 * {@link IsotropicMixture} reads the isotropic head's statistics straight from a float head without
 * allocating; this copy exists for the analyses that revisit the parameters many times (mode
 * search, quantiles, sampling) or change them ({@link Temperature}).
 */
public final class GaussianMixture {

    // In double: the kernels' float constant would cost ~1e-8 of accuracy in every log-density.
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final int k;
    private final int l;
    private final double[] pi;
    private final double[] logPi;
    private final double[] mu;
    /** K blocks of L×L, row-major, upper-triangular: the precision's Cholesky factor U_k. */
    private final double[] u;
    /** K blocks of L×L, row-major, upper-triangular: V_k = U_k⁻¹, so Σ_k = V_kV_kᵀ. */
    private final double[] v;
    /** log det U_k = −½ log det Σ_k. */
    private final double[] logDetU;
    /** σ_k of each component when every component is isotropic, else null. */
    private final double[] isotropicSigma;

    /**
     * An isotropic mixture, Σ_k = σ_k² I.
     *
     * @param pi    K mixing coefficients, non-negative, summing to 1 (within 1e-9)
     * @param mu    K×L means, component-major (the head's layout)
     * @param sigma K standard deviations, positive and finite
     */
    public GaussianMixture(double[] pi, double[] mu, double[] sigma) {
        this(pi, mu, expandIsotropic(pi.length, mu.length, sigma), sigma.clone());
    }

    /**
     * A diagonal mixture, Σ_k = diag(σ_k0², …).
     *
     * @param sigma K×L standard deviations, component-major, positive and finite
     */
    public static GaussianMixture diagonal(double[] pi, double[] mu, double[] sigma) {
        if (sigma.length != mu.length) {
            throw new IllegalArgumentException("a diagonal mixture needs K*L sigmas; got " + sigma.length
                    + " for " + mu.length + " means");
        }
        int k = pi.length;
        int l = k == 0 ? 0 : mu.length / k;
        double[] vv = new double[k * l * l];
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < l; d++) {
                vv[(c * l + d) * l + d] = sigma[c * l + d];
            }
        }
        return new GaussianMixture(pi, mu, vv, null);
    }

    /**
     * A full-covariance mixture given the Cholesky factors of the precisions.
     *
     * @param u K blocks of L×L, row-major: upper-triangular U_k with a positive diagonal, Σ_k⁻¹ = U_kᵀU_k
     *          (entries below the diagonal must be zero)
     */
    public static GaussianMixture fromPrecisionFactors(double[] pi, double[] mu, double[] u) {
        int k = pi.length;
        if (k == 0 || mu.length == 0 || mu.length % k != 0 || u.length != k * (mu.length / k) * (mu.length / k)) {
            throw new IllegalArgumentException("a mixture needs K >= 1 weights, K*L means and K*L*L factor entries;"
                    + " got " + pi.length + ", " + mu.length + " and " + u.length);
        }
        int l = mu.length / k;
        double[] vv = new double[u.length];
        for (int c = 0; c < k; c++) {
            invertUpper(u, c * l * l, l, vv, c);
        }
        return new GaussianMixture(pi, mu, vv, null);
    }

    private GaussianMixture(double[] pi, double[] mu, double[] covFactor, double[] isotropicSigma) {
        k = pi.length;
        if (k == 0 || mu.length == 0 || mu.length % k != 0) {
            throw new IllegalArgumentException("a mixture needs K >= 1 weights, K sigmas and K*L means; got "
                    + pi.length + " weights and " + mu.length + " means");
        }
        l = mu.length / k;
        double sum = 0;
        for (int c = 0; c < k; c++) {
            if (!(pi[c] >= 0)) {
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
        this.v = covFactor;
        this.isotropicSigma = isotropicSigma;
        u = new double[v.length];
        logPi = new double[k];
        logDetU = new double[k];
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < l; d++) {
                double diag = v[(c * l + d) * l + d];
                if (!(diag > 0) || !Double.isFinite(diag)) {
                    throw new IllegalArgumentException("component " + c
                            + ": pi must be >= 0 and sigma positive and finite");
                }
                logDetU[c] -= Math.log(diag);
            }
            invertUpper(v, c * l * l, l, u, c);
            logPi[c] = Math.log(pi[c]);
        }
    }

    private static double[] expandIsotropic(int k, int means, double[] sigma) {
        if (k == 0 || sigma.length != k || means == 0 || means % k != 0) {
            throw new IllegalArgumentException("a mixture needs K >= 1 weights, K sigmas and K*L means; got "
                    + k + ", " + sigma.length + " and " + means);
        }
        int l = means / k;
        double[] vv = new double[k * l * l];
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < l; d++) {
                vv[(c * l + d) * l + d] = sigma[c];
            }
        }
        return vv;
    }

    /**
     * Block {@code c} of {@code out} = the inverse of the upper-triangular L×L block of {@code a} at
     * {@code at}, by back substitution, column by column; a diagonal entry that is not positive and
     * finite is rejected.
     */
    private static void invertUpper(double[] a, int at, int l, double[] out, int c) {
        int o = c * l * l;
        for (int i = 0; i < l; i++) {
            double diag = a[at + i * l + i];
            if (!(diag > 0) || !Double.isFinite(diag)) {
                throw new IllegalArgumentException("component " + c + ": the factor's diagonal must be positive and"
                        + " finite, got " + diag);
            }
            for (int j = 0; j < i; j++) {
                if (a[at + i * l + j] != 0) {
                    throw new IllegalArgumentException("component " + c + ": the factor must be upper-triangular");
                }
            }
        }
        for (int j = 0; j < l; j++) {
            for (int i = j; i >= 0; i--) {
                double s = i == j ? 1 : 0;
                for (int m = i + 1; m <= j; m++) {
                    s -= a[at + i * l + m] * out[o + m * l + j];
                }
                out[o + i * l + j] = s / a[at + i * l + i];
            }
        }
    }

    /** The isotropic head's mixture {@code [π logits K | means K×L | log σ K]} read from {@code h[off + i·stride]}. */
    public static GaussianMixture fromHead(float[] h, int off, int stride, int k, int l, float logSigmaFloor) {
        return fromHead(Head.ISOTROPIC, h, off, stride, k, l, logSigmaFloor);
    }

    /**
     * The mixture of one head of the given kind read from {@code h[off + i·stride]}, with the
     * kernels' bounds: σ = exp(max(a, log floor)) for the isotropic and diagonal heads, and for the
     * full head U_ii = exp(min(b_i, −log floor)) (see {@link org.mdn4j.kernel.Kernels#mixtureNllFull}).
     */
    public static GaussianMixture fromHead(Head head, float[] h, int off, int stride, int k, int l,
                                           float logSigmaFloor) {
        GaussianMixture m = fromHeadScales(head, h, off, stride, k, l, logSigmaFloor);
        // log π from the log-softmax of the logits rather than log(π): a component whose π
        // underflows to 0 (a logit gap beyond ~745) keeps its finite log weight, as in the kernels.
        double max = IsotropicMixture.maxLogit(h, off, stride, k);
        double sum = IsotropicMixture.sumExpLogits(h, off, stride, k, max);
        for (int c = 0; c < k; c++) {
            m.logPi[c] = (h[off + c * stride] - max) - Math.log(sum);
        }
        return m;
    }

    private static GaussianMixture fromHeadScales(Head head, float[] h, int off, int stride, int k, int l,
                                                  float logSigmaFloor) {
        double[] pi = new double[k];
        double[] mu = new double[k * l];
        IsotropicMixture.weights(h, off, stride, k, pi);
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < l; d++) {
                mu[c * l + d] = IsotropicMixture.mu(h, off, stride, k, l, c, d);
            }
        }
        int scale = k + k * l;
        switch (head) {
            case ISOTROPIC -> {
                double[] sigma = new double[k];
                for (int c = 0; c < k; c++) {
                    sigma[c] = IsotropicMixture.sigma(h, off, stride, k, l, c, logSigmaFloor);
                }
                return new GaussianMixture(pi, mu, sigma);
            }
            case DIAGONAL -> {
                double[] sigma = new double[k * l];
                for (int i = 0; i < k * l; i++) {
                    sigma[i] = Math.exp(Math.max(h[off + (scale + i) * stride], logSigmaFloor));
                }
                return diagonal(pi, mu, sigma);
            }
            default -> {
                int width = l * (l + 1) / 2;
                double[] u = new double[k * l * l];
                for (int c = 0; c < k; c++) {
                    int base = off + (scale + c * width) * stride;
                    for (int i = 0; i < l; i++) {
                        u[(c * l + i) * l + i] = Math.exp(Math.min(h[base + i * stride], -logSigmaFloor));
                        for (int j = i + 1; j < l; j++) {
                            u[(c * l + i) * l + j] = h[base + (l + ScalarKernels.upperIndex(i, j, l)) * stride];
                        }
                    }
                }
                return fromPrecisionFactors(pi, mu, u);
            }
        }
    }

    /** This mixture with new weights and every covariance scaled by {@code factor²} (for {@link Temperature}). */
    GaussianMixture rescaled(double[] newPi, double factor) {
        double[] vv = v.clone();
        for (int i = 0; i < vv.length; i++) {
            vv[i] *= factor;
        }
        double[] iso = null;
        if (isotropicSigma != null) {
            iso = new double[k];
            for (int c = 0; c < k; c++) {
                iso[c] = isotropicSigma[c] * factor;
                for (int d = 0; d < l; d++) {
                    vv[(c * l + d) * l + d] = iso[c];
                }
            }
        }
        return new GaussianMixture(newPi, mu, vv, iso);
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

    /** Component {@code c}'s σ; only for an isotropic mixture (see {@link #marginalSigma} otherwise). */
    public double sigma(int c) {
        if (isotropicSigma == null) {
            throw new IllegalStateException("sigma(c) is defined for an isotropic mixture only; use marginalSigma");
        }
        return isotropicSigma[c];
    }

    /** Component {@code c}'s standard deviation in dimension {@code d}, √Σ_k,dd: its marginal there is N(μ_cd, Σ_dd). */
    public double marginalSigma(int c, int d) {
        if (isotropicSigma != null) {
            return isotropicSigma[c];
        }
        return Math.sqrt(covariance(c, d, d));
    }

    /** (Σ_c)_ij = Σ_m V_im V_jm. */
    public double covariance(int c, int i, int j) {
        int o = c * l * l;
        double s = 0;
        for (int m = Math.max(i, j); m < l; m++) {
            s += v[o + i * l + m] * v[o + j * l + m];
        }
        return s;
    }

    /** (Σ_c⁻¹)_ij = Σ_m U_mi U_mj. */
    public double precision(int c, int i, int j) {
        int o = c * l * l;
        double s = 0;
        for (int m = 0; m <= Math.min(i, j); m++) {
            s += u[o + m * l + i] * u[o + m * l + j];
        }
        return s;
    }

    /** Entry (i, j) of V_c = U_c⁻¹, the upper-triangular factor with Σ_c = V_cV_cᵀ. */
    public double covarianceFactor(int c, int i, int j) {
        return v[c * l * l + i * l + j];
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

    /** {@code log π_c + log N(t | μ_c, Σ_c)}. */
    public double logJoint(int c, double[] t) {
        return logPi[c] + logComponentDensity(c, t);
    }

    /** {@code log N(t | μ_c, Σ_c) = log det U_c − ½|U_c(t − μ_c)|² − (L/2)·log 2π}. */
    public double logComponentDensity(int c, double[] t) {
        return logDetU[c] - 0.5 * squaredDistance(c, t) - l * HALF_LOG_2PI;
    }

    /** The squared Mahalanobis distance |U_c(t − μ_c)|² = (t − μ_c)ᵀ Σ_c⁻¹ (t − μ_c). */
    public double squaredDistance(int c, double[] t) {
        int o = c * l * l;
        double q = 0;
        for (int i = 0; i < l; i++) {
            double r = 0;
            for (int j = i; j < l; j++) {
                r += u[o + i * l + j] * (t[j] - mu[c * l + j]);
            }
            q += r * r;
        }
        return q;
    }
}
