package org.mdn4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mdn4j.data.Dataset;
import org.mdn4j.io.JsonWriter;
import org.mdn4j.mixture.Calibration;
import org.mdn4j.mixture.GaussianMixture;
import org.mdn4j.mixture.IsotropicMixture;
import org.mdn4j.mixture.Predictor;
import org.mdn4j.mixture.TargetUnits;
import org.mdn4j.nn.Head;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ModelType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score a model on data: mean NLL per sample (nats), and the RMSE of the conditional "
                + "mean and of the approximate mode; the NLL of one Gaussian per target fitted to the same "
                + "targets (nll_gaussian_baseline); for an MDN its calibration per target: CRPS (closed form), "
                + "a 10-bin PIT histogram, coverage of the central 50/90/95%% intervals, and the mean pi "
                + "of each component.",
                "A model trained on standardised data is scored in the data's units: the NLL includes the "
                + "scaler's Jacobian, the RMSEs and CRPS are in the targets' units.", "",
                "Example (held-out data from another seed):",
                "  mdn eval --model model.mdn --data toy-inverse --seed 7 --json"})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions options = new ModelOptions();

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    /** {@code t[off .. off + l)} in double. */
    private static double[] row(float[] t, int off, int l) {
        double[] r = new double[l];
        for (int j = 0; j < l; j++) {
            r[j] = t[off + j];
        }
        return r;
    }

    @Override
    public Integer call() throws Exception {
        Predictor predictor = options.open();
        Dataset d = options.labelledData();
        ModelSpec s = options.loaded.spec();
        float[] out = ModelOptions.outputs(predictor, d.x());
        int n = d.size();
        int l = s.targets();
        int width = s.outputs();
        float[] t = d.t();
        // The head is over the network's (standardised) targets: densities and calibration there, with the
        // Jacobian added and CRPS scaled back; PIT and coverage are the same in both units.
        TargetUnits units = TargetUnits.of(options.loaded);
        float[] tNet = units.toNetwork(t);
        double nll = 0;
        double seMean = 0;
        double seMode = 0;
        double[] pi = new double[Math.max(1, s.components())];
        double[] mean = new double[l];
        double[] mode = new double[l];
        boolean mdn = s.type() == ModelType.MDN;
        Calibration calibration = mdn ? new Calibration(s.components(), l) : null;
        for (int i = 0; i < n; i++) {
            int row = i * width;
            if (s.type() == ModelType.MDN) {
                int k = s.components();
                IsotropicMixture.meanAndMode(out, row, 1, k, l, pi, mean, mode);
                GaussianMixture m = GaussianMixture.fromHead(s.head(), out, row, 1, k, l, s.logSigmaFloor());
                nll -= (s.head() == Head.ISOTROPIC
                        ? IsotropicMixture.logDensity(out, row, 1, k, l, tNet, i * l, s.logSigmaFloor())
                        : m.logDensity(row(tNet, i * l, l))) + units.logDensityShift();
                calibration.add(m, tNet, i * l);
            } else {
                for (int j = 0; j < l; j++) {
                    mean[j] = out[row + j];
                    mode[j] = mean[j];
                }
            }
            for (int j = 0; j < l; j++) {
                mean[j] = units.location(j, mean[j]);
                mode[j] = units.location(j, mode[j]);
                double y = t[i * l + j];
                seMean += (mean[j] - y) * (mean[j] - y);
                seMode += (mode[j] - y) * (mode[j] - y);
            }
        }
        double rmseMean = Math.sqrt(seMean / ((double) n * l));
        double rmseMode = Math.sqrt(seMode / ((double) n * l));
        double meanNll = s.type() == ModelType.MDN ? nll / n : Double.NaN;
        double baseline = Calibration.gaussianBaselineNll(t, l);
        PrintWriter o = spec.commandLine().getOut();
        String[] names = d.targetNames();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("nll", number(meanNll));
            j.put("n", n);
            j.put("rmse_mean", number(rmseMean));
            j.put("rmse_mode", number(rmseMode));
            j.put("nll_gaussian_baseline", number(baseline));
            if (mdn) {
                double[] crps = crpsInDataUnits(calibration, units);
                j.put("crps", number(average(crps)));
                j.put("crps_per_target", numbers(crps));
                List<Object> pit = new ArrayList<>();
                for (long[] counts : calibration.pitHistogram()) {
                    List<Object> row = new ArrayList<>();
                    for (long c : counts) {
                        row.add(c);
                    }
                    pit.add(row);
                }
                j.put("pit_histogram", pit);
                double[][] coverage = calibration.coverage();
                for (int a = 0; a < Calibration.LEVELS.length; a++) {
                    j.put("coverage_" + percent(Calibration.LEVELS[a]), numbers(coverage[a]));
                }
                j.put("component_usage", numbers(calibration.componentUsage()));
            }
            o.println(JsonWriter.compact(j));
        } else {
            o.printf(Locale.ROOT, "n %d  nll %s  rmse_mean %.6f  rmse_mode %.6f%n", n,
                    Double.isNaN(meanNll) ? "n/a (not an MDN)" : String.format(Locale.ROOT, "%.6f", meanNll),
                    rmseMean, rmseMode);
            o.printf(Locale.ROOT, "nll_gaussian_baseline %.6f  (one Gaussian per target fitted to these targets)%n",
                    baseline);
            if (mdn) {
                double[] crps = crpsInDataUnits(calibration, units);
                long[][] pit = calibration.pitHistogram();
                double[][] coverage = calibration.coverage();
                o.printf(Locale.ROOT, "crps %.6f%n", average(crps));
                for (int dim = 0; dim < l; dim++) {
                    StringBuilder line = new StringBuilder();
                    line.append(String.format(Locale.ROOT, "target %s  crps %.6f  coverage", names[dim], crps[dim]));
                    for (int a = 0; a < Calibration.LEVELS.length; a++) {
                        line.append(String.format(Locale.ROOT, " %s%% %.4f", percent(Calibration.LEVELS[a]),
                                coverage[a][dim]));
                    }
                    line.append("  pit");
                    for (long c : pit[dim]) {
                        line.append(' ').append(c);
                    }
                    o.println(line);
                }
                StringBuilder usage = new StringBuilder("component_usage");
                for (double u : calibration.componentUsage()) {
                    usage.append(String.format(Locale.ROOT, " %.4f", u));
                }
                o.println(usage);
            }
        }
        return MdnCli.EXIT_OK;
    }

    private static double[] crpsInDataUnits(Calibration calibration, TargetUnits units) {
        double[] crps = calibration.crps();
        for (int d = 0; d < crps.length; d++) {
            crps[d] = units.spread(d, crps[d]);
        }
        return crps;
    }

    /** A JSON number, or null for a value JSON cannot hold. */
    private static Object number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Object> numbers(double[] v) {
        List<Object> r = new ArrayList<>(v.length);
        for (double x : v) {
            r.add(number(x));
        }
        return r;
    }

    private static double average(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    /** 0.5 → "50", 0.95 → "95". */
    private static String percent(double level) {
        return Long.toString(Math.round(level * 100));
    }
}
