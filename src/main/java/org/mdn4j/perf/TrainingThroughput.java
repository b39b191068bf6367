package org.mdn4j.perf;

import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;
import org.mdn4j.train.TrainConfig;
import org.mdn4j.train.Trainer;
import org.mdn4j.train.TrainingLoop;

/**
 * Measures training throughput of one configuration: epochs of the toy-inverse data through an
 * MDN, timed after a warm-up that lets the JIT compile the kernels, repeated, median reported.
 *
 * @param name     a label for the table
 * @param n        rows of data
 * @param hidden   hidden widths (ReLU)
 * @param k        mixture components
 * @param batch    minibatch size (n for full batch)
 */
public record TrainingThroughput(String name, int n, int[] hidden, int k, int batch) {

    /** The seed's problem: N = 300, 1-5-5-9, K = 3, full batch. */
    public static TrainingThroughput seed() {
        return new TrainingThroughput("seed", 300, new int[] {5, 5}, 3, 300);
    }

    /** The wide problem: N = 65,536, hidden 64,64, K = 8, full batch. */
    public static TrainingThroughput wide() {
        return new TrainingThroughput("wide", 65_536, new int[] {64, 64}, 8, 65_536);
    }

    public ModelSpec spec() {
        Activation[] acts = new Activation[hidden.length];
        java.util.Arrays.fill(acts, Activation.RELU);
        return ModelSpec.mdn(1, 1, k, hidden, acts);
    }

    /**
     * One measurement: samples per second, the median of {@code repeats} timed rounds, after a
     * warm-up of at least {@code warmupSeconds} and, unless that takes three times as long, 200
     * epochs (the JIT compiles the Vector API kernels only after a few thousand kernel calls;
     * until then they run at a small fraction of their speed).
     */
    public Result measure(Kernels kernels, int threads, double warmupSeconds, double roundSeconds, int repeats) {
        return measure(cpu(kernels), threads, warmupSeconds, roundSeconds, repeats);
    }

    /** Builds the training loop to measure. */
    @FunctionalInterface
    public interface LoopFactory {
        TrainingLoop open(ModelSpec spec, Parameters params, Dataset data, TrainConfig config);
    }

    /** The CPU trainer over {@code kernels}. */
    public static LoopFactory cpu(Kernels kernels) {
        return (spec, params, data, config) -> new Trainer(new Network(spec, kernels), params, data, config);
    }

    /** As {@link #measure(Kernels, int, double, double, int)}, for any training loop (a device trainer). */
    public Result measure(LoopFactory loops, int threads, double warmupSeconds, double roundSeconds, int repeats) {
        try (TrainingLoop trainer = open(loops, threads)) {
            // Small problems need many epochs before the kernels are compiled; big ones make
            // enough kernel calls within the time, and 200 of their epochs could take minutes.
            long start = System.nanoTime();
            long warm = runFor(trainer, warmupSeconds);
            while (warm < 200 && System.nanoTime() - start < 3 * warmupSeconds * 1e9) {
                trainer.epoch();
                warm++;
            }
            double[] rates = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                rates[r] = samplesPerSecond(trainer, roundSeconds);
            }
            java.util.Arrays.sort(rates);
            double samplesPerSecond = rates[repeats / 2];
            return new Result(samplesPerSecond, samplesPerSecond / n,
                    samplesPerSecond * Flops.trainingPerSample(spec()) / 1e9);
        }
    }

    /**
     * This configuration's training loop, as every measurement starts it: the toy-inverse data
     * and the initial parameters from seed 19, Adam at a rate of 0.001.
     */
    public TrainingLoop open(LoopFactory loops, int threads) {
        Dataset data = ToyData.generate(n, 19, true);
        ModelSpec spec = spec();
        ParameterLayout layout = new ParameterLayout(spec);
        Parameters params = new Parameters(layout, Parameters.initialise(spec, layout, 19));
        return loops.open(spec, params, data, TrainConfig.adam(1, batch, 0.001f, 19, threads));
    }

    /** Whole epochs of {@code trainer} until {@code seconds} have passed; returns samples per second. */
    public double samplesPerSecond(TrainingLoop trainer, double seconds) {
        long t0 = System.nanoTime();
        long epochs = runFor(trainer, seconds);
        return epochs * (double) n / ((System.nanoTime() - t0) / 1e9);
    }

    private static long runFor(TrainingLoop trainer, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long epochs = 0;
        do {
            trainer.epoch();
            epochs++;
        } while (System.nanoTime() < end);
        return epochs;
    }

    /** Samples/s, epochs/s and the dense layers' GFLOP/s. */
    public record Result(double samplesPerSecond, double epochsPerSecond, double gflops) {
    }
}
