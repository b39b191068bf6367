package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.mixture.ExactMode;
import org.mdn4j.mixture.GaussianMixture;
import org.mdn4j.mixture.MarginalDistribution;

/** {@code mdn predict --exact-mode --quantiles --samples --temperature --sample-seed}. */
class PredictDistributionTest {

    @TempDir
    static Path dir;
    static Path mdn;
    static Path mlp;
    static Path twoTargets;

    @BeforeAll
    static void train() throws Exception {
        mdn = dir.resolve("mdn.mdn");
        mlp = dir.resolve("mlp.mdn");
        twoTargets = dir.resolve("two.mdn");
        Cli.run("train", "--data", "toy-inverse", "--epochs", "50", "--quiet", "--out", mdn.toString()).ok();
        Cli.run("train", "--data", "toy", "--model", "mlp", "--hidden", "4", "--epochs", "5", "--quiet",
                "--out", mlp.toString()).ok();
        StringBuilder csv = new StringBuilder("x,a,b\n");
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            double x = rng.nextDouble();
            csv.append(x).append(',').append(Math.sin(3 * x) + 0.1 * rng.nextGaussian()).append(',')
                    .append(x * x + 0.1 * rng.nextGaussian()).append('\n');
        }
        Path data = dir.resolve("two.csv");
        Files.writeString(data, csv);
        // unscaled, so the columns are the isotropic mixture itself (StandardizeCommandTest covers a scaler)
        Cli.run("train", "--data", data.toString(), "--targets", "a,b", "--components", "2", "--epochs", "20",
                "--standardize", "none", "--quiet", "--out", twoTargets.toString()).ok();
    }

    private static Cli.Table predict(Path model, String name, String... extra) throws Exception {
        Path csv = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--data", "toy-inverse",
                "--out", csv.toString()));
        args.addAll(Arrays.asList(extra));
        Cli.run(args.toArray(String[]::new)).ok();
        return Cli.readCsv(csv);
    }

    /** The row's mixture, rebuilt from its pi.k, mu.k.t and sigma.k columns. */
    private static GaussianMixture mixture(Cli.Table t, double[] row, int k, String... targets) {
        double[] pi = new double[k];
        double[] mu = new double[k * targets.length];
        double[] sigma = new double[k];
        double sum = 0;
        for (int c = 0; c < k; c++) {
            pi[c] = row[t.column("pi." + c)];
            sum += pi[c];
            sigma[c] = row[t.column("sigma." + c)];
            for (int d = 0; d < targets.length; d++) {
                mu[c * targets.length + d] = row[t.column("mu." + c + "." + targets[d])];
            }
        }
        for (int c = 0; c < k; c++) {
            pi[c] /= sum; // the printed π are rounded to 9 digits
        }
        return new GaussianMixture(pi, mu, sigma);
    }

    @Test
    void exactModeAndQuantilesPerRow() throws Exception {
        Cli.Table t = predict(mdn, "dist.csv", "--exact-mode", "--quantiles", "0.05,0.5,0.95");
        List<String> header = t.header();
        assertEquals(List.of("sigma.2", "exactmode.x", "q0.05.x", "q0.5.x", "q0.95.x"),
                header.subList(header.indexOf("sigma.2"), header.size()));
        double worstMode = 0;
        double worstQuantile = 0;
        for (double[] row : t.rows()) {
            GaussianMixture m = mixture(t, row, 3, "x");
            double exact = row[t.column("exactmode.x")];
            double approx = row[t.column("mode.x")];
            assertTrue(m.logDensity(new double[] {exact}) >= m.logDensity(new double[] {approx}) - 1e-6,
                    "the exact mode is at least as dense as the approximate one");
            worstMode = Math.max(worstMode, Math.abs(exact - ExactMode.of(m)[0]));
            MarginalDistribution marginal = new MarginalDistribution(m, 0);
            for (String p : List.of("0.05", "0.5", "0.95")) {
                double q = row[t.column("q" + p + ".x")];
                worstQuantile = Math.max(worstQuantile, Math.abs(marginal.cdf(q) - Double.parseDouble(p)));
            }
            assertTrue(row[t.column("q0.05.x")] < row[t.column("q0.5.x")]
                    && row[t.column("q0.5.x")] < row[t.column("q0.95.x")], "quantiles increase");
        }
        System.out.printf("CLI: |exactmode - API| max %.2e, |F(q) - p| max %.2e%n", worstMode, worstQuantile);
        assertTrue(worstMode < 1e-5, "exact mode as the API finds it: " + worstMode);
        assertTrue(worstQuantile < 1e-6, "F(q_p) = p: " + worstQuantile);
    }

    @Test
    void samplesComeFromEachRowsOwnMixture() throws Exception {
        int n = 200;
        Cli.Table t = predict(mdn, "samples.csv", "--samples", String.valueOf(n), "--sample-seed", "5");
        List<String> header = t.header();
        assertEquals("sample0.x", header.get(header.indexOf("sigma.2") + 1));
        assertEquals("sample199.x", header.getLast());
        // Standardised by each row's own mean and variance, all 60,000 samples have mean 0 and
        // variance 1; samples from the wrong rows' mixtures would not.
        double sum = 0;
        double sumSq = 0;
        for (double[] row : t.rows()) {
            double mean = row[t.column("mean.x")];
            double sd = Math.sqrt(row[t.column("var.x")]);
            for (int i = 0; i < n; i++) {
                double z = (row[t.column("sample" + i + ".x")] - mean) / sd;
                sum += z;
                sumSq += z * z;
            }
        }
        int total = n * t.rows().size();
        double zMean = sum / total * Math.sqrt(total);
        double var = sumSq / total;
        System.out.printf("CLI samples: mean z-score %.3f, variance of standardised samples %.4f%n", zMean, var);
        assertTrue(Math.abs(zMean) < 3, "mean " + zMean);
        assertEquals(1, var, 0.03, "variance");
    }

    @Test
    void samplesAreSeededAndTempered() throws Exception {
        String[] flags = {"--samples", "3", "--sample-seed", "11", "--n", "20"};
        Cli.Table a = predict(mdn, "a.csv", flags);
        Cli.Table b = predict(mdn, "b.csv", flags);
        Cli.Table otherSeed = predict(mdn, "c.csv", "--samples", "3", "--sample-seed", "12", "--n", "20");
        Cli.Table cold = predict(mdn, "d.csv", "--samples", "3", "--sample-seed", "11", "--n", "20",
                "--temperature", "0.01");
        assertEquals(Files.readString(dir.resolve("a.csv")), Files.readString(dir.resolve("b.csv")), "reproducible");
        int s0 = a.column("sample0.x");
        for (int r = 0; r < 20; r++) {
            assertArrayEquals(a.rows().get(r), otherSeed.rows().get(r), 0, s0, "only the samples change");
            assertNotEquals(a.rows().get(r)[s0], otherSeed.rows().get(r)[s0]);
            double[] row = cold.rows().get(r);
            double sigmaMax = Math.max(row[cold.column("sigma.0")],
                    Math.max(row[cold.column("sigma.1")], row[cold.column("sigma.2")]));
            for (int i = 0; i < 3; i++) {
                // At T = 0.01 nearly every draw comes from a component with σ/10 spread around its mean.
                double nearest = Double.POSITIVE_INFINITY;
                for (int c = 0; c < 3; c++) {
                    nearest = Math.min(nearest, Math.abs(row[cold.column("sample" + i + ".x")]
                            - row[cold.column("mu." + c + ".x")]));
                }
                assertTrue(nearest < 0.6 * sigmaMax, "a cold sample stays near a mean");
            }
        }
        assertTrue(cold.rows().size() == 20);
    }

    private static void assertArrayEquals(double[] a, double[] b, int from, int to, String message) {
        assertEquals(Arrays.toString(Arrays.copyOfRange(a, from, to)), Arrays.toString(Arrays.copyOfRange(b, from, to)),
                message);
    }

    @Test
    void twoTargetsNameEveryColumn() throws Exception {
        Path csv = dir.resolve("two-pred.csv");
        Cli.run("predict", "--model", twoTargets.toString(), "--data", dir.resolve("two.csv").toString(),
                "--exact-mode", "--quantiles", "0.1,0.9", "--samples", "2", "--out", csv.toString()).ok();
        Cli.Table t = Cli.readCsv(csv);
        List<String> header = t.header();
        assertEquals(List.of("exactmode.a", "exactmode.b", "q0.1.a", "q0.1.b", "q0.9.a", "q0.9.b", "sample0.a",
                "sample0.b", "sample1.a", "sample1.b"), header.subList(header.indexOf("sigma.1") + 1, header.size()));
        for (double[] row : t.rows()) {
            GaussianMixture m = mixture(t, row, 2, "a", "b");
            double[] exact = {row[t.column("exactmode.a")], row[t.column("exactmode.b")]};
            double[] approx = {row[t.column("mode.a")], row[t.column("mode.b")]};
            assertTrue(m.logDensity(exact) >= m.logDensity(approx) - 1e-6);
        }
    }

    @Test
    void helpNamesTheColumns() {
        String help = Cli.run("predict", "--help").ok().out();
        for (String s : List.of("exactmode.<t>", "q<p>.<t>", "sample<i>.<t>", "--sample-seed", "--temperature",
                "sigma*sqrt(T)")) {
            assertTrue(help.contains(s), "help mentions " + s + ":\n" + help);
        }
    }

    /** Bad values: exit 2, one line, and no file written. */
    @ParameterizedTest(name = "predict {0}")
    @CsvSource(delimiter = '|', value = {
            "--samples 2 --temperature 0      | --temperature must be a positive number",
            "--samples 2 --temperature -1     | --temperature must be a positive number",
            "--samples 2 --temperature NaN    | --temperature must be a positive number",
            "--samples -1                     | --samples must be at least 0",
            "--temperature 2                  | --temperature and --sample-seed apply to --samples",
            "--sample-seed 3                  | --temperature and --sample-seed apply to --samples",
            "--quantiles 0                    | --quantiles: 0 is outside (0, 1)",
            "--quantiles 0.5,1                | --quantiles: 1 is outside (0, 1)",
            "--quantiles 0.5,abc              | --quantiles: 'abc' is not a number",
            "--quantiles 0.5,,0.9             | --quantiles: empty entry in '0.5,,0.9'",
            "--quantiles 0.5,0.50             | --quantiles: 0.50 is given twice",
    })
    void badValues(String options, String message) {
        Path out = dir.resolve("never.csv");
        List<String> args = new ArrayList<>(List.of("predict", "--model", mdn.toString(), "--data", "toy-inverse",
                "--out", out.toString()));
        args.addAll(Arrays.asList(options.split(" ")));
        Cli.run(args.toArray(String[]::new)).badInputOneLine(message);
        assertFalse(Files.exists(out), "no file written");
    }

    @Test
    void badValuesPicocliCatches() {
        Path out = dir.resolve("never.csv");
        Cli.run("predict", "--model", mdn.toString(), "--data", "toy-inverse", "--out", out.toString(),
                "--samples", "2", "--temperature", "warm").badInput("--temperature");
        Cli.run("predict", "--model", mdn.toString(), "--data", "toy-inverse", "--out", out.toString(),
                "--quantiles", "").badInputOneLine("--quantiles: empty entry");
        Cli.run("predict", "--model", mlp.toString(), "--data", "toy", "--out", out.toString(), "--exact-mode")
                .badInputOneLine("need an MDN model");
        assertFalse(Files.exists(out), "no file written");
    }
}
