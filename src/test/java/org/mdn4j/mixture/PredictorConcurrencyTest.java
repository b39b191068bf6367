package org.mdn4j.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;

/**
 * One predictor shared by 16 threads gives every thread the single-thread results bit for bit:
 * each thread runs the same 10⁶ single-row predictions and 2,000 batched ones (SIMD kernels, per-
 * thread workspaces and scratch rows) and folds the output bits into a hash, which must equal the
 * hash of a run on the calling thread alone.
 */
class PredictorConcurrencyTest {

    private static final int THREADS = 16;
    private static final int SINGLE_ROWS = 1_000_000;
    private static final int BATCHES = 2_000;
    private static final int BATCH = 37;

    private static Model seedModel() {
        ModelSpec spec = ModelSpec.mdn(1, 1, 3, new int[] {5, 5}, new Activation[] {Activation.RELU, Activation.TANH});
        return new Model(spec, Parameters.initialise(spec, new ParameterLayout(spec), 11), new String[] {"t"},
                new String[] {"x"}, Map.of());
    }

    /** The same sequence of predictions whichever thread runs it; returns a hash of every output bit. */
    private static long run(Predictor p) {
        float[] x = new float[BATCH];
        float[] out = new float[BATCH * p.outputs()];
        long h = 1125899906842597L;
        for (int i = 0; i < SINGLE_ROWS; i++) {
            x[0] = (i % 10_007) / 10_007f;
            p.outputsOfOne(x, 0, out, 0);
            for (int r = 0; r < p.outputs(); r++) {
                h = 31 * h + Float.floatToRawIntBits(out[r]);
            }
        }
        for (int b = 0; b < BATCHES; b++) {
            for (int n = 0; n < BATCH; n++) {
                x[n] = ((b * BATCH + n) % 997) / 997f;
            }
            p.outputs(x, 0, BATCH, out, 0);
            for (float v : out) {
                h = 31 * h + Float.floatToRawIntBits(v);
            }
        }
        return h;
    }

    @Test
    void sixteenThreadsGetTheSingleThreadBits() throws Exception {
        Predictor p = new Predictor(seedModel(), KernelSelector.fromProperty());
        long expected = run(p);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(pool.submit(() -> run(p)));
            }
            for (int t = 0; t < THREADS; t++) {
                assertEquals(expected, results.get(t).get().longValue(), "thread " + t);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
