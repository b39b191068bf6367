package org.mdn4j.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mdn4j.data.Scaler;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;

/**
 * A model with a scaler takes inputs in the data's units: the predictor standardises them with the
 * scaler's one rounding rule, so its outputs are bit for bit those of the same network without a
 * scaler fed inputs standardised by {@link Scaler#apply}, on the batched path (a block boundary
 * included) and the single-row path alike.
 */
class PredictorScalerTest {

    private static final long SEED = 0x5CA1_E001L;

    @Test
    void standardisesInputsOnEveryPath() {
        ModelSpec spec = ModelSpec.mdn(3, 2, 4, new int[] {6}, new Activation[] {Activation.TANH});
        float[] p = Parameters.initialise(spec, new ParameterLayout(spec), SEED);
        Scaler scaler = new Scaler(new float[] {1e4f, -3f, 0.5f}, new float[] {250f, 0.01f, 1f},
                new float[] {7f, 8f}, new float[] {2f, 3f});
        String[] in = {"a", "b", "c"};
        String[] out = {"u", "v"};
        Model scaled = new Model(spec, p, in, out, Map.of(), scaler);
        Model plain = new Model(spec, p, in, out, Map.of());
        SplittableRandom r = new SplittableRandom(SEED);
        int rows = 300; // more than one 256-sample block
        float[] x = new float[3 * rows];
        for (int i = 0; i < rows; i++) {
            x[3 * i] = (float) (1e4 + 500 * r.nextGaussian());
            x[3 * i + 1] = (float) (-3 + 0.02 * r.nextGaussian());
            x[3 * i + 2] = (float) r.nextDouble();
        }
        float[] xStandard = scaler.apply(new org.mdn4j.data.Dataset("x", x, new float[2 * rows], in, out)).x();
        for (String family : new String[] {"scalar", "simd"}) {
            Kernels k = KernelSelector.select(family);
            float[] expected = new float[rows * spec.outputs()];
            new Predictor(plain, k).outputs(xStandard, 0, rows, expected, 0);
            float[] batched = new float[rows * spec.outputs()];
            new Predictor(scaled, k).outputs(x, 0, rows, batched, 0);
            assertArrayEquals(expected, batched, family + " batched (seed " + SEED + ")");
        }
        Predictor one = new Predictor(scaled, KernelSelector.select("scalar"));
        float[] expected = new float[rows * spec.outputs()];
        new Predictor(plain, KernelSelector.select("scalar")).outputs(xStandard, 0, rows, expected, 0);
        float[] single = new float[rows * spec.outputs()];
        for (int n = 0; n < rows; n++) {
            one.outputsOfOne(x, 3 * n, single, n * spec.outputs());
        }
        assertArrayEquals(expected, single, "single row (seed " + SEED + ")");
    }
}
