package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's argument, end to end through the CLI: the L2 baseline (MLP 1-6(sigmoid)-6(softplus)-1,
 * Adam, 2000 full-batch epochs) fits the forward toy problem but not its inverse, and the MDN's
 * approximate mode lands on a branch of the inverse where the MLP averages across branches.
 *
 * <p>Measured with seed 1 (seeds 2 and 3 in brackets), simd kernels, HEAD dfe70ec:
 * <ul>
 * <li>MLP on {@code toy}, lr 0.1: final MSE 0.00336 (0.00310, 0.00969: seed 3 ends well above
 *     the other two); eval RMSE 0.058 (0.056, 0.098).</li>
 * <li>MLP on {@code toy-inverse}, lr 0.05: final MSE 0.0357 (0.0377, 0.0428), about 10× the
 *     forward one; eval RMSE 0.189 (0.194, 0.207).</li>
 * <li>MDN (5000 epochs) on {@code toy-inverse}: final NLL −0.917 (−0.970, −0.964); eval RMSE of
 *     the conditional mean 0.208 (0.204, 0.221), of the approximate mode 0.209 (0.218, 0.273).</li>
 * <li>Forward residual {@code RMS(x̂ + 0.3 sin 2πx̂ − t)} of the prediction x̂ for the input t:
 *     MDN mode 0.029 (0.020, 0.021), MDN mean 0.173 (0.156, 0.192), MLP 0.118 (0.117, 0.124).</li>
 * </ul>
 * The RMSE against the sampled targets cannot show the MDN's advantage: on a multi-valued
 * inverse the conditional mean minimises squared error, so the MLP (which learns that mean) scores
 * the lowest RMSE and the MDN's mode, on the right branch or the wrong one, scores about the same
 * or worse. What shows it is whether the prediction is a valid preimage: the mode's residual is
 * within the data's noise (σ of U(−0.1, 0.1) is 0.058), the L2 fit's is not.
 */
class BaselineComparisonTest {

    @TempDir
    Path dir;

    private Map<String, String> train(String... args) {
        return Cli.json(Cli.run(concat(concat(new String[] {"train"}, args), "--quiet", "--json", "--seed", "1"))
                .ok().out());
    }

    private Map<String, String> eval(Path model, String data) {
        return Cli.json(Cli.run("eval", "--model", model.toString(), "--data", data, "--seed", "1", "--json").ok().out());
    }

    /** RMS of {@code x̂ + 0.3 sin(2πx̂) − t} over the predictions in {@code column}. */
    private double forwardResidual(Path model, String column) throws Exception {
        Path csv = dir.resolve("pred-" + model.getFileName() + ".csv");
        Cli.run("predict", "--model", model.toString(), "--data", "toy-inverse", "--seed", "1", "--out", csv.toString())
                .ok();
        Cli.Table t = Cli.readCsv(csv);
        int in = t.column("t");
        int out = t.column(column);
        double se = 0;
        for (double[] row : t.rows()) {
            double x = row[out];
            double r = x + 0.3 * Math.sin(2 * Math.PI * x) - row[in];
            se += r * r;
        }
        return Math.sqrt(se / t.rows().size());
    }

    @Test
    void l2FitsTheForwardProblemButNotTheInverseWhereTheMdnDoes() throws Exception {
        Path fwd = dir.resolve("fwd.mdn");
        Path inv = dir.resolve("inv.mdn");
        Path mdn = dir.resolve("mdn.mdn");
        String[] mlp = {"--model", "mlp", "--hidden", "6,6", "--epochs", "2000"};
        double fwdMse = Cli.number(train(concat(mlp, "--data", "toy", "--lr", "0.1", "--out", fwd.toString())),
                "final_loss");
        double invMse = Cli.number(train(concat(mlp, "--data", "toy-inverse", "--lr", "0.05", "--out", inv.toString())),
                "final_loss");
        String figures = String.format(java.util.Locale.ROOT, "forward MSE %.5f, inverse MSE %.5f", fwdMse, invMse);
        assertTrue(fwdMse < 0.01, "the L2 fit of the forward problem (measured 0.0034): " + figures);
        assertTrue(invMse > 0.02 && invMse > 3 * fwdMse, "the L2 fit fails the inverse (measured 0.036): " + figures);

        double mdnNll = Cli.number(train("--data", "toy-inverse", "--out", mdn.toString()), "final_loss");
        Map<String, String> mdnEval = eval(mdn, "toy-inverse");
        Map<String, String> mlpEval = eval(inv, "toy-inverse");
        double mdnMean = Cli.number(mdnEval, "rmse_mean");
        double mlpRmse = Cli.number(mlpEval, "rmse_mean");
        figures += String.format(java.util.Locale.ROOT, ", MDN NLL %.4f, RMSE of MDN mean %.4f, mode %.4f, MLP %.4f",
                mdnNll, mdnMean, Cli.number(mdnEval, "rmse_mode"), mlpRmse);
        assertTrue(mdnNll <= -0.80, "the MDN fits the inverse (measured -0.917): " + figures);
        assertTrue(Math.abs(mdnMean - mlpRmse) < 0.05,
                "the MDN's conditional mean scores like the L2 fit, which estimates the same mean: " + figures);

        double modeResidual = forwardResidual(mdn, "mode.x");
        double mlpResidual = forwardResidual(inv, "mean.x");
        figures += String.format(java.util.Locale.ROOT, ", forward residual of MDN mode %.4f, MLP %.4f",
                modeResidual, mlpResidual);
        assertTrue(modeResidual < 0.05, "the MDN's mode is a valid preimage (measured 0.029): " + figures);
        assertTrue(mlpResidual > 0.08 && mlpResidual > 3 * modeResidual,
                "the L2 fit lands between branches (measured 0.118): " + figures);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
