package org.mdn4j.mixture;

import org.mdn4j.data.Scaler;
import org.mdn4j.io.Model;

/**
 * Maps what a model's head says about its targets from the network's units to the data's. A
 * model trained on standardised data ({@link Model#scaler()}) predicts t' = (t − t_mean) / t_std;
 * t = t_mean + t_std · t' is affine and increasing per target, so locations (means, modes, exact
 * modes, quantiles, samples) map through it, spreads (σ) scale by t_std, variances by t_std²,
 * log-densities shift by −Σ log t_std (the Jacobian), CRPS scales by t_std, and PIT values and
 * interval coverage do not change. For a model without a scaler every map is the identity.
 */
public final class TargetUnits {

    private final Scaler scaler;

    private TargetUnits(Scaler scaler) {
        this.scaler = scaler;
    }

    /** The map of this model's targets (the identity when it has no scaler). */
    public static TargetUnits of(Model model) {
        return new TargetUnits(model.scaler());
    }

    /** Whether the head's units are already the data's. */
    public boolean identity() {
        return scaler == null;
    }

    /** A location of target {@code d} (mean, mode, quantile, sample) in the data's units. */
    public double location(int d, double v) {
        return scaler == null ? v : scaler.target(d, v);
    }

    /** A spread of target {@code d} (a σ, a CRPS) in the data's units. */
    public double spread(int d, double s) {
        return scaler == null ? s : s * scaler.targetStd(d);
    }

    /** A variance of target {@code d} in the data's units. */
    public double variance(int d, double v) {
        double s = scaler == null ? 1 : scaler.targetStd(d);
        return v * s * s;
    }

    /** Add to a log-density over the network's targets to get the log-density over the data's. */
    public double logDensityShift() {
        return scaler == null ? 0 : scaler.logDensityShift();
    }

    /** One observed target value of dimension {@code d} in the network's units. */
    public float toNetwork(int d, float v) {
        return scaler == null ? v : scaler.standardizeTarget(d, v);
    }

    /** Observed targets (row-major) in the network's units, for log-densities and calibration; {@code t} itself for the identity. */
    public float[] toNetwork(float[] t) {
        return scaler == null ? t : scaler.standardizeTargets(t);
    }

    /**
     * A one-target mixture in the data's units (its σ scale by t_std and its means shift): exact,
     * because one affine map of one dimension keeps a Gaussian mixture a Gaussian mixture.
     */
    public GaussianMixture oneTarget(GaussianMixture m) {
        if (m.dimensions() != 1) {
            throw new IllegalArgumentException("oneTarget maps a mixture over one target, not " + m.dimensions());
        }
        if (scaler == null) {
            return m;
        }
        int k = m.components();
        double[] pi = new double[k];
        double[] mu = new double[k];
        double[] sigma = new double[k];
        for (int c = 0; c < k; c++) {
            pi[c] = m.pi(c);
            mu[c] = location(0, m.mu(c, 0));
            sigma[c] = spread(0, m.marginalSigma(c, 0));
        }
        return new GaussianMixture(pi, mu, sigma);
    }
}
