package org.mdn4j.perf;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures the FMA peak this JVM reaches on one core: a loop of independent vector FMAs on
 * registers only, no memory traffic. The result is the ceiling the dense kernels are compared
 * against ("share of the FMA peak"); it reflects the clock the core actually runs at, which a
 * nominal frequency from /proc/cpuinfo would not. Twelve independent accumulators cover an FMA
 * latency of 4 cycles on 2 ports with room to spare, and stay within 16 vector registers.
 */
public final class FmaPeak {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private FmaPeak() {
    }

    /**
     * GFLOP/s of one core: the best of three rounds of about {@code millis} milliseconds, after a
     * second of warm-up (until C2 has compiled the loop the figure is a fraction of the peak).
     */
    public static double measureOneCore(long millis) {
        run(1000);
        double best = 0;
        for (int i = 0; i < 3; i++) {
            best = Math.max(best, run(millis));
        }
        return best;
    }

    private static double run(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long iterations = 0;
        float sink = 0;
        long t0 = System.nanoTime();
        long t1;
        do {
            sink += block(1_000_000);
            iterations += 1_000_000;
            t1 = System.nanoTime();
        } while (t1 < deadline);
        if (sink == 42f) {
            System.out.print("");
        }
        double flops = iterations * 12.0 * S.length() * 2;
        return flops / (t1 - t0);
    }

    /** FMAs (floating-point operations, two each) that {@link #block} performs per iteration. */
    public static int flopsPerIteration() {
        return 12 * S.length() * 2;
    }

    /** {@code n} iterations of the register-only FMA loop; public for the JMH benchmark of the peak. */
    public static float block(int n) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f);
        FloatVector c = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < n; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
