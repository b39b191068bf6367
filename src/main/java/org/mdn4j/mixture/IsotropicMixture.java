package org.mdn4j.mixture;

import org.mdn4j.kernel.ScalarKernels;

/**
 * Reads one sample's isotropic mixture head {@code [π logits K | means K×L | log σ K]} and
 * computes the seed's predictive statistics from it, in double precision. The head values are
 * read from {@code h[off + row·stride]}, so both a feature-major batch buffer and a plain row
 * (stride 1) can be passed. Methods write into arrays the caller provides and allocate nothing.
 * The softmax's exponentials are {@link InlineExp}'s (within 1 ulp of {@link StrictMath#exp},
 * inlined by the JIT: the single-prediction latency path takes K − 1 of them in a row).
 */
public final class IsotropicMixture {

    private IsotropicMixture() {
    }

    /**
     * The largest of the K π logits (the head's first K values): the {@link #dominantLogit}'s.
     * A NaN logit is skipped here but still makes {@link #sumExpLogits} NaN.
     */
    public static double maxLogit(float[] h, int off, int stride, int k) {
        return h[off + dominantLogit(h, off, stride, k) * stride];
    }

    /**
     * Σ_c exp(logit_c − max), the softmax's normaliser with {@link #maxLogit} taken out: log π_c is
     * {@code (logit_c − max) − log(sum)}, finite even where π_c underflows to 0.
     */
    public static double sumExpLogits(float[] h, int off, int stride, int k, double max) {
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += Math.exp(h[off + c * stride] - max);
        }
        return sum;
    }

    /** Mixing coefficients π (softmax of the logits, max-subtracted) into {@code pi[0..K)}. */
    public static void weights(float[] h, int off, int stride, int k, double[] pi) {
        double sum = expLogits(h, off, stride, k, dominantLogit(h, off, stride, k), pi, null, 0);
        normalise(pi, k, sum);
    }

    /**
     * What a prediction returns, in one pass over the head: π into {@code pi[0..K)}, the
     * conditional mean Σ π_k μ_k into {@code mean[0..L)} and the approximate mode (the mean of
     * the component with the largest π) into {@code mode[0..L)}; {@code mean} and {@code mode}
     * may be null. The same statistics as {@link #weights}, {@link #mean} and
     * {@link #approximateMode}, to rounding: the mean is taken as Σ e_k μ_k / Σ e_k over the
     * unnormalised e_k = exp(logit_k − max), so on the single-prediction latency path it need not
     * wait for π, and the mode's component is the largest logit's, known before any exp.
     */
    public static void meanAndMode(float[] h, int off, int stride, int k, int l, double[] pi, double[] mean,
                                   double[] mode) {
        normalise(pi, k, meanAndModeOnly(h, off, stride, k, l, pi, mean, mode));
    }

    /**
     * {@link #meanAndMode} for a caller that wants no π: {@code e[0..K)} is left holding the
     * unnormalised exp(logit − max), and their sum is returned. A prediction without its variance
     * saves π's division this way.
     */
    public static double meanAndModeOnly(float[] h, int off, int stride, int k, int l, double[] e, double[] mean,
                                         double[] mode) {
        return meanAndModeOnly(h, off, stride, k, l, e, mean, 0, mode, 0);
    }

    /**
     * {@link #meanAndModeOnly(float[], int, int, int, int, double[], double[], double[])} writing
     * the mean at {@code mean[meanOff ..]} and the mode at {@code mode[modeOff ..]}: a prediction
     * writes its answers straight into the caller's arrays, with no copy through a scratch row.
     */
    public static double meanAndModeOnly(float[] h, int off, int stride, int k, int l, double[] e, double[] mean,
                                         int meanOff, double[] mode, int modeOff) {
        int top = dominantLogit(h, off, stride, k);
        // one target's mean is summed in the softmax's own loop; several after it
        double sum = expLogits(h, off, stride, k, top, e, l == 1 ? mean : null, meanOff);
        if (mean != null && l != 1) {
            weightedMeans(h, off, stride, k, l, e, sum, mean, meanOff);
        }
        for (int d = 0; mode != null && d < l; d++) {
            mode[modeOff + d] = mu(h, off, stride, k, l, top, d);
        }
        return sum;
    }

    /**
     * The index of the largest π logit (the first, on a tie; a NaN logit is never chosen, and 0
     * is returned where every logit is NaN or −∞): the component with the largest π, since exp is
     * increasing.
     */
    public static int dominantLogit(float[] h, int off, int stride, int k) {
        int top = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            float v = h[off + c * stride];
            if (v > max) {
                max = v;
                top = c;
            }
        }
        return top;
    }

    /**
     * e_c = exp(logit_c − logit_top) into {@code e[0..K)}, returning Σ e_c. The top logit's own
     * term is exp(0) = 1, written rather than computed: one exp fewer on the latency path of a
     * prediction. A non-finite top logit takes the exp like every other, so such a head gives
     * the NaN it gave before (and {@link #logDensity} gives). Where {@code mean} is not null
     * (a head of one target), the mean Σ e_c μ_c / Σ e_c goes to {@code mean[meanOff]} from the
     * same loop: the operations and order of {@link #weightedMeans} (so the same bits), without
     * storing each e_c and loading it back on the latency path.
     */
    private static double expLogits(float[] h, int off, int stride, int k, int top, double[] e, double[] mean,
                                    int meanOff) {
        double max = h[off + top * stride];
        int written = Double.isFinite(max) ? top : -1;
        double sum = 0;
        double m = 0;
        for (int c = 0; c < k; c++) {
            double v = c == written ? 1.0 : InlineExp.exp(h[off + c * stride] - max);
            e[c] = v;
            sum += v;
            if (mean != null) {
                m += v * mu(h, off, stride, k, 1, c, 0);
            }
        }
        if (mean != null) {
            mean[meanOff] = m / sum;
        }
        return sum;
    }

    /** Divides {@code e[0..K)} by their sum: one division, not K (this is on the latency path). */
    private static void normalise(double[] e, int k, double sum) {
        double inverse = 1 / sum;
        for (int c = 0; c < k; c++) {
            e[c] *= inverse;
        }
    }

    /** Component {@code c}'s mean in dimension {@code d}. */
    public static double mu(float[] h, int off, int stride, int k, int l, int c, int d) {
        return h[off + (k + c * l + d) * stride];
    }

    /** Component {@code c}'s σ, with the floor applied. */
    public static double sigma(float[] h, int off, int stride, int k, int l, int c, float logSigmaFloor) {
        return Math.exp(Math.max(h[off + (k + k * l + c) * stride], logSigmaFloor));
    }

    /** Conditional mean Σ π_k μ_k into {@code mean[0..L)}; {@code pi} from {@link #weights}. */
    public static void mean(float[] h, int off, int stride, int k, int l, double[] pi, double[] mean) {
        weightedMeans(h, off, stride, k, l, pi, 1.0, mean, 0);
    }

    /** {@code mean[d] = (Σ_c w_c μ_cd) / divisor} for every target d (a divisor of 1 changes no bit). */
    private static void weightedMeans(float[] h, int off, int stride, int k, int l, double[] w, double divisor,
                                      double[] mean, int meanOff) {
        for (int d = 0; d < l; d++) {
            double m = 0;
            for (int c = 0; c < k; c++) {
                m += w[c] * mu(h, off, stride, k, l, c, d);
            }
            mean[meanOff + d] = m / divisor;
        }
    }

    /**
     * Conditional variance per dimension, Σ π_k (σ_k² + (μ_kd − mean_d)²), into {@code var}; the
     * seed's formula taken one output dimension at a time.
     */
    public static void variance(float[] h, int off, int stride, int k, int l, double[] pi, double[] mean,
                                float logSigmaFloor, double[] var) {
        for (int d = 0; d < l; d++) {
            double v = 0;
            for (int c = 0; c < k; c++) {
                double s = sigma(h, off, stride, k, l, c, logSigmaFloor);
                double dm = mu(h, off, stride, k, l, c, d) - mean[d];
                v += pi[c] * (s * s + dm * dm);
            }
            var[d] = v;
        }
    }

    /** The component with the largest π (the first, on a tie). */
    public static int dominant(double[] pi, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (pi[c] > pi[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The approximate mode: the mean of the component with the largest π, into {@code mode}. */
    public static void approximateMode(float[] h, int off, int stride, int k, int l, double[] pi, double[] mode) {
        int c = dominant(pi, k);
        for (int d = 0; d < l; d++) {
            mode[d] = mu(h, off, stride, k, l, c, d);
        }
    }

    /** {@code log p(t | x)} for target {@code t[tOff .. tOff+L)}, log-sum-exp throughout. */
    public static double logDensity(float[] h, int off, int stride, int k, int l, float[] t, int tOff,
                                    float logSigmaFloor) {
        double maxLogit = maxLogit(h, off, stride, k);
        double logZ = maxLogit + Math.log(sumExpLogits(h, off, stride, k, maxLogit));
        double max = Double.NEGATIVE_INFINITY;
        // Two passes over k instead of a scratch array: the first finds the largest log joint.
        for (int c = 0; c < k; c++) {
            max = Math.max(max, logJoint(h, off, stride, k, l, c, t, tOff, logSigmaFloor, logZ));
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += Math.exp(logJoint(h, off, stride, k, l, c, t, tOff, logSigmaFloor, logZ) - max);
        }
        return max + Math.log(sum);
    }

    private static double logJoint(float[] h, int off, int stride, int k, int l, int c, float[] t, int tOff,
                                   float logSigmaFloor, double logZ) {
        double logSigma = Math.max(h[off + (k + k * l + c) * stride], logSigmaFloor);
        double inv = Math.exp(-logSigma);
        double q = 0;
        for (int d = 0; d < l; d++) {
            double z = (t[tOff + d] - mu(h, off, stride, k, l, c, d)) * inv;
            q += z * z;
        }
        return h[off + c * stride] - logZ - 0.5 * q - l * logSigma - l * (double) ScalarKernels.HALF_LOG_2PI;
    }
}
