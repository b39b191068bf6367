package org.mdn4j.perf;

import java.util.Arrays;
import org.mdn4j.api.MdnModel;
import org.mdn4j.api.MdnPredictor;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Kernels;

/**
 * Latency of one prediction as a service asks for it: {@link MdnPredictor#predict} of one input
 * row's conditional mean and approximate mode (the call JMH's {@code PredictionBenchmark.api}
 * times), measured two ways. Each call timed on its own with two {@link System#nanoTime()} reads,
 * as JMH's sample mode times it: p50 and p99, the clock's own cost (tens of nanoseconds on a
 * virtual machine, reported as the clock floor) included. And {@value #CHAIN} calls in a chain,
 * each input waiting for the answer before it, timed together: the p50 per call, with the clock's
 * cost shared by the chain, so the latency of the prediction itself.
 */
public final class PredictionLatency {

    /** Calls per timed chain. */
    public static final int CHAIN = 16;

    private PredictionLatency() {
    }

    /** What {@link #measure} reports, in nanoseconds. */
    public record Latency(double p50, double p99, double chainedP50, double clockFloorP50) {
    }

    /** {@code calls} timed calls (and chained ones, and clock reads), after as many untimed ones. */
    public static Latency measure(Model model, Kernels kernels, int calls) {
        try (MdnModel opened = MdnModel.of(model, kernels)) {
            return measure(opened.predictor(), model.spec().inputs(), model.spec().targets(), calls);
        }
    }

    private static Latency measure(MdnPredictor p, int inputs, int targets, int calls) {
        float[] x = new float[inputs];
        double[] mean = new double[targets];
        double[] mode = new double[targets];
        long[] times = new long[calls];
        long[] chains = new long[Math.max(1, calls / CHAIN)];
        long[] floor = new long[calls];
        double sink = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < calls; i++) {
                x[0] = (i % 1000) / 1000f;
                long t0 = System.nanoTime();
                p.predict(x, mean, null, mode);
                times[i] = System.nanoTime() - t0;
                sink += mean[0] + mode[0];
            }
            double last = 0;
            for (int c = 0; c < chains.length; c++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < CHAIN; i++) {
                    // + last·0 changes no bit of the input but makes it wait for the last answer
                    x[0] = ((c * CHAIN + i) % 1000) / 1000f + (float) (last * 0.0);
                    p.predict(x, mean, null, mode);
                    last = mean[0] + mode[0];
                }
                chains[c] = System.nanoTime() - t0;
            }
            sink += last;
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                floor[i] = System.nanoTime() - t0;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        Arrays.sort(times);
        Arrays.sort(chains);
        Arrays.sort(floor);
        return new Latency(times[calls / 2], times[(int) (calls * 0.99)], chains[chains.length / 2] / (double) CHAIN,
                floor[calls / 2]);
    }
}
