package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;
import org.mdn4j.io.CheckpointFile;
import org.mdn4j.io.ModelFile;
import org.mdn4j.mixture.GaussianMixture;
import org.mdn4j.mixture.MarginalDistribution;

/**
 * {@code mdn train --standardize}: a data file is standardised by default and the model answers in
 * the data's units. The same data in other units (×1e3, +1e4) give the same model up to float
 * rounding, so everything {@code mdn eval} and {@code mdn predict} say moves with the units: the NLL
 * by +log(1e3) per target (the Jacobian: densities over t spread 1e3 times wider are 1e3 times
 * lower), locations by ×1e3 + 1e4, spreads by ×1e3, variances by
 * ×1e6, CRPS by ×1e3, while PIT and coverage stay.
 */
class StandardizeCommandTest {

    private static final double SCALE = 1e3;
    private static final double SHIFT = 1e4;

    @TempDir
    static Path dir;
    static Path unitCsv;
    static Path scaledCsv;
    static Path unitModel;
    static Path scaledModel;

    /** The seed's inverse problem as a CSV, each value v written as (float) (v·scale + shift). */
    static Path csv(String name, double scale, double shift) throws Exception {
        return csvIn(dir, name, scale, shift);
    }

    static Path csvIn(Path dir, String name, double scale, double shift) throws Exception {
        Dataset d = ToyData.generate(300, 19, true);
        StringBuilder s = new StringBuilder("t,x\n");
        for (int i = 0; i < d.size(); i++) {
            s.append(Float.toString((float) (d.x()[i] * scale + shift))).append(',')
                    .append(Float.toString((float) (d.t()[i] * scale + shift))).append('\n');
        }
        Path f = dir.resolve(name);
        Files.writeString(f, s, StandardCharsets.UTF_8);
        return f;
    }

    /** {@code mdn train} on a CSV file for {@code epochs} (lr 0.01, batch 100), plus {@code more}. */
    static Cli.Result train(Path csv, Path model, int epochs, String... more) {
        return Cli.run(Cli.concat(new String[] {"train", "--data", csv.toString(), "--epochs", Integer.toString(epochs),
            "--lr", "0.01", "--batch", "100", "--quiet", "--out", model.toString()}, more));
    }

    static Path train(Path csv, String out, int epochs, String... more) {
        Path model = dir.resolve(out);
        train(csv, model, epochs, more).ok();
        return model;
    }

    @BeforeAll
    static void trainBoth() throws Exception {
        unitCsv = csv("unit.csv", 1, 0);
        scaledCsv = csv("scaled.csv", SCALE, SHIFT);
        unitModel = train(unitCsv, "unit.mdn", 200);
        scaledModel = train(scaledCsv, "scaled.mdn", 200);
    }

    private static Map<String, String> eval(Path model, Path csv) {
        return Cli.json(Cli.run("eval", "--model", model.toString(), "--data", csv.toString(), "--json").ok().out());
    }

    @Test
    void dataFilesAreStandardisedByDefaultAndBuiltInDataAreNot() throws Exception {
        assertNotNull(ModelFile.read(unitModel).scaler(), "a CSV file is standardised by default");
        assertEquals("on", ModelFile.read(unitModel).metadata().get("standardize"));
        Path builtIn = dir.resolve("toy.mdn");
        Cli.run("train", "--data", "toy-inverse", "--epochs", "2", "--quiet", "--out", builtIn.toString()).ok();
        assertNull(ModelFile.read(builtIn).scaler(), "built-in data are not, so they reproduce the seed");
        Path off = train(unitCsv, "off.mdn", 2, "--standardize", "none");
        assertNull(ModelFile.read(off).scaler(), "--standardize none");
        Path on = dir.resolve("toy-on.mdn");
        Cli.run("train", "--data", "toy-inverse", "--epochs", "2", "--standardize", "on", "--quiet", "--out",
                on.toString()).ok();
        assertNotNull(ModelFile.read(on).scaler(), "--standardize on");
    }

    @Test
    void theScalerIsTheTrainingDataMeanAndPopulationStd() throws Exception {
        Dataset d = ToyData.generate(300, 19, true);
        var sc = ModelFile.read(unitModel).scaler();
        double mean = 0;
        for (float v : d.t()) {
            mean += v;
        }
        mean /= d.size();
        double var = 0;
        for (float v : d.t()) {
            var += (v - mean) * (v - mean);
        }
        assertEquals((float) mean, sc.tMean()[0]);
        assertEquals((float) Math.sqrt(var / d.size()), sc.tStd()[0]);
    }

    @Test
    void nllShiftsByTheJacobianAndCalibrationMovesWithTheUnits() {
        Map<String, String> unit = eval(unitModel, unitCsv);
        Map<String, String> scaled = eval(scaledModel, scaledCsv);
        double nll = Cli.number(unit, "nll");
        assertTrue(nll < -0.3, "the unit model learnt something: " + nll);
        // one target: log-densities over the scaled data are lower by log(1e3), so the NLL is higher
        System.out.printf("nll unit data %.9f, scaled data %.9f, difference %.9f (log 1e3 = %.9f)%n", nll,
                Cli.number(scaled, "nll"), Cli.number(scaled, "nll") - nll, Math.log(SCALE));
        assertEquals(nll + Math.log(SCALE), Cli.number(scaled, "nll"), 1e-4);
        assertEquals(Cli.number(unit, "nll_gaussian_baseline") + Math.log(SCALE),
                Cli.number(scaled, "nll_gaussian_baseline"), 1e-4);
        assertEquals(SCALE * Cli.number(unit, "rmse_mean"), Cli.number(scaled, "rmse_mean"),
                2e-3 * SCALE * Cli.number(unit, "rmse_mean"));
        assertEquals(SCALE * Cli.number(unit, "crps"), Cli.number(scaled, "crps"),
                2e-3 * SCALE * Cli.number(unit, "crps"));
        for (String level : new String[] {"coverage_50", "coverage_90", "coverage_95"}) {
            // one target: a one-element array
            assertEquals(Double.parseDouble(unit.get(level).replaceAll("[\\[\\]]", "")),
                    Double.parseDouble(scaled.get(level).replaceAll("[\\[\\]]", "")), 2.0 / 300, level);
        }
    }

    @Test
    void predictionsAreInTheDataUnits() throws Exception {
        Path a = dir.resolve("unit-pred.csv");
        Path b = dir.resolve("scaled-pred.csv");
        String[] extra = {"--exact-mode", "--quantiles", "0.1,0.9", "--samples", "2", "--sample-seed", "5"};
        Cli.run(Cli.concat(new String[] {"predict", "--model", unitModel.toString(), "--data", unitCsv.toString(), "--out",
            a.toString()}, extra)).ok();
        Cli.run(Cli.concat(new String[] {"predict", "--model", scaledModel.toString(), "--data", scaledCsv.toString(),
            "--out", b.toString()}, extra)).ok();
        Cli.Table ta = Cli.readCsv(a);
        Cli.Table tb = Cli.readCsv(b);
        assertEquals(ta.header(), tb.header());
        for (String col : ta.header()) {
            double scale = col.startsWith("var.") ? SCALE * SCALE : col.startsWith("pi.") ? 1 : SCALE;
            double shift = col.startsWith("var.") || col.startsWith("sigma.") || col.startsWith("pi.") ? 0 : SHIFT;
            int c = ta.column(col);
            // The approximate and exact mode and the samples jump between branches where two components nearly
            // tie, so float rounding may move a few rows to the other branch; every other column moves smoothly.
            boolean jumps = col.startsWith("mode.") || col.startsWith("exactmode.") || col.startsWith("sample");
            int jumped = 0;
            for (int row = 0; row < ta.rows().size(); row++) {
                final int i = row;
                double expected = ta.rows().get(i)[c] * scale + shift;
                double got = tb.rows().get(i)[c];
                // absolute: the scaled run differs by float rounding of its data, ~1e-3 of the unit data's spread;
                // the variance, a second moment, amplifies that: 200 epochs from data that differ in the last bits
                // end 0.07% to 1.1% apart in variance depending on the kernels' rounding (measured), so it gets 2%,
                // still far below the 1e6 that a variance left in standardised units would be off by
                double tolerance = col.startsWith("pi.") ? 2e-3 : col.startsWith("var.") ? 2e-2 * scale * Math.max(
                        ta.rows().get(i)[c], 1e-3) : 3e-3 * scale;
                if (jumps && Math.abs(expected - got) > tolerance) {
                    jumped++;
                    continue;
                }
                assertEquals(expected, got, tolerance, () -> col + " row " + i);
            }
            assertTrue(jumped <= ta.rows().size() / 100, col + ": " + jumped + " rows on another branch");
        }
        assertTrue(ta.header().contains("exactmode.x") && ta.header().contains("q0.9.x")
                && ta.header().contains("sample1.x") && ta.header().contains("sigma.0"), ta.header().toString());
    }

    @Test
    void severalTargetsGetOneSigmaPerTargetConsistentWithTheirMeanVarianceAndQuantiles() throws Exception {
        // two targets in very different units: one σ per component in the network's units is two in the data's
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder s = new StringBuilder("x,a,b\n");
        for (int i = 0; i < 200; i++) {
            double x = rng.nextDouble();
            s.append(x).append(',').append(1e-3 * Math.sin(6 * x) + 1e-4 * rng.nextGaussian()).append(',')
                    .append(500 + 80 * x + 20 * rng.nextGaussian()).append('\n');
        }
        Path csv = dir.resolve("two.csv");
        Files.writeString(csv, s);
        Path model = dir.resolve("two.mdn");
        Cli.run("train", "--data", csv.toString(), "--targets", "a,b", "--components", "2", "--epochs", "30",
                "--quiet", "--out", model.toString()).ok();
        var scaler = ModelFile.read(model).scaler();
        Path pred = dir.resolve("two-pred.csv");
        Cli.run("predict", "--model", model.toString(), "--data", csv.toString(), "--quantiles", "0.25",
                "--out", pred.toString()).ok();
        Cli.Table t = Cli.readCsv(pred);
        for (double[] row : t.rows()) {
            double ratio = row[t.column("sigma.1.b")] / row[t.column("sigma.1.a")];
            assertEquals(scaler.tStd()[1] / scaler.tStd()[0], ratio, 1e-6 * ratio);
            for (String target : new String[] {"a", "b"}) {
                // target's marginal in the data's units, rebuilt from the columns
                double[] pi = {row[t.column("pi.0")], row[t.column("pi.1")]};
                double[] mu = {row[t.column("mu.0." + target)], row[t.column("mu.1." + target)]};
                double[] sigma = {row[t.column("sigma.0." + target)], row[t.column("sigma.1." + target)]};
                double sum = pi[0] + pi[1];
                GaussianMixture m = new GaussianMixture(new double[] {pi[0] / sum, pi[1] / sum}, mu, sigma);
                double mean = m.mean()[0];
                double var = 0;
                for (int c = 0; c < 2; c++) {
                    var += m.pi(c) * (sigma[c] * sigma[c] + (mu[c] - mean) * (mu[c] - mean));
                }
                double spread = Math.sqrt(var);
                assertEquals(mean, row[t.column("mean." + target)], 1e-6 * spread, target);
                assertEquals(var, row[t.column("var." + target)], 1e-5 * var, target);
                assertEquals(new MarginalDistribution(m, 0).quantile(0.25), row[t.column("q0.25." + target)],
                        1e-5 * spread, target);
            }
        }
    }

    @Test
    void anMlpAnswersInTheDataUnitsToo() throws Exception {
        Path unit = train(unitCsv, "unit-mlp.mdn", 100, "--model", "mlp", "--hidden", "6");
        Path scaled = train(scaledCsv, "scaled-mlp.mdn", 100, "--model", "mlp", "--hidden", "6");
        Path a = dir.resolve("unit-mlp.csv");
        Path b = dir.resolve("scaled-mlp.csv");
        Cli.run("predict", "--model", unit.toString(), "--data", unitCsv.toString(), "--out", a.toString()).ok();
        Cli.run("predict", "--model", scaled.toString(), "--data", scaledCsv.toString(), "--out", b.toString()).ok();
        Cli.Table ta = Cli.readCsv(a);
        Cli.Table tb = Cli.readCsv(b);
        int c = ta.column("mean.x");
        for (int i = 0; i < ta.rows().size(); i++) {
            assertEquals(ta.rows().get(i)[c] * SCALE + SHIFT, tb.rows().get(i)[c], 3e-3 * SCALE, "row " + i);
        }
        assertEquals(SCALE * Cli.number(eval(unit, unitCsv), "rmse_mean"), Cli.number(eval(scaled, scaledCsv),
                "rmse_mean"), 2e-3 * SCALE * Cli.number(eval(unit, unitCsv), "rmse_mean"));
    }

    @Test
    void exportImportKeepsTheScalerAndThePredictionsBitForBit() throws Exception {
        Path json = dir.resolve("scaled.json");
        Path back = dir.resolve("back.mdn");
        Cli.run("export", "--model", scaledModel.toString(), "--out", json.toString()).ok();
        assertTrue(Files.readString(json).contains("\"t_std\""), "the JSON carries the scaler");
        Cli.run("import", "--json", json.toString(), "--out", back.toString()).ok();
        Path p1 = dir.resolve("p1.csv");
        Path p2 = dir.resolve("p2.csv");
        Cli.run("predict", "--model", scaledModel.toString(), "--data", scaledCsv.toString(), "--exact-mode",
                "--out", p1.toString()).ok();
        Cli.run("predict", "--model", back.toString(), "--data", scaledCsv.toString(), "--exact-mode",
                "--out", p2.toString()).ok();
        assertArrayEquals(Files.readAllBytes(p1), Files.readAllBytes(p2));
    }

    @Test
    void infoShowsTheScaler() {
        String text = Cli.run("info", scaledModel.toString()).ok().out();
        assertTrue(text.contains("scaler       x_mean ["), text);
        assertTrue(text.contains("t_std ["), text);
        assertTrue(Cli.run("info", scaledModel.toString(), "--json").ok().out().contains("\"scaler\": {\"x_mean\": ["));
        Path off = train(unitCsv, "info-off.mdn", 1, "--standardize", "none");
        assertTrue(Cli.run("info", off.toString()).ok().out().contains("scaler       none"));
        assertTrue(Cli.run("info", off.toString(), "--json").ok().out().contains("\"scaler\": null"));
    }

    @Test
    void plotDrawsAStandardisedModel() throws Exception {
        Path figures = dir.resolve("figures");
        Cli.run("plot", "--model", scaledModel.toString(), "--data", scaledCsv.toString(), "--out", figures.toString())
                .ok();
        assertEquals(5, Cli.listing(figures).size(), Cli.listing(figures).toString());
    }

    @Test
    void resumingKeepsTheScalerAndRefusesAnotherStandardisation() throws Exception {
        Path straight = train(scaledCsv, "straight.mdn", 40);
        Path ck = dir.resolve("run.ckpt");
        train(scaledCsv, "partial.mdn", 30, "--checkpoint", ck.toString(), "--checkpoint-every", "20");
        assertEquals(ModelFile.read(straight).scaler(), CheckpointFile.read(ck).scaler(), "the checkpoint's scaler");
        Path resumed = train(scaledCsv, "resumed.mdn", 40, "--resume", ck.toString());
        assertEquals(ModelFile.read(straight).scaler(), ModelFile.read(resumed).scaler());
        assertArrayEquals(ResumeCommandTest.bits(ModelFile.read(straight).parameters()),
                ResumeCommandTest.bits(ModelFile.read(resumed).parameters()));
        train(scaledCsv, dir.resolve("never.mdn"), 40, "--standardize", "none", "--resume", ck.toString())
                .badInputOneLine("--standardize none (checkpoint: on)");
    }

    @Test
    void aConstantColumnIsCentredWithANote() throws Exception {
        Path f = dir.resolve("constant.csv");
        Files.writeString(f, "a,b,t\n1,5,0.5\n2,5,0.7\n3,5,0.1\n");
        Path m = dir.resolve("constant.mdn");
        Cli.Result r = Cli.run("train", "--data", f.toString(), "--epochs", "3", "--quiet", "--out", m.toString()).ok();
        assertEquals(f + ": column 'b' is constant (5.0); it is centred but not scaled (std taken as 1)",
                r.err().strip().replace("mdn: note: ", ""));
        var sc = ModelFile.read(m).scaler();
        assertEquals(5f, sc.xMean()[1]);
        assertEquals(1f, sc.xStd()[1]);
    }

    @Test
    void aBadStandardizeValueIsRefused() {
        Cli.run("train", "--data", unitCsv.toString(), "--standardize", "yes", "--out",
                dir.resolve("never.mdn").toString()).badInputOneLine("--standardize: 'yes' is not on or none");
        assertTrue(Files.notExists(dir.resolve("never.mdn")));
    }
}
