package org.mdn4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.perf.ScalingThroughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "scaling", mixinStandardHelpOptions = true,
        description = {"Measure training throughput of the wide model (toy-inverse, hidden 64,64, K = 8) with "
                + "minibatches at each data size, every size in this one process: each has its own data and "
                + "trainer, and they take turns of whole epochs, round after round, the order rotated each round, "
                + "after one untimed round. A slow phase of the machine thus falls on every size alike, and all run "
                + "the same compiled kernels.",
                "Per size: the median samples/s of its turns, their range, and the median over the rounds of its "
                        + "rate divided by that round's median across sizes (the paired measure).",
                "Peak memory needs a process per size: scripts/scaling measures both.",
                "", "Example:", "  mdn bench scaling --sizes 1000,10000,100000,1000000,10000000 --threads 1"})
final class BenchScalingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackendOption backend;

    @Option(names = "--sizes", paramLabel = "N,N,...", split = ",",
            defaultValue = "1000,10000,100000,1000000,10000000",
            description = "Data sizes (default: ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "512",
            description = "Minibatch size (default: ${DEFAULT-VALUE}, below the smallest default size, so every size trains in minibatches).")
    int batch;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Training threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "9", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2.0",
            description = "Least length of a turn; a turn is also at least one epoch (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Print one JSON object per size, then one for the spread.")
    boolean json;

    @Override
    public Integer call() {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("--sizes: give at least one size");
        }
        for (int n : sizes) {
            if (n < 1) {
                throw new IllegalArgumentException("--sizes: every size must be at least 1, got " + n);
            }
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("--seconds must be positive");
        }
        Kernels kernels = backend.kernels();
        List<ScalingThroughput.Size> result = ScalingThroughput.measure(sizes, batch, threads, kernels, seconds, rounds);
        double slowest = result.stream().mapToDouble(ScalingThroughput.Size::samplesPerSecond).min().orElseThrow();
        double fastest = result.stream().mapToDouble(ScalingThroughput.Size::samplesPerSecond).max().orElseThrow();
        double middle = ScalingThroughput.median(result.stream().mapToDouble(ScalingThroughput.Size::samplesPerSecond).toArray());
        double pairedLow = result.stream().mapToDouble(ScalingThroughput.Size::vsRound).min().orElseThrow();
        double pairedHigh = result.stream().mapToDouble(ScalingThroughput.Size::vsRound).max().orElseThrow();
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.printf(Locale.ROOT, "wide model (1-64-64-24, K = 8), %s kernels, batch %d, %d thread(s), %d rounds of turns of at least %.1f s%n",
                    kernels.name(), batch, threads, rounds, seconds);
            out.printf(Locale.ROOT, "%12s %14s %10s %25s %10s%n", "N", "samples/s", "vs median", "turns' range", "paired");
        }
        for (ScalingThroughput.Size s : result) {
            if (json) {
                out.println(new Json().put("n", s.n()).put("samples_per_s", s.samplesPerSecond())
                        .put("lowest", s.lowest()).put("highest", s.highest())
                        .put("vs_median", s.samplesPerSecond() / middle - 1).put("paired_vs_round", s.vsRound() - 1)
                        .put("turns", s.turns()));
            } else {
                out.printf(Locale.ROOT, "%12d %14.0f %+9.1f%% %12.0f-%-12.0f %+9.1f%%%n", s.n(), s.samplesPerSecond(),
                        100 * (s.samplesPerSecond() / middle - 1), s.lowest(), s.highest(), 100 * (s.vsRound() - 1));
            }
        }
        double centre = (slowest + fastest) / 2;
        if (json) {
            out.println(new Json().put("spread", "samples_per_s").put("slowest", slowest).put("fastest", fastest)
                    .put("median", middle).put("vs_median_low", slowest / middle - 1).put("vs_median_high", fastest / middle - 1)
                    .put("paired_low", pairedLow - 1).put("paired_high", pairedHigh - 1)
                    .put("kernels", kernels.name()).put("batch", batch).put("threads", threads).put("rounds", rounds));
        } else {
            out.printf(Locale.ROOT, "spread: %+.1f%% ... %+.1f%% of the sizes' median (every size within ±%.1f%% of the "
                            + "midpoint of slowest and fastest); paired, round by round: %+.1f%% ... %+.1f%%%n",
                    100 * (slowest / middle - 1), 100 * (fastest / middle - 1), 100 * (fastest - centre) / centre,
                    100 * (pairedLow - 1), 100 * (pairedHigh - 1));
        }
        out.flush();
        return MdnCli.EXIT_OK;
    }
}
