package org.mdn4j.bench;

import java.util.concurrent.TimeUnit;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;
import org.mdn4j.kernel.Activation;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;
import org.mdn4j.train.TrainConfig;
import org.mdn4j.train.Trainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full-batch epoch (forward, mixture loss, backward, Adam) of the seed problem: N = 300,
 * 1-5-5-9 with ReLU, K = 3. The parameters keep training across invocations, as in a real run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TrainingStepBenchmark {

    @Param({"scalar", "simd"})
    String kernels;

    @Param({"1"})
    int threads;

    private Trainer trainer;

    @Setup
    public void setUp() {
        Dataset data = ToyData.generate(300, 19, true);
        ModelSpec spec = ModelSpec.mdn(1, 1, 3, new int[] {5, 5}, new Activation[] {Activation.RELU, Activation.RELU});
        ParameterLayout layout = new ParameterLayout(spec);
        Parameters params = new Parameters(layout, Parameters.initialise(spec, layout, 19));
        trainer = new Trainer(new Network(spec, BenchSupport.kernels(kernels)), params, data,
                TrainConfig.adam(1, 300, 0.001f, 19, threads));
    }

    @Benchmark
    public double seedEpoch() {
        return trainer.epoch();
    }

    @TearDown
    public void tearDown() {
        trainer.close();
    }
}
