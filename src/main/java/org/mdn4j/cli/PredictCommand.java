package org.mdn4j.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mdn4j.io.AtomicFiles;
import org.mdn4j.mixture.ExactMode;
import org.mdn4j.mixture.GaussianMixture;
import org.mdn4j.mixture.IsotropicMixture;
import org.mdn4j.mixture.MixtureCovariance;
import org.mdn4j.mixture.MarginalDistribution;
import org.mdn4j.mixture.MixtureSampler;
import org.mdn4j.mixture.Predictor;
import org.mdn4j.mixture.TargetUnits;
import org.mdn4j.mixture.Temperature;
import org.mdn4j.nn.Head;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ModelType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Write the predictive distribution of every input row to a CSV file: the inputs, then "
                + "mean.<t>, var.<t>, mode.<t> per target, then the mixture parameters pi.<k>, mu.<k>.<t>, "
                + "sigma.<k> (components numbered from 0).",
                "On request (MDN models only), after those: exactmode.<t> per target (--exact-mode), "
                + "q<p>.<t> per quantile level and target (--quantiles), and sample<i>.<t> per sample and "
                + "target (--samples, numbered from 0). Quantiles and the exact mode describe the model's "
                + "distribution; --temperature changes the samples only.",
                "Everything is in the data's units: for a model trained on standardised data the "
                + "predictions are mapped back (sigma.<k>.<t> per target when it has several targets).", "",
                "Examples:",
                "  mdn predict --model model.mdn --data toy-inverse --out predictions.csv",
                "  mdn predict --model model.mdn --data toy-inverse --exact-mode --quantiles 0.05,0.5,0.95 "
                + "--samples 10 --temperature 0.5 --sample-seed 7 --out predictions.csv"})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions options = new ModelOptions();

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "CSV file to write.")
    Path out;

    @Option(names = "--exact-mode", description = "Add exactmode.<t>: the global maximum of the predicted density "
            + "(fixed-point iterations from every component mean), not just the mean of the largest-pi component.")
    boolean exactMode;

    @Option(names = "--quantiles", paramLabel = "p,p,...", description = "Add q<p>.<t>: quantiles of each target's "
            + "marginal distribution at these levels, each in (0, 1), e.g. 0.05,0.5,0.95 (a 90%% central interval "
            + "and the median).")
    String quantiles;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "0", description = "Add sample<i>.<t>: N samples "
            + "from each row's own predicted distribution (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature, > 0 (default: 1): "
            + "pi_k becomes proportional to pi_k^(1/T) and every sigma becomes sigma*sqrt(T); below 1 sharpens, "
            + "above 1 flattens. Needs --samples.")
    Double temperature;

    @Option(names = "--sample-seed", paramLabel = "S", description = "Seed of the sampler (default: 1); --seed "
            + "seeds the built-in data. Needs --samples.")
    Long sampleSeed;

    @Override
    public Integer call() throws Exception {
        double[] levels = quantiles == null ? new double[0] : parseLevels(quantiles);
        if (samples < 0) {
            throw new IllegalArgumentException("--samples must be at least 0, got " + samples);
        }
        if (temperature != null && !(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("--temperature must be a positive number, got " + temperature);
        }
        if (samples == 0 && (temperature != null || sampleSeed != null)) {
            throw new IllegalArgumentException("--temperature and --sample-seed apply to --samples N with N >= 1");
        }
        Predictor predictor = options.open();
        float[] x = options.inputRows();
        ModelSpec s = options.loaded.spec();
        int rows = x.length / s.inputs();
        String[] inputs = options.loaded.inputNames();
        String[] targets = options.loaded.targetNames();
        float[] heads = ModelOptions.outputs(predictor, x);
        int l = s.targets();
        int k = s.components();
        int width = s.outputs();
        boolean mdn = s.type() == ModelType.MDN;
        TargetUnits units = TargetUnits.of(options.loaded);
        // one σ per component is isotropic in the network's units; each target's scale differs in the data's
        boolean sigmaPerTarget = !units.identity() && l > 1;
        if (!mdn && (exactMode || levels.length > 0 || samples > 0)) {
            throw new IllegalArgumentException("--exact-mode, --quantiles and --samples need an MDN model; "
                    + options.model + " is an MLP");
        }

        StringBuilder csv = new StringBuilder();
        StringBuilder header = new StringBuilder(String.join(",", inputs));
        for (String t : targets) {
            header.append(",mean.").append(t);
            if (mdn) {
                header.append(",var.").append(t).append(",mode.").append(t);
            }
        }
        if (mdn) {
            for (int c = 0; c < k; c++) {
                header.append(",pi.").append(c);
            }
            for (int c = 0; c < k; c++) {
                for (String t : targets) {
                    header.append(",mu.").append(c).append('.').append(t);
                }
            }
            componentScaleHeader(s.head(), k, targets, sigmaPerTarget, header);
            if (exactMode) {
                for (String t : targets) {
                    header.append(",exactmode.").append(t);
                }
            }
            for (double p : levels) {
                for (String t : targets) {
                    header.append(",q").append(label(p)).append('.').append(t);
                }
            }
            for (int i = 0; i < samples; i++) {
                for (String t : targets) {
                    header.append(",sample").append(i).append('.').append(t);
                }
            }
        }
        csv.append(header).append('\n');
        double[][] drawn = samples > 0
                ? MixtureSampler.sampleRows(s.head(), heads, rows, k, l, s.logSigmaFloor(), samples,
                        temperature == null ? 1 : temperature, sampleSeed == null ? 1 : sampleSeed)
                : null;
        double[] pi = new double[Math.max(1, k)];
        double[] mean = new double[l];
        double[] var = new double[l];
        double[] mode = new double[l];
        for (int i = 0; i < rows; i++) {
            int row = i * width;
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < inputs.length; j++) {
                if (j > 0) {
                    line.append(',');
                }
                line.append(x[i * inputs.length + j]);
            }
            if (mdn) {
                GaussianMixture m = GaussianMixture.fromHead(s.head(), heads, row, 1, k, l, s.logSigmaFloor());
                IsotropicMixture.meanAndMode(heads, row, 1, k, l, pi, mean, mode);
                MixtureCovariance.variances(s.head(), heads, row, 1, k, l, pi, mean, s.logSigmaFloor(), var);
                for (int j = 0; j < l; j++) {
                    line.append(',').append(fmt(units.location(j, mean[j]))).append(',')
                            .append(fmt(units.variance(j, var[j]))).append(',').append(fmt(units.location(j, mode[j])));
                }
                for (int c = 0; c < k; c++) {
                    line.append(',').append(fmt(pi[c]));
                }
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < l; j++) {
                        line.append(',').append(fmt(units.location(j, IsotropicMixture.mu(heads, row, 1, k, l, c, j))));
                    }
                }
                componentScales(s.head(), m, units, sigmaPerTarget, line);
                if (exactMode || levels.length > 0) {
                    distribution(m, levels, units, line);
                }
                if (drawn != null) {
                    for (int v = 0; v < drawn[i].length; v++) {
                        line.append(',').append(fmt(units.location(v % l, drawn[i][v])));
                    }
                }
            } else {
                for (int j = 0; j < l; j++) {
                    line.append(',').append(fmt(units.location(j, heads[row + j])));
                }
            }
            csv.append(line).append('\n');
        }
        AtomicFiles.writeString(out, csv.toString());
        spec.commandLine().getErr().printf(Locale.ROOT, "wrote %d rows to %s%n", rows, out);
        return MdnCli.EXIT_OK;
    }

    /**
     * The component scale columns: {@code sigma.k} (component k's σ) for an isotropic head whose
     * σ is one number in the data's units too, else {@code sigma.k.t} (component k's standard
     * deviation in target t); for a full head also {@code corr.k.a.b} (its correlation of targets
     * a and b, a before b; per-target scaling leaves it as it is).
     */
    private static void componentScaleHeader(Head head, int k, String[] targets, boolean sigmaPerTarget,
                                             StringBuilder header) {
        for (int c = 0; c < k; c++) {
            if (head == Head.ISOTROPIC && !sigmaPerTarget) {
                header.append(",sigma.").append(c);
                continue;
            }
            for (String t : targets) {
                header.append(",sigma.").append(c).append('.').append(t);
            }
        }
        if (head == Head.FULL) {
            for (int c = 0; c < k; c++) {
                for (int a = 0; a < targets.length; a++) {
                    for (int b = a + 1; b < targets.length; b++) {
                        header.append(",corr.").append(c).append('.').append(targets[a]).append('.').append(targets[b]);
                    }
                }
            }
        }
    }

    /** The values of {@link #componentScaleHeader}'s columns for one row's mixture, in the data's units. */
    private static void componentScales(Head head, GaussianMixture m, TargetUnits units, boolean sigmaPerTarget,
                                        StringBuilder line) {
        int l = m.dimensions();
        boolean one = head == Head.ISOTROPIC && !sigmaPerTarget;
        for (int c = 0; c < m.components(); c++) {
            for (int j = 0; j < (one ? 1 : l); j++) {
                line.append(',').append(fmt(units.spread(j, m.marginalSigma(c, j))));
            }
        }
        if (head == Head.FULL) {
            for (int c = 0; c < m.components(); c++) {
                for (int a = 0; a < l; a++) {
                    for (int b = a + 1; b < l; b++) {
                        line.append(',').append(fmt(m.covariance(c, a, b) / (m.marginalSigma(c, a) * m.marginalSigma(c, b))));
                    }
                }
            }
        }
    }

    /**
     * The exact mode and the quantile columns of one row's mixture, found in the network's units and
     * mapped to the data's: the map is affine and increasing per target, so it keeps the density's
     * maximum and every quantile.
     */
    private void distribution(GaussianMixture m, double[] levels, TargetUnits units, StringBuilder line) {
        if (exactMode) {
            double[] mode = ExactMode.of(m);
            for (int d = 0; d < mode.length; d++) {
                line.append(',').append(fmt(units.location(d, mode[d])));
            }
        }
        MarginalDistribution[] marginals = new MarginalDistribution[m.dimensions()];
        for (int d = 0; d < marginals.length; d++) {
            marginals[d] = new MarginalDistribution(m, d);
        }
        for (double p : levels) {
            for (int d = 0; d < marginals.length; d++) {
                line.append(',').append(fmt(units.location(d, marginals[d].quantile(p))));
            }
        }
    }

    /** Parses {@code --quantiles}: a comma-separated list of distinct levels in (0, 1). */
    static double[] parseLevels(String text) {
        String[] parts = text.split(",", -1);
        double[] levels = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty()) {
                throw new IllegalArgumentException("--quantiles: empty entry in '" + text + "'");
            }
            try {
                levels[i] = Double.parseDouble(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--quantiles: '" + part + "' is not a number");
            }
            if (!(levels[i] > 0 && levels[i] < 1)) {
                throw new IllegalArgumentException("--quantiles: " + part + " is outside (0, 1)");
            }
            for (int j = 0; j < i; j++) {
                // Equal levels would write two columns with the same name.
                if (label(levels[j]).equals(label(levels[i]))) {
                    throw new IllegalArgumentException("--quantiles: " + part + " is given twice");
                }
            }
        }
        return levels;
    }

    /** A level as written in a column name: shortest plain decimal, so 0.50 and 5e-1 both give 0.5. */
    static String label(double p) {
        return BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.9g", v);
    }
}
