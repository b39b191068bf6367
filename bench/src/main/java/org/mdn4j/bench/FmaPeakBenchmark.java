package org.mdn4j.bench;

import java.util.concurrent.TimeUnit;
import org.mdn4j.perf.FmaPeak;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The one-core FMA peak ({@link FmaPeak}'s register-only loop) in the same JMH run as the
 * kernels, so a kernel's share of the peak compares two figures of one session. GFLOP/s =
 * {@value #ITERATIONS} × {@link FmaPeak#flopsPerIteration()} / the time per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FmaPeakBenchmark {

    static final int ITERATIONS = 100_000;

    @Benchmark
    public float registerFmas() {
        return FmaPeak.block(ITERATIONS);
    }
}
