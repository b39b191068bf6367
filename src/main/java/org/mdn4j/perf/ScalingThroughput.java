package org.mdn4j.perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.train.TrainingLoop;

/**
 * Training throughput of the wide model (toy-inverse, hidden 64,64, K = 8) with minibatches as the
 * data set grows, every size measured in this one process, in turns.
 *
 * <h2>Why in turns, in one process</h2>
 * Timed one process after another, the sizes differ by what the machine did in each one's minutes
 * (a shared virtual machine has slow phases of tens of seconds, up to 1.7 times slower) and by what
 * each JVM's JIT compiled, which differs run to run: on a 2-core virtual machine one size's own
 * runs spread 24–47%, wider than the sizes differ. Here every size has its own data, parameters and
 * trainer, and they take turns: a round gives each size one turn of whole epochs lasting at least
 * {@code turnSeconds}, the order rotated each round, so a slow phase falls on the sizes alike and
 * all of them run the same compiled kernels. Each size reports the median of its turns, and, since
 * the turns of one round share the machine's state, the median of its turn's rate over the round's
 * median across sizes: the paired measure, which the machine's phases cancel from.
 */
public final class ScalingThroughput {

    private ScalingThroughput() {
    }

    /**
     * One size's result.
     *
     * @param samplesPerSecond median over its turns
     * @param lowest           its slowest turn
     * @param highest          its fastest turn
     * @param vsRound          median over the rounds of its rate divided by the round's median across sizes
     * @param turns            timed turns (one per round)
     */
    public record Size(int n, double samplesPerSecond, double lowest, double highest, double vsRound, int turns) {
    }

    /** The wide problem's model and training at {@code n} rows with minibatches of {@code batch}. */
    static TrainingThroughput problem(int n, int batch) {
        TrainingThroughput wide = TrainingThroughput.wide();
        return new TrainingThroughput("wide", n, wide.hidden(), wide.k(), batch);
    }

    /**
     * Trains every size for one untimed round (the JIT's warm-up), then {@code rounds} timed ones.
     *
     * @param sizes       rows of each data set, each at least 1
     * @param batch       minibatch size
     * @param turnSeconds the least length of a turn; a turn is also at least one epoch
     */
    public static List<Size> measure(int[] sizes, int batch, int threads, Kernels kernels, double turnSeconds,
                                     int rounds) {
        if (sizes.length == 0 || rounds < 1 || batch < 1 || threads < 1 || !(turnSeconds > 0)) {
            throw new IllegalArgumentException("sizes, rounds, batch, threads and turn length must be positive");
        }
        TrainingThroughput[] problems = new TrainingThroughput[sizes.length];
        TrainingLoop[] trainers = new TrainingLoop[sizes.length];
        double[][] rates = new double[sizes.length][rounds];
        try {
            for (int s = 0; s < sizes.length; s++) {
                problems[s] = problem(sizes[s], batch);
                trainers[s] = problems[s].open(TrainingThroughput.cpu(kernels), threads);
            }
            for (int s = 0; s < sizes.length; s++) {
                problems[s].samplesPerSecond(trainers[s], turnSeconds);
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < sizes.length; i++) {
                    int s = (i + r) % sizes.length;
                    rates[s][r] = problems[s].samplesPerSecond(trainers[s], turnSeconds);
                }
            }
        } finally {
            for (TrainingLoop t : trainers) {
                if (t != null) {
                    t.close();
                }
            }
        }
        return summarise(sizes, rates);
    }

    /** Each size's median, range and paired median from {@code rates[size][round]}. */
    static List<Size> summarise(int[] sizes, double[][] rates) {
        int rounds = rates[0].length;
        double[][] relative = new double[sizes.length][rounds];
        for (int r = 0; r < rounds; r++) {
            double[] round = new double[sizes.length];
            for (int s = 0; s < sizes.length; s++) {
                round[s] = rates[s][r];
            }
            double middle = median(round);
            for (int s = 0; s < sizes.length; s++) {
                relative[s][r] = rates[s][r] / middle;
            }
        }
        List<Size> out = new ArrayList<>();
        for (int s = 0; s < sizes.length; s++) {
            double[] own = rates[s].clone();
            Arrays.sort(own);
            out.add(new Size(sizes[s], median(own), own[0], own[rounds - 1], median(relative[s]), rounds));
        }
        return out;
    }

    /** The median; of an even count, the mean of the middle two. */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }
}
