package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.AllocationCounter;
import org.mdn4j.data.ArmData;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.nn.Head;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.Parameters;

/**
 * After warm-up a training epoch allocates nothing, on the calling thread and on the pool's
 * workers, as measured by HotSpot's per-thread allocation counters.
 */
class TrainerAllocationTest {

    private static final int EPOCHS_PER_WINDOW = 200;
    /**
     * Windows tried before giving up. Warm-up ends when C2 has compiled every kernel: until then
     * the Vector API runs its Java fallback (C1 or interpreter), which allocates a vector per
     * operation. With a full batch, Adam runs once an epoch and reaches C2 only after about
     * 5500 epochs (measured: ~11.5 KB per epoch until then, 0 after), so warm-up is measured,
     * not guessed: the test passes on the first clean window.
     */
    private static final int WINDOWS = 60;
    /** The least time given to warm-up before a window that still allocates fails the test. */
    private static final long WARM_UP_SECONDS = 30;

    private static com.sun.management.ThreadMXBean mx;

    @BeforeAll
    static void counters() {
        mx = AllocationCounter.enabled();
    }


    private static Set<Thread> workers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mdn4j-worker-")).collect(Collectors.toSet());
    }

    /*
     * The SIMD MLP (sigmoid, softplus) is measured with the scalar kernels only: with the Vector
     * API, whether C2 keeps every vector of its activation kernels unboxed depends on the order in
     * which methods were compiled, and in about one run in three a compiled kernel keeps boxing
     * (about 4 KB an epoch). The MDN's path (ReLU, mixture head) is stable and measured with SIMD.
     */
    @ParameterizedTest(name = "{0} kernels, {1} thread(s), batch {2}, {3}")
    @CsvSource({
            "auto,   1, 300, mdn", "auto,   1, 64, mdn", "scalar, 1, 64, mlp", "scalar, 1, 64, mdn",
            "auto,   2, 300, mdn", "auto,   2, 150, mdn", "auto,   1, 64, diagonal", "auto,   1, 64, full",
    })
    void epochAllocatesNothingAfterWarmUp(String backend, int threads, int batch, String type) {
        // The diagonal and full heads train on the arm: two targets, so the full head has an off-diagonal entry.
        boolean arm = "diagonal".equals(type) || "full".equals(type);
        ModelSpec spec = arm
                ? ModelSpec.mdn(2, 2, 3, new int[] {5, 5}, new Activation[] {Activation.RELU, Activation.RELU},
                        Head.parse(type))
                : "mdn".equals(type) ? TrainerFixtures.SEED_MDN
                : ModelSpec.mlp(1, 1, new int[] {6, 6}, new Activation[] {Activation.SIGMOID, Activation.SOFTPLUS});
        Dataset data = arm ? ArmData.generate(300, 3) : ToyData.generate(300, 3, true);
        Parameters p = TrainerFixtures.initialParameters(spec, 3);
        Set<Thread> before = workers();
        try (Trainer trainer = TrainerFixtures.trainer(spec, KernelSelector.select(backend), p, data,
                TrainConfig.adam(1, batch, 0.001f, 3, threads))) {
            Set<Thread> mine = workers();
            mine.removeAll(before);
            assertEquals(threads - 1, mine.size(), "this trainer's worker threads");
            long[] ids = mine.stream().mapToLong(Thread::threadId).toArray();
            long[] w0 = new long[ids.length];
            long[] w1 = new long[ids.length];

            double sink = 0;
            for (int i = 0; i < 500; i++) { // first warm-up: the interpreter's and C1's rounds
                sink += trainer.epoch();
            }
            // The cost of the measuring calls themselves.
            long b0 = mx.getCurrentThreadAllocatedBytes();
            fill(ids, w0);
            fill(ids, w1);
            long b1 = mx.getCurrentThreadAllocatedBytes();
            long baseline = b1 - b0;

            long main = -1;
            long[] worker = new long[ids.length];
            StringBuilder log = new StringBuilder();
            // Windows until a clean one, at least WINDOWS of them and at least WARM_UP_SECONDS: C2
            // compiles in the background, so on a busy machine it finishes after more epochs.
            long deadline = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
            String last = "";
            for (int window = 0; window < WINDOWS || System.nanoTime() < deadline; window++) {
                fill(ids, w0);
                long a0 = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < EPOCHS_PER_WINDOW; i++) {
                    sink += trainer.epoch();
                }
                long a1 = mx.getCurrentThreadAllocatedBytes();
                fill(ids, w1);
                main = a1 - a0 - baseline;
                long workerTotal = 0;
                for (int i = 0; i < ids.length; i++) {
                    worker[i] = w1[i] - w0[i];
                    workerTotal += worker[i];
                }
                String line = " window " + window + ": caller " + main + " B, workers " + Arrays.toString(worker) + ";";
                if (window < 3) {
                    log.append(line);
                }
                last = line;
                if (main <= 0 && workerTotal == 0) {
                    break;
                }
            }
            log.append(" ... last").append(last);
            assertTrue(Double.isFinite(sink), "loss stays finite");
            assertTrue(main <= 0, "the caller allocated in " + EPOCHS_PER_WINDOW + " epochs (baseline " + baseline
                    + " B):" + log);
            for (int i = 0; i < ids.length; i++) {
                assertEquals(0, worker[i], "worker " + i + " allocated:" + log);
            }
        }
    }

    private static void fill(long[] ids, long[] out) {
        for (int i = 0; i < ids.length; i++) {
            out[i] = mx.getThreadAllocatedBytes(ids[i]);
        }
    }
}
