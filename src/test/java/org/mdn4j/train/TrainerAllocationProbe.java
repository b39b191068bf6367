package org.mdn4j.train;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
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
 * Trains one configuration in a JVM of its own and measures, with HotSpot's per-thread allocation
 * counters, what an epoch allocates on the calling thread and on the pool's workers once warm.
 * Arguments: kernels (auto, scalar), threads, batch, model (mdn, wide, tanh, mlp, diagonal, full). Prints one
 * line and exits 0 when a window of epochs allocated nothing, or prints what every window
 * allocated and exits 1 ({@link TrainerAllocationTest} starts it and reads both).
 */
public final class TrainerAllocationProbe {

    private static final int EPOCHS_PER_WINDOW = 200;
    /**
     * Windows tried before giving up. Warm-up ends when C2 has compiled every kernel: until then
     * the Vector API runs its Java fallback (C1 or interpreter), which allocates a vector per
     * operation. With a full batch, Adam runs once an epoch and reaches C2 only after about
     * 5500 epochs (measured: ~11.5 KB per epoch until then, 0 after), so warm-up is measured,
     * not guessed: the probe stops at the first clean window.
     */
    private static final int WINDOWS = 60;
    /** The least time given to warm-up before a window that still allocates counts as a failure. */
    private static final long WARM_UP_SECONDS = 30;

    private TrainerAllocationProbe() {
    }

    public static void main(String[] args) {
        String backend = args[0];
        int threads = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        String type = args[3];
        String result = measure(backend, threads, batch, type);
        System.out.println(result);
        System.exit(result.startsWith("clean") ? 0 : 1);
    }

    private static String measure(String backend, int threads, int batch, String type) {
        com.sun.management.ThreadMXBean mx = AllocationCounter.enabled();
        boolean arm = "diagonal".equals(type) || "full".equals(type);
        ModelSpec spec = switch (type) {
            // the diagonal and full heads train on the arm: two targets, so the full head has an off-diagonal entry
            case "diagonal", "full" -> ModelSpec.mdn(2, 2, 3, new int[] {5, 5},
                    new Activation[] {Activation.RELU, Activation.RELU}, Head.parse(type));
            case "mdn" -> TrainerFixtures.SEED_MDN;
            // the wide problem's shape: deep sums take the 4 × 3 forward block
            case "wide" -> ModelSpec.mdn(1, 1, 8, new int[] {64, 64}, new Activation[] {Activation.RELU, Activation.RELU});
            case "tanh" -> ModelSpec.mdn(1, 1, 3, new int[] {5, 5}, new Activation[] {Activation.TANH, Activation.TANH});
            case "mlp" -> ModelSpec.mlp(1, 1, new int[] {6, 6},
                    new Activation[] {Activation.SIGMOID, Activation.SOFTPLUS});
            default -> throw new IllegalArgumentException("model: mdn, wide, tanh, mlp, diagonal or full, not " + type);
        };
        Dataset data = arm ? ArmData.generate(300, 3) : ToyData.generate(300, 3, true);
        Parameters p = TrainerFixtures.initialParameters(spec, 3);
        try (Trainer trainer = TrainerFixtures.trainer(spec, KernelSelector.select(backend), p, data,
                TrainConfig.adam(1, batch, 0.001f, 3, threads))) {
            long[] ids = workers().stream().mapToLong(Thread::threadId).toArray();
            if (ids.length != threads - 1) {
                return "worker threads: " + ids.length + ", expected " + (threads - 1);
            }
            long[] w0 = new long[ids.length];
            long[] w1 = new long[ids.length];

            double sink = 0;
            for (int i = 0; i < 500; i++) { // first warm-up: the interpreter's and C1's rounds
                sink += trainer.epoch();
            }
            // The cost of the measuring calls themselves.
            long b0 = mx.getCurrentThreadAllocatedBytes();
            fill(mx, ids, w0);
            fill(mx, ids, w1);
            long b1 = mx.getCurrentThreadAllocatedBytes();
            long baseline = b1 - b0;

            StringBuilder log = new StringBuilder();
            // Windows until a clean one, at least WINDOWS of them and at least WARM_UP_SECONDS: the
            // JDK's own methods (the Vector API's among them) compile in the background, so on a
            // busy machine C2 finishes after more epochs.
            long deadline = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
            String last = "";
            for (int window = 0; window < WINDOWS || System.nanoTime() < deadline; window++) {
                fill(mx, ids, w0);
                long a0 = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < EPOCHS_PER_WINDOW; i++) {
                    sink += trainer.epoch();
                }
                long a1 = mx.getCurrentThreadAllocatedBytes();
                fill(mx, ids, w1);
                long caller = a1 - a0 - baseline;
                long[] worker = new long[ids.length];
                long workerTotal = 0;
                for (int i = 0; i < ids.length; i++) {
                    worker[i] = w1[i] - w0[i];
                    workerTotal += worker[i];
                }
                if (!Double.isFinite(sink)) {
                    return "the loss is not finite after window " + window;
                }
                if (caller <= 0 && workerTotal == 0) {
                    return "clean: window " + window + " of " + EPOCHS_PER_WINDOW + " epochs allocated nothing";
                }
                String line = " window " + window + ": caller " + caller + " B, workers " + Arrays.toString(worker)
                        + ";";
                if (window < 3) {
                    log.append(line);
                }
                last = line;
            }
            return "every window of " + EPOCHS_PER_WINDOW + " epochs allocated (baseline " + baseline + " B):" + log
                    + " ... last" + last;
        }
    }

    private static Set<Thread> workers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mdn4j-worker-")).collect(Collectors.toSet());
    }

    private static void fill(com.sun.management.ThreadMXBean mx, long[] ids, long[] out) {
        for (int i = 0; i < ids.length; i++) {
            out[i] = mx.getThreadAllocatedBytes(ids[i]);
        }
    }
}
