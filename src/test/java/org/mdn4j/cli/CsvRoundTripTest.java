package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train, eval and predict on CSV files with named columns: the model remembers its columns and
 * later commands find them by name, in whatever order the file has them.
 */
class CsvRoundTripTest {

    @TempDir
    static Path dir;
    static Path train;
    static Path model;

    /** y = a − 2b + noise, with a distractor column, columns in the given order. */
    static Path write(String name, long seed, int rows, String... columns) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (int i = 0; i < rows; i++) {
            double a = rng.nextDouble(-1, 1);
            double b = rng.nextDouble(-1, 1);
            double y = a - 2 * b + rng.nextGaussian() * 0.05;
            double noise = rng.nextDouble();
            for (int c = 0; c < columns.length; c++) {
                double v = switch (columns[c]) {
                    case "a" -> a;
                    case "b" -> b;
                    case "y" -> y;
                    default -> noise;
                };
                sb.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", v));
            }
            sb.append('\n');
        }
        Path f = dir.resolve(name);
        Files.writeString(f, sb);
        return f;
    }

    @BeforeAll
    static void trainOnACsv() throws IOException {
        train = write("train.csv", 1, 120, "noise", "b", "y", "a");
        model = dir.resolve("csv.mdn");
        Cli.run("train", "--data", train.toString(), "--inputs", "a,b", "--targets", "y", "--components", "2",
                "--hidden", "4", "--epochs", "50", "--batch", "40", "--quiet", "--out", model.toString()).ok();
    }

    @Test
    void evalFindsTheColumnsByName() throws Exception {
        Path test = write("test.csv", 2, 50, "y", "a", "b");
        var j = Cli.json(Cli.run("eval", "--model", model.toString(), "--data", test.toString(), "--json").ok().out());
        assertEquals(50, Cli.number(j, "n"));
        assertTrue(Double.isFinite(Cli.number(j, "nll")), j.toString());
    }

    @Test
    void predictCopiesTheInputsAndNamesTheTargets() throws Exception {
        Path test = write("test2.csv", 3, 30, "b", "a", "y");
        Path out = dir.resolve("pred.csv");
        Cli.run("predict", "--model", model.toString(), "--data", test.toString(), "--out", out.toString()).ok();
        Cli.Table t = Cli.readCsv(out);
        assertEquals(List.of("a", "b", "mean.y", "var.y", "mode.y", "pi.0", "pi.1", "mu.0.y", "mu.1.y", "sigma.0",
                "sigma.1"), t.header());
        Cli.Table in = Cli.readCsv(test);
        assertEquals(30, t.rows().size());
        for (int i = 0; i < 30; i++) {
            assertEquals(in.rows().get(i)[1], t.rows().get(i)[0], 1e-6, "row " + i + " column a");
            assertEquals(in.rows().get(i)[0], t.rows().get(i)[1], 1e-6, "row " + i + " column b");
        }
    }

    @Test
    void evalWithADifferentInputCountIsRejected() throws Exception {
        Path test = write("test3.csv", 4, 10, "a", "b", "y");
        String m = Cli.run("eval", "--model", model.toString(), "--data", test.toString(), "--inputs", "a")
                .badInputOneLine("expects 2");
        assertTrue(m.contains(test.toString()) && m.contains("has 1 inputs"), m);
    }

    @Test
    void evalOnACsvWithoutTheModelsColumnsIsRejected() throws Exception {
        Path test = write("test4.csv", 5, 10, "a", "y");
        Cli.run("eval", "--model", model.toString(), "--data", test.toString()).badInputOneLine("no column named 'b'");
    }

    @Test
    void trainOnACsvWithABadCellNamesTheLine() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b,y\n1,2,3\n4,oops,6\n");
        Path out = dir.resolve("never.mdn");
        Cli.run("train", "--data", bad.toString(), "--epochs", "5", "--out", out.toString())
                .badInputOneLine(bad + ":3: column 'b': 'oops' is not a number");
        assertFalse(Files.exists(out), "no model written");
    }

    @Test
    void predictOnInputsOnly() throws Exception {
        Path inputs = write("inputs.csv", 6, 20, "a", "b");
        Path out = dir.resolve("pred-inputs.csv");
        Cli.run("predict", "--model", model.toString(), "--data", inputs.toString(), "--out", out.toString()).ok();
        assertEquals(20, Cli.readCsv(out).rows().size());
    }
}
