package org.mdn4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mdn4j.gpu.Devices;
import org.mdn4j.gpu.DeviceTrainer;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;
import org.mdn4j.perf.FmaPeak;
import org.mdn4j.perf.PredictionLatency;
import org.mdn4j.perf.TrainingThroughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchScalingCommand.class,
        description = {"Measure, in this one process, training throughput with the scalar and the SIMD kernels "
                + "(and on the OpenCL and CUDA devices, where one opens) on "
                + "the seed problem (N = 300, 1-5-5-9, K = 3, full batch) and a wide one (N = 65,536, hidden 64,64, "
                + "K = 8, full batch), and the latency of a single prediction with the seed's model.",
                "GFLOP/s counts the dense layers' multiply-adds (forward 2·in·out, backward 4·in·out per sample); "
                        + "the peak is measured: a register-only vector FMA loop on one core, times the threads used.",
                "'mdn bench scaling' measures how training throughput holds as the data set grows.",
                "", "Example:", "  mdn bench --json"})
final class BenchCommand implements Callable<Integer> {

    /** A row group of the table: a kernel family or device, how to build its trainer, its thread counts. */
    private record Backend(String name, TrainingThroughput.LoopFactory loops, int[] threadCounts, boolean onCpu) {
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the multi-threaded rows (default: all cores).")
    Integer threads;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "1.0",
            description = "Length of each timed round (default: ${DEFAULT-VALUE}); the median of 3 rounds is reported, after a warm-up of at least 3 s.")
    double seconds;

    @Option(names = "--json", description = "Print the results as one JSON object per line.")
    boolean json;

    @Override
    public Integer call() {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("--seconds must be positive");
        }
        int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (cores < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Kernels> kernels = new ArrayList<>();
        kernels.add(KernelSelector.select("scalar"));
        if (KernelSelector.simdUnavailableReason() == null) {
            kernels.add(KernelSelector.select("simd"));
        }
        int[] threadCounts = cores == 1 ? new int[] {1} : new int[] {1, cores};
        List<Backend> backends = new ArrayList<>();
        for (Kernels k : kernels) {
            backends.add(new Backend(k.name(), TrainingThroughput.cpu(k), threadCounts, true));
        }
        Map<String, String> notMeasured = new LinkedHashMap<>();
        for (String device : List.of("opencl", "cuda")) {
            String why = Devices.unavailableReason(device);
            if (why == null) {
                backends.add(new Backend(device, (s, p, d, c) -> new DeviceTrainer(Devices.open(device), s, p, d, c),
                        new int[] {1}, false));
            } else {
                notMeasured.put(device, why);
            }
        }
        double peakOneCore = KernelSelector.simdUnavailableReason() == null ? FmaPeak.measureOneCore(500) : Double.NaN;
        if (!json) {
            out.printf(Locale.ROOT, "FMA peak (measured, one core): %.1f GFLOP/s%n%n", peakOneCore);
            out.printf(Locale.ROOT, "%-6s %-7s %7s %14s %12s %9s %8s%n", "problem", "kernels", "threads", "samples/s",
                    "epochs/s", "GFLOP/s", "of peak");
        }
        for (TrainingThroughput problem : List.of(TrainingThroughput.seed(), TrainingThroughput.wide())) {
            for (Backend b : backends) {
                for (int t : b.threadCounts()) {
                    TrainingThroughput.Result r = problem.measure(b.loops(), t, Math.max(3.0, seconds), seconds, 3);
                    // the CPU's measured FMA peak says nothing of a device
                    double share = b.onCpu() ? r.gflops() / (peakOneCore * t) : Double.NaN;
                    if (json) {
                        out.println(new Json().put("problem", problem.name()).put("kernels", b.name())
                                .put("threads", t).put("samples_per_s", r.samplesPerSecond())
                                .put("epochs_per_s", r.epochsPerSecond()).put("gflops", r.gflops())
                                .put("peak_share", share).put("peak_gflops_one_core", peakOneCore));
                    } else {
                        String ofPeak = Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
                        out.printf(Locale.ROOT, "%-7s %-7s %7d %14.0f %12.1f %9.2f %8s%n", problem.name(), b.name(), t,
                                r.samplesPerSecond(), r.epochsPerSecond(), r.gflops(), ofPeak);
                    }
                    out.flush();
                }
            }
        }
        notMeasured.forEach((device, why) -> {
            if (json) {
                out.println(new Json().put("kernels", device).put("skipped", why));
            } else {
                out.println(device + ": not measured: " + why);
            }
        });
        ModelSpec seedSpec = TrainingThroughput.seed().spec();
        ParameterLayout layout = new ParameterLayout(seedSpec);
        Model seedModel = new Model(seedSpec, Parameters.initialise(seedSpec, layout, 19), new String[] {"t"},
                new String[] {"x"}, Map.of());
        // The single-row path of each CPU backend: scalar loops, or vectors along each layer's outputs.
        if (!json) {
            out.println();
        }
        for (Kernels k : kernels) {
            PredictionLatency.Latency lat = PredictionLatency.measure(seedModel, k, 200_000);
            if (json) {
                out.println(new Json().put("prediction", "seed").put("kernels", k.name()).put("p50_ns", lat.p50())
                        .put("p99_ns", lat.p99()).put("chained_p50_ns", lat.chainedP50())
                        .put("clock_floor_ns", lat.clockFloorP50()));
            } else {
                out.printf(Locale.ROOT, "single prediction (seed model, MdnPredictor.predict: mean and approximate mode), "
                        + "%s kernels: p50 %.0f ns, p99 %.0f ns (each call timed: the clock's own %.0f ns "
                        + "included); %.0f ns a call in chains of %d%n", k.name(), lat.p50(), lat.p99(),
                        lat.clockFloorP50(), lat.chainedP50(), PredictionLatency.CHAIN);
            }
        }
        return MdnCli.EXIT_OK;
    }
}
