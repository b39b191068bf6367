package org.mdn4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.Scaler;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.mixture.Predictor;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;

/**
 * The plots of a standardised model are drawn in the data's units: one network, once without a
 * scaler over data in [0, 1] and once with the scaler (mean 1e4, std 1e3) over the same data ×1e3
 * + 1e4, gives curves that are the first's ×1e3 + 1e4 (means, modes), ×1e3 (σ) and equal (π).
 */
class ScaledCurvesTest {

    private static final long SEED = 0x5CA1_E003L;

    @Test
    void curvesAreInTheDataUnits() {
        ModelSpec spec = ModelSpec.mdn(1, 1, 3, new int[] {8}, new Activation[] {Activation.TANH});
        float[] p = Parameters.initialise(spec, new ParameterLayout(spec), SEED);
        String[] in = {"t"};
        String[] out = {"x"};
        Model plain = new Model(spec, p, in, out, Map.of());
        Model scaled = new Model(spec, p, in, out, Map.of(),
                new Scaler(new float[] {1e4f}, new float[] {1e3f}, new float[] {1e4f}, new float[] {1e3f}));
        SplittableRandom r = new SplittableRandom(SEED);
        float[] x = new float[100];
        float[] t = new float[100];
        float[] xs = new float[100];
        float[] ts = new float[100];
        for (int i = 0; i < x.length; i++) {
            // multiples of 1/1024 keep x·1e3 + 1e4 exact in float, so both models see the same network inputs
            x[i] = (float) (r.nextInt(1025) / 1024.0);
            t[i] = (float) r.nextDouble();
            xs[i] = x[i] * 1e3f + 1e4f;
            ts[i] = t[i] * 1e3f + 1e4f;
        }
        var kernels = KernelSelector.select("scalar");
        Figures.Curves a = Figures.Curves.of(new Predictor(plain, kernels), new Dataset("d", x, t, in, out), 50);
        Figures.Curves b = Figures.Curves.of(new Predictor(scaled, kernels), new Dataset("d", xs, ts, in, out), 50);
        for (int i = 0; i < 50; i++) {
            assertEquals(a.x[i] * 1e3 + 1e4, b.x[i], 1e-6, "the grid spans the data");
            assertEquals(a.mean[i] * 1e3 + 1e4, b.mean[i], 2e-3, "mean at " + i);
            assertEquals(a.approxMode[i] * 1e3 + 1e4, b.approxMode[i], 2e-3, "approximate mode at " + i);
            assertEquals(a.exactMode[i] * 1e3 + 1e4, b.exactMode[i], 2e-3, "exact mode at " + i);
            for (int k = 0; k < 3; k++) {
                assertEquals(a.pi[k][i], b.pi[k][i], 1e-6, "pi");
                assertEquals(a.mu[k][i] * 1e3 + 1e4, b.mu[k][i], 2e-3, "mu");
                assertEquals(a.sigma[k][i] * 1e3, b.sigma[k][i], 1e-3 * b.sigma[k][i], "sigma");
            }
        }
    }
}
