package org.mdn4j.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mdn4j.api.MdnModel;
import org.mdn4j.api.MdnPredictor;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.mixture.IsotropicMixture;
import org.mdn4j.mixture.Predictor;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One prediction with the seed's model (1-5-5-9 ReLU, K = 3): the network on one input row, then
 * π, the conditional mean and the approximate mode. Sample-time mode reports the distribution of
 * single calls (p50, p99); run with {@code -prof gc} to see the bytes allocated per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PredictionBenchmark {

    /**
     * Predictions per sample in the chained benchmarks. Each call's input depends on the answer
     * before it, so the calls run one after another as a service's would, and JMH's two clock
     * reads per sample are shared by this many calls instead of being added to each.
     */
    private static final int CHAIN = 16;

    /** The single-row path: scalar loops, or Vector API lanes along each layer's outputs. */
    @Param({"scalar", "simd"})
    String kernels;

    private Predictor predictor;
    private MdnPredictor api;
    private final float[] x = new float[1];
    private final double[] pi = new double[3];
    private final double[] mean = new double[1];
    private final double[] mode = new double[1];
    private int call;

    @Setup
    public void setUp() {
        ModelSpec spec = ModelSpec.mdn(1, 1, 3, new int[] {5, 5}, new Activation[] {Activation.RELU, Activation.RELU});
        float[] p = Parameters.initialise(spec, new ParameterLayout(spec), 19);
        Model model = new Model(spec, p, new String[] {"t"}, new String[] {"x"}, Map.of());
        predictor = new Predictor(model, BenchSupport.kernels(kernels));
        // the public API picks its kernels from this property, as a service's JVM would
        System.setProperty(KernelSelector.PROPERTY, kernels);
        api = MdnModel.of(model).predictor();
    }

    /**
     * Nothing but the harness: sample-time mode times each call with two clock reads, and on a
     * virtual machine a clock read alone can take tens of nanoseconds; this p50 is that floor,
     * included in every other row's.
     */
    @Benchmark
    public int timerFloor() {
        return call++;
    }

    /** The network alone: the head's 9 outputs for one row. */
    @Benchmark
    public float network() {
        x[0] = (call++ & 1023) / 1024f;
        return predictor.outputsOfOne(x, 0)[0];
    }

    /** The network, π, the conditional mean and the approximate mode: what a service returns. */
    @Benchmark
    public double meanAndMode() {
        x[0] = (call++ & 1023) / 1024f;
        float[] head = predictor.outputsOfOne(x, 0);
        IsotropicMixture.meanAndMode(head, 0, 1, 3, 1, pi, mean, mode);
        return mean[0] + mode[0];
    }

    /**
     * The same through the public API, {@link MdnPredictor#predict}: on top of the row above, the
     * argument checks and the model's call slot (one compare-and-set in, a release store out).
     */
    @Benchmark
    public double api() {
        x[0] = (call++ & 1023) / 1024f;
        api.predict(x, mean, null, mode);
        return mean[0] + mode[0];
    }

    /**
     * {@link #meanAndMode} sixteen times in a chain (reported per prediction): each input takes
     * {@code + last · 0}, which changes no bit but makes it wait for the answer before it, so this
     * is one prediction's latency with the clock's floor divided by sixteen.
     */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public double meanAndModeChained() {
        double last = 0;
        for (int i = 0; i < CHAIN; i++) {
            x[0] = (call++ & 1023) / 1024f + (float) (last * 0.0);
            float[] head = predictor.outputsOfOne(x, 0);
            IsotropicMixture.meanAndMode(head, 0, 1, 3, 1, pi, mean, mode);
            last = mean[0] + mode[0];
        }
        return last;
    }

    /** {@link #network} chained the same way: the network's share of a chained prediction. */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public float networkChained() {
        float last = 0;
        for (int i = 0; i < CHAIN; i++) {
            x[0] = (call++ & 1023) / 1024f + last * 0f;
            last = predictor.outputsOfOne(x, 0)[0];
        }
        return last;
    }

    /** {@link #api} chained the same way. */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public double apiChained() {
        double last = 0;
        for (int i = 0; i < CHAIN; i++) {
            x[0] = (call++ & 1023) / 1024f + (float) (last * 0.0);
            api.predict(x, mean, null, mode);
            last = mean[0] + mode[0];
        }
        return last;
    }
}
