import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * Two builds' single-prediction latency side by side in one JVM: each build's jar in a class
 * loader of its own, both timed the way JMH's sample mode times a call (two System.nanoTime reads
 * around it), rounds alternated, so that a change of the machine's speed, which on a shared
 * virtual machine comes and goes within seconds, reaches both builds alike. Prints each build's
 * median over rounds of the per-round p50, the clock's own floor, and the median and range of the
 * per-round ratio B/A; then the same for each round's mean over its fastest 90% of calls, which
 * shows a change smaller than the clock's step (10 ns on this project's virtual machines).
 *
 * <p>Usage: {@code PredictionSideBySide A.jar B.jar api|engine rounds classesDir}, where
 * classesDir holds the compiled {@link PredictionCall} (see scripts/prediction-ab).
 */
public final class PredictionSideBySide {

    private static final int CALLS = 200_000;
    private static final long[] TIMES = new long[CALLS];
    private static double sink;
    private static int call;

    private PredictionSideBySide() {
    }

    // one copy of the timing loop per build, so that each call site sees one receiver class
    private static long timeA(IntToDoubleFunction f) {
        for (int i = 0; i < CALLS; i++) {
            long t0 = System.nanoTime();
            sink += f.applyAsDouble(call++);
            TIMES[i] = System.nanoTime() - t0;
        }
        return p50();
    }

    private static long timeB(IntToDoubleFunction f) {
        for (int i = 0; i < CALLS; i++) {
            long t0 = System.nanoTime();
            sink += f.applyAsDouble(call++);
            TIMES[i] = System.nanoTime() - t0;
        }
        return p50();
    }

    private static long timeFloor() {
        for (int i = 0; i < CALLS; i++) {
            long t0 = System.nanoTime();
            sink += call++;
            TIMES[i] = System.nanoTime() - t0;
        }
        return p50();
    }

    /** The round's mean over its fastest 90% of calls, which {@link #p50} sets beside the p50. */
    private static double lastTrimmedMean;

    /**
     * The round's p50; also sets {@link #lastTrimmedMean}. Where the clock ticks in steps (10 ns
     * on some virtual machines) a p50 moves only in those steps, and a change of a few
     * nanoseconds shows in the trimmed mean alone.
     */
    private static long p50() {
        long[] sorted = TIMES.clone();
        Arrays.sort(sorted);
        int fastest = CALLS * 9 / 10;
        long sum = 0;
        for (int i = 0; i < fastest; i++) {
            sum += sorted[i];
        }
        lastTrimmedMean = (double) sum / fastest;
        return sorted[CALLS / 2];
    }

    private static IntToDoubleFunction load(String jar, String path, Path classes) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL(), classes.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        return (IntToDoubleFunction) loader.loadClass("PredictionCall").getConstructor(String.class).newInstance(path);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: PredictionSideBySide A.jar B.jar api|engine rounds classesDir");
            System.exit(2);
        }
        IntToDoubleFunction a = load(args[0], args[2], Path.of(args[4]));
        IntToDoubleFunction b = load(args[1], args[2], Path.of(args[4]));
        int rounds = Integer.parseInt(args[3]);
        for (int warm = 0; warm < 5; warm++) {
            timeA(a);
            timeB(b);
            timeFloor();
        }
        long[] ra = new long[rounds];
        long[] rb = new long[rounds];
        long[] rf = new long[rounds];
        double[] ratio = new double[rounds];
        double[] ta = new double[rounds];
        double[] tb = new double[rounds];
        double[] trimmedRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ra[r] = timeA(a);
            ta[r] = lastTrimmedMean;
            rb[r] = timeB(b);
            tb[r] = lastTrimmedMean;
            trimmedRatio[r] = tb[r] / ta[r];
            rf[r] = timeFloor();
            ratio[r] = (double) rb[r] / ra[r];
        }
        System.out.println("A p50 per round: " + Arrays.toString(ra));
        System.out.println("B p50 per round: " + Arrays.toString(rb));
        Arrays.sort(ra);
        Arrays.sort(rb);
        Arrays.sort(rf);
        Arrays.sort(ratio);
        System.out.printf("%s: A %d ns, B %d ns (medians over %d rounds of the p50 of %,d calls; clock floor %d ns);"
                + " B/A median %.3f, range %.3f-%.3f%n", args[2], ra[rounds / 2], rb[rounds / 2], rounds, CALLS,
                rf[rounds / 2], ratio[rounds / 2], ratio[0], ratio[rounds - 1]);
        Arrays.sort(ta);
        Arrays.sort(tb);
        Arrays.sort(trimmedRatio);
        System.out.printf("%s, mean of each round's fastest 90%% of calls: A %.1f ns, B %.1f ns (medians over rounds);"
                + " B/A median %.3f, range %.3f-%.3f%n", args[2], ta[rounds / 2], tb[rounds / 2],
                trimmedRatio[rounds / 2], trimmedRatio[0], trimmedRatio[rounds - 1]);
        if (sink == 42) {
            // the answers are read, so the JIT cannot drop the calls
            System.out.print("");
        }
    }
}
