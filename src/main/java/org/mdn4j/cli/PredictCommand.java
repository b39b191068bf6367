package org.mdn4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mdn4j.io.AtomicFiles;
import org.mdn4j.mixture.IsotropicMixture;
import org.mdn4j.mixture.Predictor;
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
                + "sigma.<k> (components numbered from 0).", "",
                "Example:",
                "  mdn predict --model model.mdn --data toy-inverse --out predictions.csv"})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions options = new ModelOptions();

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "CSV file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
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
            for (int c = 0; c < k; c++) {
                header.append(",sigma.").append(c);
            }
        }
        csv.append(header).append('\n');
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
                IsotropicMixture.weights(heads, row, 1, k, pi);
                IsotropicMixture.mean(heads, row, 1, k, l, pi, mean);
                IsotropicMixture.variance(heads, row, 1, k, l, pi, mean, s.logSigmaFloor(), var);
                IsotropicMixture.approximateMode(heads, row, 1, k, l, pi, mode);
                for (int j = 0; j < l; j++) {
                    line.append(',').append(fmt(mean[j])).append(',').append(fmt(var[j])).append(',').append(fmt(mode[j]));
                }
                for (int c = 0; c < k; c++) {
                    line.append(',').append(fmt(pi[c]));
                }
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < l; j++) {
                        line.append(',').append(fmt(IsotropicMixture.mu(heads, row, 1, k, l, c, j)));
                    }
                }
                for (int c = 0; c < k; c++) {
                    line.append(',').append(fmt(IsotropicMixture.sigma(heads, row, 1, k, l, c, s.logSigmaFloor())));
                }
            } else {
                for (int j = 0; j < l; j++) {
                    line.append(',').append(fmt(heads[row + j]));
                }
            }
            csv.append(line).append('\n');
        }
        AtomicFiles.writeString(out, csv.toString());
        spec.commandLine().getErr().printf(Locale.ROOT, "wrote %d rows to %s%n", rows, out);
        return MdnCli.EXIT_OK;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.9g", v);
    }
}
