package org.mdn4j.bench;

import java.util.concurrent.TimeUnit;
import org.mdn4j.kernel.Kernels;
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
import org.openjdk.jmh.annotations.Warmup;

/** The fused mixture NLL and gradient, scalar against SIMD, over a batch of head outputs. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MixtureKernelBenchmark {

    @Param({"scalar", "simd"})
    String kernels;

    @Param({"1", "3", "8"})
    int components;

    @Param({"1", "2"})
    int targets;

    @Param({"300", "4096"})
    int batch;

    private Kernels k;
    private float[] head;
    private float[] t;
    private float[] dHead;
    private float[] nll;

    @Setup
    public void setUp() {
        k = BenchSupport.kernels(kernels);
        int rows = components * (targets + 2);
        head = BenchSupport.random(rows * batch, 5);
        t = BenchSupport.random(targets * batch, 6);
        dHead = new float[rows * batch];
        nll = new float[batch];
    }

    @Benchmark
    public float[] lossAndGradient() {
        k.mixtureNll(head, 0, batch, components, targets, batch, t, 0, batch, (float) Math.log(1e-6),
                1f / batch, dHead, 0, batch, nll, 0);
        return dHead;
    }
}
