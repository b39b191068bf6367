package org.mdn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;
import org.mdn4j.io.AtomicFiles;
import org.mdn4j.io.Model;
import org.mdn4j.io.ModelFile;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.mixture.ExactMode;
import org.mdn4j.mixture.GaussianMixture;
import org.mdn4j.mixture.IsotropicMixture;
import org.mdn4j.mixture.Predictor;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ModelType;
import org.mdn4j.plot.Figures;
import org.mdn4j.train.EpochListener;
import org.mdn4j.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The seed end to end: generate the toy data (N = 300), train the L2 baseline (1-6-6-1, sigmoid "
                + "then softplus, Adam lr 0.1 forward and 0.05 inverse, 2000 full-batch epochs) on toy and "
                + "toy-inverse and the MDN (K = 3, hidden 5,5 relu, lr 0.001, 5000 full-batch epochs) on "
                + "toy-inverse, and write to --out DIR:",
                "  forward-l2.mdn, inverse-l2.mdn, inverse-mdn.mdn  the three models",
                "  l2-fits.png  the L2 fits of the forward and the inverse problem (the seed's figure)",
                "  data.png, mixing-coefficients.png, component-means.png, modes.png, density.png  the MDN's "
                + "figures, as 'mdn plot' draws them",
                "  report.txt  final losses; NLL and RMSE on fresh data (N = 1000, seed S+1); how often each "
                + "prediction x^ of the inverse problem is a valid preimage, |x^ + 0.3 sin(2 pi x^) - t| <= 0.1 "
                + "(the noise bound), for the L2 fit, the MDN's mean, approximate mode and exact mode.", "",
                "Example:",
                "  mdn demo --out mdn-demo --seed 19"})
final class DemoCommand implements Callable<Integer> {

    static final int N = 300;
    static final int FRESH_N = 1000;
    /** A prediction x^ is a valid preimage of t when the noise-free map sends it within the noise bound of t. */
    static final double VALID_TOLERANCE = 0.1;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "mdn-demo",
            description = "Directory to write to, made if missing (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "19",
            description = "Seed of the data, the initialisation and the shuffle (default: ${DEFAULT-VALUE}); "
                    + "the fresh evaluation data uses S+1.")
    long seed;

    /** For tests: caps every run's epochs, so the pipeline runs end to end in seconds. */
    @Option(names = "--max-epochs", hidden = true, paramLabel = "E")
    Integer maxEpochs;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (maxEpochs != null && maxEpochs < 1) {
            throw new IllegalArgumentException("--max-epochs must be at least 1, got " + maxEpochs);
        }
        Path dir = OutputDirectory.prepare(out);
        PrintWriter err = spec.commandLine().getErr();
        Kernels kernels = KernelSelector.fromProperty();
        long started = System.nanoTime();

        Dataset toy = ToyData.generate(N, seed, false);
        Dataset inverse = ToyData.generate(N, seed, true);
        int[] l2Hidden = {6, 6};
        Activation[] l2Acts = Training.defaultActivations(ModelType.MLP, 2);
        Training.Trained forward = train("forward-l2.mdn", ModelSpec.mlp(1, 1, l2Hidden, l2Acts), toy, 2000, 0.1f,
                kernels, dir, err);
        Training.Trained inverseL2 = train("inverse-l2.mdn", ModelSpec.mlp(1, 1, l2Hidden, l2Acts), inverse, 2000,
                0.05f, kernels, dir, err);
        Training.Trained mdn = train("inverse-mdn.mdn",
                ModelSpec.mdn(1, 1, 3, new int[] {5, 5}, Training.defaultActivations(ModelType.MDN, 2)), inverse,
                5000, 0.001f, kernels, dir, err);

        List<Path> figures = new ArrayList<>(Figures.plot(mdn.model(), kernels, inverse, dir));
        figures.add(Figures.l2Fits(forward.model(), toy, inverseL2.model(), inverse, kernels, dir.resolve(Figures.L2_FITS)));

        String report = report(forward, inverseL2, mdn, kernels, (System.nanoTime() - started) / 1e9);
        AtomicFiles.writeString(dir.resolve("report.txt"), report);
        spec.commandLine().getOut().print(report);
        spec.commandLine().getOut().flush();
        err.println("wrote 3 models, " + figures.size() + " figures and report.txt to " + dir);
        return MdnCli.EXIT_OK;
    }

    private Training.Trained train(String file, ModelSpec modelSpec, Dataset data, int epochs, float lr, Kernels kernels,
                                   Path dir, PrintWriter err) throws java.io.IOException {
        int e = maxEpochs == null ? epochs : Math.min(epochs, maxEpochs);
        TrainConfig config = TrainConfig.adam(e, N, lr, seed, 1);
        Training.Trained t = Training.train(modelSpec, data, config, kernels, seed, EpochListener.NONE);
        ModelFile.write(t.model(), dir.resolve(file));
        err.printf(Locale.ROOT, "trained %s on %s: %d epochs in %.2f s, final loss %.5f; wrote %s%n", modelSpec,
                data.name(), e, t.result().trainSeconds(), t.result().finalLoss(), file);
        return t;
    }

    /** The report: training, then scores on fresh data. */
    private String report(Training.Trained forward, Training.Trained inverseL2, Training.Trained mdn, Kernels kernels,
                          double seconds) {
        Dataset freshToy = ToyData.generate(FRESH_N, seed + 1, false);
        Dataset freshInverse = ToyData.generate(FRESH_N, seed + 1, true);
        StringBuilder r = new StringBuilder();
        r.append(String.format(Locale.ROOT, "mdn4j demo: the seed's toy problem, N = %d, seed %d, %s kernels%n%n", N,
                seed, kernels.name()));
        r.append("training (final full-batch loss)\n");
        line(r, "forward-l2.mdn   L2 MLP x -> t", forward, "MSE");
        line(r, "inverse-l2.mdn   L2 MLP t -> x", inverseL2, "MSE");
        line(r, "inverse-mdn.mdn  MDN    t -> x", mdn, "nats (mean NLL)");

        r.append(String.format(Locale.ROOT, "%nfresh data (N = %d, seed %d)%n", FRESH_N, seed + 1));
        double[] fwd = predictions(forward.model(), kernels, freshToy)[0];
        r.append(String.format(Locale.ROOT, "  forward L2   rmse %.4f%n", rmse(fwd, freshToy.t())));
        double[] l2 = predictions(inverseL2.model(), kernels, freshInverse)[0];
        r.append(String.format(Locale.ROOT, "  inverse L2   rmse %.4f%n", rmse(l2, freshInverse.t())));
        double[][] m = predictions(mdn.model(), kernels, freshInverse);
        r.append(String.format(Locale.ROOT, "  inverse MDN  nll %.4f nats  rmse_mean %.4f  rmse_mode %.4f  "
                + "rmse_exact_mode %.4f%n", m[3][0], rmse(m[0], freshInverse.t()), rmse(m[1], freshInverse.t()),
                rmse(m[2], freshInverse.t())));

        r.append(String.format(Locale.ROOT, "%nvalid preimages of t on fresh data: |x^ + 0.3 sin(2 pi x^) - t| <= %.1f%n",
                VALID_TOLERANCE));
        float[] t = freshInverse.x();
        valid(r, "inverse L2 fit          ", l2, t);
        valid(r, "MDN conditional mean    ", m[0], t);
        valid(r, "MDN approximate mode    ", m[1], t);
        valid(r, "MDN exact mode          ", m[2], t);
        r.append(String.format(Locale.ROOT, "%ntotal %.1f s%n", seconds));
        return r.toString();
    }

    private static void line(StringBuilder r, String what, Training.Trained t, String unit) {
        r.append(String.format(Locale.ROOT, "  %s  %5d epochs  %.5f %s  (%.2f s)%n", what, t.result().totalEpochs(),
                t.result().finalLoss(), unit, t.result().trainSeconds()));
    }

    private static void valid(StringBuilder r, String what, double[] xHat, float[] t) {
        int ok = 0;
        for (int i = 0; i < t.length; i++) {
            double x = xHat[i];
            if (Math.abs(x + 0.3 * Math.sin(2 * Math.PI * x) - t[i]) <= VALID_TOLERANCE) {
                ok++;
            }
        }
        r.append(String.format(Locale.ROOT, "  %s %5.1f%%  (%d of %d)%n", what, 100.0 * ok / t.length, ok, t.length));
    }

    static double rmse(double[] p, float[] y) {
        double se = 0;
        for (int i = 0; i < y.length; i++) {
            se += (p[i] - y[i]) * (p[i] - y[i]);
        }
        return Math.sqrt(se / y.length);
    }

    /**
     * Per row: the mean (an MLP's output), and for an MDN also the approximate mode, the exact mode,
     * and {mean NLL} as a fourth one-element array.
     */
    static double[][] predictions(Model model, Kernels kernels, Dataset d) {
        Predictor p = new Predictor(model, kernels);
        ModelSpec s = model.spec();
        int n = d.size();
        int w = p.outputs();
        float[] heads = new float[n * w];
        p.outputs(d.x(), 0, n, heads, 0);
        double[] mean = new double[n];
        if (s.type() == ModelType.MLP) {
            for (int i = 0; i < n; i++) {
                mean[i] = heads[i * w];
            }
            return new double[][] {mean};
        }
        int k = s.components();
        double[] mode = new double[n];
        double[] exact = new double[n];
        double[] pi = new double[k];
        double[] one = new double[1];
        double[] oneMode = new double[1];
        double nll = 0;
        for (int i = 0; i < n; i++) {
            int row = i * w;
            IsotropicMixture.meanAndMode(heads, row, 1, k, 1, pi, one, oneMode);
            mean[i] = one[0];
            mode[i] = oneMode[0];
            exact[i] = ExactMode.of(GaussianMixture.fromHead(heads, row, 1, k, 1, s.logSigmaFloor()))[0];
            nll -= IsotropicMixture.logDensity(heads, row, 1, k, 1, d.t(), i, s.logSigmaFloor());
        }
        return new double[][] {mean, mode, exact, {nll / n}};
    }
}
