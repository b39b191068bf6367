package org.mdn4j.mixture;

/**
 * Sample mean and covariance of sample-major draws, each compared with an analytic value as a
 * z-score: the difference over the estimate's standard error, itself estimated from the samples
 * (for a covariance entry, the spread of the products (x_i − x̄_i)(x_j − x̄_j)).
 */
final class Moments {

    private Moments() {
    }

    /** The largest |z| over the L means and the L(L+1)/2 distinct covariance entries. */
    static double maxZ(double[] samples, int l, double[] mean, double[] cov) {
        int n = samples.length / l;
        double[] m = new double[l];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < l; d++) {
                m[d] += samples[i * l + d];
            }
        }
        double worst = 0;
        for (int d = 0; d < l; d++) {
            m[d] /= n;
        }
        for (int a = 0; a < l; a++) {
            for (int b = a; b < l; b++) {
                double sum = 0;
                double sumSq = 0;
                for (int i = 0; i < n; i++) {
                    double y = (samples[i * l + a] - m[a]) * (samples[i * l + b] - m[b]);
                    sum += y;
                    sumSq += y * y;
                }
                double c = sum / n;
                double se = Math.sqrt((sumSq / n - c * c) / n);
                worst = Math.max(worst, Math.abs(c - cov[a * l + b]) / se);
            }
            // The mean's standard error is sqrt(var/n), the variance being the sample one.
            double var = 0;
            for (int i = 0; i < n; i++) {
                double y = samples[i * l + a] - m[a];
                var += y * y;
            }
            worst = Math.max(worst, Math.abs(m[a] - mean[a]) / Math.sqrt(var / n / n));
        }
        return worst;
    }
}
