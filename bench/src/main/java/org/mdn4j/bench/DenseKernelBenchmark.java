package org.mdn4j.bench;

import java.util.concurrent.TimeUnit;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.BufferAlignment;
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

/**
 * Dense forward and backward, scalar against SIMD with identical arguments. {@code width} is both
 * the input and output width of a square layer; {@code batch} is the samples per call. Results
 * land in the state's buffers, which JMH cannot prove dead, so no Blackhole is needed.
 *
 * <p>Warm-up is long (5 × 1 s) because C2 compiles the Vector API code late; one fork is enough
 * for a ratio measured side by side, two when the figures go into docs/BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DenseKernelBenchmark {

    @Param({"scalar", "simd"})
    String kernels;

    @Param({"5", "8", "13", "64", "100", "256"})
    int width;

    @Param({"300", "4096"})
    int batch;

    @Param({"relu"})
    String activation;

    private Kernels k;
    private int act;
    private float[] in;
    private float[] w;
    private float[] b;
    private float[] out;
    private float[] dOut;
    private float[] dW;
    private float[] dB;
    private float[] dIn;
    /** Where rows start and their stride, as a workspace lays them out (see BufferAlignment). */
    private int at;
    private int stride;

    @Setup
    public void setUp() {
        k = BenchSupport.kernels(kernels);
        act = Activation.parse(activation).code();
        at = BufferAlignment.PAD;
        stride = BufferAlignment.roundUp(batch, BufferAlignment.QUANTUM);
        int rows = at + width * stride;
        in = BenchSupport.random(rows, 1);
        w = BenchSupport.random(width * width, 2);
        b = BenchSupport.random(width, 3);
        out = new float[rows];
        dOut = BenchSupport.random(rows, 4);
        dW = new float[width * width];
        dB = new float[width];
        dIn = new float[rows];
        k.denseForward(in, at, stride, width, batch, w, 0, b, 0, width, act, out, at, stride);
    }

    @Benchmark
    public float[] forward() {
        k.denseForward(in, at, stride, width, batch, w, 0, b, 0, width, act, out, at, stride);
        return out;
    }

    @Benchmark
    public float[] backward() {
        k.denseBackward(in, at, stride, width, batch, w, 0, width, act, out, at, dOut, at, stride,
                dW, 0, dB, 0, dIn, at, stride);
        return dIn;
    }
}
