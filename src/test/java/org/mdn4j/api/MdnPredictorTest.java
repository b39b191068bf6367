package org.mdn4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdn4j.data.Scaler;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.mixture.Predictor;
import org.mdn4j.nn.Head;

/**
 * The embedding predictor: its statistics are the moments of its own density (checked by
 * numerical integration), batch and single-row calls agree, an MLP gives only its value, and
 * bad arguments are refused with a message.
 */
class MdnPredictorTest {


    /**
     * For one target: ∫ p(t|x) dt = 1, ∫ t p dt = mean, ∫ (t − mean)² p dt = variance, and the
     * mode is one of the component means, by the trapezoid rule over ±12 σ around the means.
     */
    @Test
    void statisticsAreTheMomentsOfTheDensity() {
        try (MdnModel model = MdnModel.of(ApiModels.mdn(2, 1, 3, 7))) {
            MdnPredictor p = model.predictor();
            float[] xs = ApiModels.inputs(5, 2, 8);
            for (int r = 0; r < 5; r++) {
                float[] x = {xs[2 * r], xs[2 * r + 1]};
                double[] mean = new double[1];
                double[] variance = new double[1];
                double[] mode = new double[1];
                p.predict(x, mean, variance, mode);
                double[] mu = new double[3];
                double[] sigma = new double[3];
                p.mixture(x, null, mu, sigma);
                double lo = Double.MAX_VALUE;
                double hi = -Double.MAX_VALUE;
                for (int k = 0; k < 3; k++) {
                    lo = Math.min(lo, mu[k] - 12 * sigma[k]);
                    hi = Math.max(hi, mu[k] + 12 * sigma[k]);
                }
                int steps = 200_000;
                double h = (hi - lo) / steps;
                double m0 = 0;
                double m1 = 0;
                double m2 = 0;
                float[] t = new float[1];
                for (int i = 0; i <= steps; i++) {
                    double tv = lo + i * h;
                    t[0] = (float) tv;
                    double w = (i == 0 || i == steps ? 0.5 : 1) * h * Math.exp(p.logDensity(x, t));
                    m0 += w;
                    m1 += w * t[0];
                    m2 += w * (t[0] - mean[0]) * (t[0] - mean[0]);
                }
                assertEquals(1, m0, 1e-4, "density integrates to 1, row " + r);
                assertEquals(mean[0], m1, 1e-4 * Math.max(1, Math.abs(mean[0])), "mean, row " + r);
                assertEquals(variance[0], m2, 1e-3 * variance[0], "variance, row " + r);
                final double modeValue = mode[0];
                assertTrue(Arrays.stream(mu).anyMatch(v -> v == modeValue), "the mode is a component mean");
            }
        }
    }

    @Test
    void mixtureWeightsSumToOneAndGiveTheMean() {
        try (MdnModel model = MdnModel.of(ApiModels.mdn(3, 2, 4, 11))) {
            MdnPredictor p = model.predictor();
            float[] x = ApiModels.inputs(1, 3, 12);
            double[] pi = new double[4];
            double[] mu = new double[8];
            p.mixture(x, pi, mu, null);
            double[] mean = new double[2];
            p.predict(x, mean, null, null);
            assertEquals(1, pi[0] + pi[1] + pi[2] + pi[3], 1e-12);
            for (int d = 0; d < 2; d++) {
                double m = 0;
                for (int k = 0; k < 4; k++) {
                    m += pi[k] * mu[k * 2 + d];
                }
                assertEquals(m, mean[d], 1e-12);
            }
        }
    }

    /** Row counts around the 256-row block and the vector widths. */
    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {1, 7, 17, 255, 256, 257, 600})
    void batchEqualsSingleRows(int rows) {
        Model m = ApiModels.mdn(3, 2, 3, 21);
        float[] x = ApiModels.inputs(rows, 3, rows);
        float[] t = ApiModels.inputs(rows, 2, rows + 1);
        try (MdnModel scalar = MdnModel.of(m, KernelSelector.select("scalar"));
             MdnModel auto = MdnModel.of(m, KernelSelector.select("auto"))) {
            double[][] single = run(scalar.predictor(), x, t, rows, false);
            assertBitwise(single, run(scalar.predictor(), x, t, rows, true), "scalar kernels: batch = single rows");
            double[][] simd = run(auto.predictor(), x, t, rows, true);
            for (int s = 0; s < single.length; s++) {
                for (int i = 0; i < single[s].length; i++) {
                    assertEquals(single[s][i], simd[s][i], 1e-5 * Math.max(1, Math.abs(single[s][i])),
                            "auto kernels, statistic " + s + ", element " + i);
                }
            }
        }
    }

    /**
     * A call that asks for the mean and mode alone (the network then computes only the head's
     * logits and means, and the answers go straight into the caller's arrays) gives the bits of a
     * call that also asks for the variance, row by row and in a batch, for one target and two,
     * with the model's own units and with a scaler's, with either kernel family.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void meanAndModeAloneHaveTheBitsOfTheFullPrediction(String kernels) {
        Scaler scaler = new Scaler(new float[] {1f, -2f, 0.5f}, new float[] {2f, 0.5f, 4f}, new float[] {3f, -1f},
                new float[] {0.25f, 8f});
        for (int targets : new int[] {1, 2}) {
            Scaler scaled = new Scaler(scaler.xMean(), scaler.xStd(), Arrays.copyOf(scaler.tMean(), targets),
                    Arrays.copyOf(scaler.tStd(), targets));
            for (Scaler s : new Scaler[] {null, scaled}) {
                for (Head head : Head.values()) {
                    String where = kernels + " kernels, " + head + " head, L = " + targets
                            + (s == null ? "" : ", scaled");
                    try (MdnModel model = MdnModel.of(ApiModels.mdn(3, targets, 3, 23 + targets, head, s),
                            KernelSelector.select(kernels))) {
                        assertMeanAndModeAloneMatch(model.predictor(), targets, where);
                    }
                }
            }
        }
    }

    private static void assertMeanAndModeAloneMatch(MdnPredictor p, int targets, String where) {
        int rows = 40;
        float[] x = ApiModels.inputs(rows, 3, 29);
        double[] mean = new double[rows * targets];
        double[] var = new double[rows * targets];
        double[] mode = new double[rows * targets];
        p.predict(x, rows, mean, var, mode);
        double[] mean2 = new double[rows * targets];
        double[] mode2 = new double[rows * targets];
        p.predict(x, rows, mean2, null, mode2);
        assertArrayEquals(mean, mean2, 0.0, where + ", batch mean");
        assertArrayEquals(mode, mode2, 0.0, where + ", batch mode");
        double[] a = new double[targets];
        double[] b = new double[targets];
        double[] c = new double[targets];
        double[] a2 = new double[targets];
        double[] c2 = new double[targets];
        for (int n = 0; n < rows; n++) {
            float[] xr = Arrays.copyOfRange(x, n * 3, n * 3 + 3);
            p.predict(xr, a, b, c);
            p.predict(xr, a2, null, c2);
            assertArrayEquals(a, a2, 0.0, where + ", row " + n + " mean");
            assertArrayEquals(c, c2, 0.0, where + ", row " + n + " mode");
            // each alone, too
            p.predict(xr, null, null, c2);
            assertArrayEquals(c, c2, 0.0, where + ", row " + n + " mode alone");
            p.predict(xr, a2, null, null);
            assertArrayEquals(a, a2, 0.0, where + ", row " + n + " mean alone");
        }
    }

    /** mean, variance, mode (rows × L each) and log-density (rows), by batch or row by row. */
    private static double[][] run(MdnPredictor p, float[] x, float[] t, int rows, boolean batch) {
        double[] mean = new double[rows * 2];
        double[] var = new double[rows * 2];
        double[] mode = new double[rows * 2];
        double[] logp = new double[rows];
        if (batch) {
            p.predict(x, rows, mean, var, mode);
            p.logDensity(x, t, rows, logp);
        } else {
            double[] a = new double[2];
            double[] b = new double[2];
            double[] c = new double[2];
            for (int n = 0; n < rows; n++) {
                float[] xr = Arrays.copyOfRange(x, n * 3, n * 3 + 3);
                p.predict(xr, a, b, c);
                System.arraycopy(a, 0, mean, n * 2, 2);
                System.arraycopy(b, 0, var, n * 2, 2);
                System.arraycopy(c, 0, mode, n * 2, 2);
                logp[n] = p.logDensity(xr, Arrays.copyOfRange(t, n * 2, n * 2 + 2));
            }
        }
        return new double[][] {mean, var, mode, logp};
    }

    private static void assertBitwise(double[][] a, double[][] b, String what) {
        for (int s = 0; s < a.length; s++) {
            assertArrayEquals(a[s], b[s], 0.0, what + ", statistic " + s);
        }
    }

    @Test
    void anMlpGivesItsValueAndNoDistribution() {
        Model m = ApiModels.mlp(2, 3, 5);
        float[] x = {0.25f, -1.5f};
        float[] out = new float[3];
        new Predictor(m, KernelSelector.select("scalar")).outputsOfOne(x, 0, out, 0);
        try (MdnModel model = MdnModel.of(m)) {
            assertEquals(0, model.components());
            MdnPredictor p = model.predictor();
            double[] mean = new double[3];
            double[] mode = new double[3];
            p.predict(x, mean, null, mode);
            for (int d = 0; d < 3; d++) {
                assertEquals(out[d], mean[d], 0.0);
                assertEquals(out[d], mode[d], 0.0);
            }
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> p.predict(x, mean, new double[3], null));
            assertEquals("an MLP model predicts a value, not a distribution: it has no variance", e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> p.logDensity(x, new float[3]));
            assertThrows(UnsupportedOperationException.class, () -> p.mixture(x, null, null, null));
        }
    }

    @Test
    void shortOrMissingArraysAreRefusedWithTheirNames() {
        try (MdnModel model = MdnModel.of(ApiModels.mdn(3, 2, 3, 1))) {
            MdnPredictor p = model.predictor();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.predict(new float[2], new double[2], null, null));
            assertEquals("x has 2 elements; the call needs 3", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.predict(new float[3], null, new double[1], null));
            assertEquals("variance has 1 elements; the call needs 2", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.predict(new float[30], 10, null, null, new double[19]));
            assertEquals("mode has 19 elements; the call needs 20", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.logDensity(new float[3], null));
            assertEquals("t is null; the call needs 2", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.logDensity(new float[6], new float[4], 2, new double[1]));
            assertEquals("logDensity has 1 elements; the call needs 2", e.getMessage());
            p.predict(new float[3], null, null, null); // every output may be null
        }
    }
}
