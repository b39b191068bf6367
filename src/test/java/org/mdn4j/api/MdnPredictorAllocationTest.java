package org.mdn4j.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdn4j.AllocationCounter;
import org.mdn4j.data.Scaler;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.nn.Head;

/**
 * After a thread's first calls, predicting allocates nothing on it (HotSpot's per-thread
 * allocation counter): single rows, log-densities, mixtures and batches, with the scalar kernels
 * and with the auto-selected (SIMD) ones. Warm-up is measured, not guessed: the test passes on
 * the first window of calls that allocates nothing (until C2 compiles the Vector API kernels,
 * their Java fallback allocates a vector per operation).
 */
class MdnPredictorAllocationTest {

    private static final int CALLS_PER_WINDOW = 2000;
    /**
     * Windows tried before giving up. The batched calls run once every 20 iterations, so their
     * kernels reach C2 late: on the 2-core machine the first clean window came after 27 to 38
     * windows in ten runs (one run in ten went past 40 with a method still compiling), so the
     * cap is well above that; a clean run stops at its first clean window.
     */
    private static final int WINDOWS = 120;
    /**
     * The least time given to warm-up before a window that still allocates fails the test: a
     * window takes milliseconds, and on a busy machine C2 compiles in the background for longer
     * than 120 of them.
     */
    private static final long WARM_UP_SECONDS = 30;
    private static com.sun.management.ThreadMXBean mx;
    static volatile double sink;

    @BeforeAll
    static void counters() {
        mx = AllocationCounter.enabled();
    }

    @ParameterizedTest(name = "{0} kernels")
    @ValueSource(strings = {"scalar", "auto"})
    void predictionsAllocateNothing(String kernels) {
        int rows = 37;
        SplittableRandom rng = new SplittableRandom(4);
        float[] x = new float[rows * 3];
        float[] t = new float[rows * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        double[] mean = new double[rows * 2];
        double[] variance = new double[rows * 2];
        double[] mode = new double[rows * 2];
        double[] logp = new double[rows];
        double[] pi = new double[3];
        double[] mu = new double[6];
        double[] sigma = new double[6];
        // a scaled model: mapping answers to the data's units must not allocate either
        Scaler scaler = new Scaler(new float[] {1f, 2f, 3f}, new float[] {2f, 3f, 4f}, new float[] {5f, -5f},
                new float[] {10f, 0.1f});
        try (MdnModel model = MdnModel.of(ApiModels.mdn(3, 2, 3, 17, Head.ISOTROPIC, scaler),
                KernelSelector.select(kernels))) {
            MdnPredictor p = model.predictor();
            long baseline = -mx.getCurrentThreadAllocatedBytes() + mx.getCurrentThreadAllocatedBytes();
            long allocated = -1;
            StringBuilder log = new StringBuilder();
            String last = "";
            long deadline = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
            for (int window = 0; (window < WINDOWS || System.nanoTime() < deadline) && allocated != 0; window++) {
                long a0 = mx.getCurrentThreadAllocatedBytes();
                double s = 0;
                for (int i = 0; i < CALLS_PER_WINDOW; i++) {
                    p.predict(x, mean, variance, mode);
                    s += p.logDensity(x, t);
                    p.mixture(x, pi, mu, sigma);
                    if (i % 20 == 0) {
                        p.predict(x, rows, mean, variance, mode);
                        p.logDensity(x, t, rows, logp);
                    }
                }
                allocated = mx.getCurrentThreadAllocatedBytes() - a0 - baseline;
                sink = s + mean[0] + logp[0];
                String line = " window " + window + ": " + allocated + " B;";
                if (window < 40 || allocated == 0) {
                    log.append(line);
                }
                last = line;
            }
            System.out.println(kernels + " kernels:" + log);
            assertTrue(allocated == 0, "no window of calls without allocation:" + log + " ... last" + last);
        }
    }
}
