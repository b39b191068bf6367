package org.mdn4j.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;

/** The single-row path gives the batched scalar path's bits and allocates nothing per call. */
class PredictorSingleRowTest {

    private static final long SEED = 0xBEEF_0002L;

    private static Model model(Activation a, Activation b) {
        ModelSpec spec = ModelSpec.mdn(3, 2, 4, new int[] {7, 5}, new Activation[] {a, b});
        float[] p = Parameters.initialise(spec, new ParameterLayout(spec), SEED);
        return new Model(spec, p, new String[] {"a", "b", "c"}, new String[] {"u", "v"}, Map.of());
    }

    @Test
    void matchesTheBatchedScalarPathBitForBit() {
        for (Activation a : Activation.values()) {
            Model m = model(a, Activation.TANH);
            Predictor p = new Predictor(m, KernelSelector.select("scalar"));
            SplittableRandom r = new SplittableRandom(SEED + a.code());
            float[] x = new float[3 * 50];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 4 - 2);
            }
            float[] batched = new float[50 * p.outputs()];
            p.outputs(x, 0, 50, batched, 0);
            float[] single = new float[50 * p.outputs()];
            for (int n = 0; n < 50; n++) {
                p.outputsOfOne(x, 3 * n, single, n * p.outputs());
            }
            assertArrayEquals(batched, single, "activation " + a + " (seed " + SEED + ")");
        }
    }

    @Test
    void allocatesNothingPerCall() {
        Predictor p = new Predictor(model(Activation.RELU, Activation.SOFTPLUS), KernelSelector.select("scalar"));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float[] x = {0.1f, 0.2f, 0.3f};
        float[] out = new float[p.outputs()];
        for (int i = 0; i < 50_000; i++) {
            x[0] = i * 1e-5f;
            p.outputsOfOne(x, 0, out, 0);
        }
        // A window can catch a one-off allocation of the JIT's own (tens of bytes once); a
        // per-call allocation shows in every window, so one clean window of 100,000 calls proves it.
        long[] seen = new long[20];
        for (int w = 0; w < seen.length; w++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                x[0] = i * 1e-5f;
                p.outputsOfOne(x, 0, out, 0);
            }
            seen[w] = mx.getCurrentThreadAllocatedBytes() - before;
            if (seen[w] == 0) {
                return;
            }
        }
        assertEquals(0, seen[seen.length - 1], "bytes allocated per window of 100,000 single-row predictions: "
                + java.util.Arrays.toString(seen));
    }
}
