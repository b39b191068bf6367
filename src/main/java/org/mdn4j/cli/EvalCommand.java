package org.mdn4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mdn4j.data.Dataset;
import org.mdn4j.mixture.IsotropicMixture;
import org.mdn4j.mixture.Predictor;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ModelType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score a model on data: mean NLL per sample (nats), and the RMSE of the conditional "
                + "mean and of the approximate mode.", "",
                "Example (held-out data from another seed):",
                "  mdn eval --model model.mdn --data toy-inverse --seed 7 --json"})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions options = new ModelOptions();

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

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
        double nll = 0;
        double seMean = 0;
        double seMode = 0;
        double[] pi = new double[Math.max(1, s.components())];
        double[] mean = new double[l];
        double[] mode = new double[l];
        for (int i = 0; i < n; i++) {
            int row = i * width;
            if (s.type() == ModelType.MDN) {
                int k = s.components();
                IsotropicMixture.weights(out, row, 1, k, pi);
                IsotropicMixture.mean(out, row, 1, k, l, pi, mean);
                IsotropicMixture.approximateMode(out, row, 1, k, l, pi, mode);
                nll -= IsotropicMixture.logDensity(out, row, 1, k, l, t, i * l, s.logSigmaFloor());
            } else {
                for (int j = 0; j < l; j++) {
                    mean[j] = out[row + j];
                    mode[j] = mean[j];
                }
            }
            for (int j = 0; j < l; j++) {
                double y = t[i * l + j];
                seMean += (mean[j] - y) * (mean[j] - y);
                seMode += (mode[j] - y) * (mode[j] - y);
            }
        }
        double rmseMean = Math.sqrt(seMean / ((double) n * l));
        double rmseMode = Math.sqrt(seMode / ((double) n * l));
        double meanNll = s.type() == ModelType.MDN ? nll / n : Double.NaN;
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(new Json().put("nll", meanNll).put("n", n).put("rmse_mean", rmseMean).put("rmse_mode", rmseMode));
        } else {
            o.printf(Locale.ROOT, "n %d  nll %s  rmse_mean %.6f  rmse_mode %.6f%n", n,
                    Double.isNaN(meanNll) ? "n/a (not an MDN)" : String.format(Locale.ROOT, "%.6f", meanNll),
                    rmseMean, rmseMode);
        }
        return MdnCli.EXIT_OK;
    }
}
