package org.mdn4j.perf;

import java.util.Arrays;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.mixture.IsotropicMixture;
import org.mdn4j.mixture.Predictor;

/**
 * Latency of one prediction: the network on one input row ({@link Predictor#outputsOfOne}), then
 * π, the conditional mean and the approximate mode from its head
 * ({@link IsotropicMixture#meanAndMode}). Each call is timed on its own with {@link System#nanoTime()},
 * whose own cost (tens of nanoseconds) is included, so the figures are an upper bound.
 */
public final class PredictionLatency {

    private PredictionLatency() {
    }

    /** p50 and p99 in nanoseconds over {@code calls} timed calls, after as many untimed ones. */
    public static double[] measure(Model model, Kernels kernels, int calls) {
        Predictor p = new Predictor(model, kernels);
        int k = model.spec().components();
        int l = model.spec().targets();
        float[] x = new float[model.spec().inputs()];
        double[] pi = new double[k];
        double[] mean = new double[l];
        double[] mode = new double[l];
        long[] times = new long[calls];
        double sink = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < calls; i++) {
                x[0] = (i % 1000) / 1000f;
                long t0 = System.nanoTime();
                float[] head = p.outputsOfOne(x, 0);
                IsotropicMixture.meanAndMode(head, 0, 1, k, l, pi, mean, mode);
                times[i] = System.nanoTime() - t0;
                sink += mean[0] + mode[0];
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        Arrays.sort(times);
        return new double[] {times[calls / 2], times[(int) (calls * 0.99)]};
    }
}
