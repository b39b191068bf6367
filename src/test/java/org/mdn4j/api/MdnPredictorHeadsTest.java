package org.mdn4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.data.Scaler;
import org.mdn4j.nn.Head;

/**
 * Every head, with and without a scaler, through the facade: over two targets the density
 * integrates to 1 in the data's units, and the mean and variance the predictor reports are the
 * density's own moments (a 2-D trapezoid rule over ±10 standard deviations). This ties the
 * log-density's Jacobian, the mapping of means and variances, and each head's covariance
 * together without restating how any of them is computed.
 */
class MdnPredictorHeadsTest {

    private static final Scaler SCALER = new Scaler(new float[] {0.5f, -1f}, new float[] {2f, 0.25f},
            new float[] {10f, -5f}, new float[] {2f, 0.5f});

    @ParameterizedTest(name = "{0} head, scaled {1}")
    @CsvSource({"isotropic, false", "isotropic, true", "diagonal, false", "diagonal, true", "full, false",
            "full, true"})
    void momentsOfTheDensityInTheDataUnits(String headName, boolean scaled) {
        Head head = Head.parse(headName);
        try (MdnModel model = MdnModel.of(ApiModels.mdn(2, 2, 3, 11, head, scaled ? SCALER : null))) {
            MdnPredictor p = model.predictor();
            float[] xs = ApiModels.inputs(3, 2, 4);
            for (int r = 0; r < 3; r++) {
                float[] x = {xs[2 * r], xs[2 * r + 1]};
                double[] mean = new double[2];
                double[] variance = new double[2];
                p.predict(x, mean, variance, null);
                int steps = 400;
                double[] lo = new double[2];
                double[] h = new double[2];
                for (int d = 0; d < 2; d++) {
                    double sd = Math.sqrt(variance[d]);
                    lo[d] = mean[d] - 10 * sd;
                    h[d] = 20 * sd / steps;
                }
                double m0 = 0;
                double[] m1 = new double[2];
                double[] m2 = new double[2];
                float[] t = new float[2];
                for (int i = 0; i <= steps; i++) {
                    double wi = (i == 0 || i == steps ? 0.5 : 1) * h[0];
                    double a = lo[0] + i * h[0];
                    for (int j = 0; j <= steps; j++) {
                        double wj = (j == 0 || j == steps ? 0.5 : 1) * h[1];
                        double b = lo[1] + j * h[1];
                        t[0] = (float) a;
                        t[1] = (float) b;
                        double w = wi * wj * Math.exp(p.logDensity(x, t));
                        m0 += w;
                        m1[0] += w * t[0];
                        m1[1] += w * t[1];
                        m2[0] += w * (t[0] - mean[0]) * (t[0] - mean[0]);
                        m2[1] += w * (t[1] - mean[1]) * (t[1] - mean[1]);
                    }
                }
                assertEquals(1, m0, 2e-3, "mass, row " + r);
                for (int d = 0; d < 2; d++) {
                    double sd = Math.sqrt(variance[d]);
                    assertEquals(mean[d], m1[d] / m0, 5e-3 * sd, "mean " + d + ", row " + r);
                    assertEquals(variance[d], m2[d] / m0, 1e-2 * variance[d], "variance " + d + ", row " + r);
                }
            }
        }
    }
}
