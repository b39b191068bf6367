package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;

/** {@code mdn eval} and {@code mdn predict} on models trained briefly on the toy inverse problem. */
class EvalPredictTest {

    @TempDir
    static Path dir;
    static Path mdn;
    static Path mlp;

    @BeforeAll
    static void train() {
        mdn = dir.resolve("mdn.mdn");
        mlp = dir.resolve("mlp.mdn");
        Cli.run("train", "--data", "toy-inverse", "--epochs", "50", "--quiet", "--out", mdn.toString()).ok();
        Cli.run("train", "--data", "toy-inverse", "--model", "mlp", "--hidden", "6,6", "--epochs", "50", "--lr", "0.05",
                "--quiet", "--out", mlp.toString()).ok();
    }

    @Test
    void evalJson() {
        Map<String, String> j = Cli.json(Cli.run("eval", "--model", mdn.toString(), "--data", "toy-inverse", "--json")
                .ok().out());
        assertEquals(300, Cli.number(j, "n"));
        for (String key : List.of("nll", "rmse_mean", "rmse_mode")) {
            assertTrue(Double.isFinite(Cli.number(j, key)), key + " in " + j);
        }
        assertTrue(Cli.number(j, "rmse_mean") > 0 && Cli.number(j, "rmse_mode") > 0, j.toString());
        Map<String, String> other = Cli.json(Cli.run("eval", "--model", mdn.toString(), "--data", "toy-inverse",
                "--n", "123", "--seed", "4", "--json").ok().out());
        assertEquals(123, Cli.number(other, "n"));
    }

    @Test
    void evalHuman() {
        String out = Cli.run("eval", "--model", mdn.toString(), "--data", "toy-inverse").ok().out();
        assertTrue(out.matches("(?s)n 300  nll -?\\d+\\.\\d{6}  rmse_mean \\d+\\.\\d{6}  rmse_mode \\d+\\.\\d{6}\\R.*"), out);
    }

    @Test
    void evalOfAnMlpHasNoNll() {
        Map<String, String> j = Cli.json(Cli.run("eval", "--model", mlp.toString(), "--data", "toy-inverse", "--json")
                .ok().out());
        assertTrue(j.containsKey("nll"));
        assertNull(j.get("nll"), "an MLP has no likelihood: " + j);
        assertEquals(Cli.number(j, "rmse_mean"), Cli.number(j, "rmse_mode"), 0.0, "an MLP's mode is its mean");
    }

    @Test
    void predictWritesTheMixture() throws Exception {
        Path csv = dir.resolve("pred.csv");
        Cli.Result r = Cli.run("predict", "--model", mdn.toString(), "--data", "toy-inverse", "--out", csv.toString())
                .ok();
        assertTrue(r.err().contains("wrote 300 rows to " + csv), r.describe("a summary line"));
        Cli.Table t = Cli.readCsv(csv);
        assertEquals(List.of("t", "mean.x", "var.x", "mode.x", "pi.0", "pi.1", "pi.2", "mu.0.x", "mu.1.x", "mu.2.x",
                "sigma.0", "sigma.1", "sigma.2"), t.header());
        assertEquals(300, t.rows().size(), "one row per sample");
        Dataset d = ToyData.generate(300, 19, true); // --seed defaults to 19
        for (int i = 0; i < t.rows().size(); i++) {
            double[] row = t.rows().get(i);
            String where = "row " + (i + 1) + ": ";
            assertEquals(d.x()[i], (float) row[0], where + "the input is copied");
            double piSum = row[4] + row[5] + row[6];
            assertEquals(1.0, piSum, 1e-6, where + "pi sums to 1");
            double mean = 0;
            for (int c = 0; c < 3; c++) {
                assertTrue(row[4 + c] >= 0 && row[4 + c] <= 1, where + "pi in [0, 1]");
                assertTrue(row[10 + c] > 0, where + "sigma > 0");
                mean += row[4 + c] * row[7 + c];
            }
            assertEquals(mean, row[1], 1e-6, where + "mean = sum pi mu");
            assertTrue(row[2] >= 0, where + "var >= 0");
            double mode = row[3];
            assertTrue(mode == row[7] || mode == row[8] || mode == row[9], where + "the mode is a component's mean");
        }
        assertEquals(List.of("mdn.mdn", "mlp.mdn", "pred.csv"), Cli.listing(dir).stream()
                .filter(n -> !n.startsWith("mlp-")).toList(), "no temp files left");
    }

    @Test
    void predictOfAnMlpWritesTheMeanOnly() throws Exception {
        Path csv = dir.resolve("mlp-pred.csv");
        Cli.run("predict", "--model", mlp.toString(), "--data", "toy-inverse", "--n", "17", "--out", csv.toString())
                .ok();
        Cli.Table t = Cli.readCsv(csv);
        assertEquals(List.of("t", "mean.x"), t.header());
        assertEquals(17, t.rows().size());
    }

    /** A file of inputs alone (one column, no target) is enough to predict; scoring it is refused. */
    @Test
    void predictReadsAFileOfInputsAlone() throws Exception {
        Path inputs = dir.resolve("inputs-only.csv");
        java.nio.file.Files.writeString(inputs, "t\n0.1\n0.5\n0.9\n");
        Path csv = dir.resolve("inputs-only-pred.csv");
        Cli.run("predict", "--model", mdn.toString(), "--data", inputs.toString(), "--out", csv.toString()).ok();
        Cli.Table t = Cli.readCsv(csv);
        assertEquals(3, t.rows().size());
        assertEquals(List.of("t", "mean.x", "var.x", "mode.x"), t.header().subList(0, 4));
        Cli.run("eval", "--model", mdn.toString(), "--data", inputs.toString())
                .badInputOneLine(inputs + ":1: the header names one column");
    }
}
