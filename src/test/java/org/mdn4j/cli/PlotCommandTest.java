package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.plot.Figures;

/** 'mdn plot' end to end on small trained models, and its bad inputs. */
class PlotCommandTest {

    @TempDir
    static Path dir;
    static Path mdn;
    static Path mlp;
    static Path twoInputs;

    @BeforeAll
    static void models() throws Exception {
        mdn = dir.resolve("inverse-mdn.mdn");
        Cli.run("train", "--data", "toy-inverse", "--components", "3", "--hidden", "5,5", "--epochs", "300",
                "--lr", "0.01", "--seed", "3", "--quiet", "--out", mdn.toString()).ok();
        mlp = dir.resolve("forward.mdn");
        Cli.run("train", "--data", "toy", "--model", "mlp", "--hidden", "6,6", "--epochs", "200", "--lr", "0.1",
                "--seed", "3", "--quiet", "--out", mlp.toString()).ok();
        Path csv = dir.resolve("wide.csv");
        StringBuilder rows = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 20; i++) {
            rows.append(i * 0.05).append(',').append(1 - i * 0.05).append(',').append(i % 3).append('\n');
        }
        Files.writeString(csv, rows);
        twoInputs = dir.resolve("two-inputs.mdn");
        Cli.run("train", "--data", csv.toString(), "--epochs", "5", "--quiet", "--out", twoInputs.toString()).ok();
    }

    @Test
    void mdnWritesEveryFigure() throws Exception {
        Path out = dir.resolve("mdn-figures");
        Cli.Result r = Cli.run("plot", "--model", mdn.toString(), "--data", "toy-inverse", "--out", out.toString()).ok();
        List<String> expected = List.of("component-means.png", "data.png", "density.png", "mixing-coefficients.png",
                "modes.png");
        assertEquals(expected, Cli.listing(out));
        for (String name : expected) {
            Pngs.assertDrawn(out.resolve(name));
        }
        assertTrue(r.err().contains("wrote 5 figures"), r.err());
    }

    @Test
    void mlpWritesDataAndFit() throws Exception {
        Path out = dir.resolve("mlp-figures");
        Cli.run("plot", "--model", mlp.toString(), "--data", "toy", "--n", "100", "--out", out.toString()).ok();
        assertEquals(List.of("data.png", "fit.png"), Cli.listing(out));
        Pngs.assertDrawn(out.resolve(Figures.DATA));
        Pngs.assertDrawn(out.resolve(Figures.FIT));
    }

    @Test
    void csvDataWithTheModelsColumns() throws Exception {
        Path csv = dir.resolve("inverse.csv");
        StringBuilder rows = new StringBuilder("t,x\n");
        for (int i = 0; i < 50; i++) {
            double x = i / 49.0;
            rows.append(x + 0.3 * Math.sin(2 * Math.PI * x)).append(',').append(x).append('\n');
        }
        Files.writeString(csv, rows);
        Path out = dir.resolve("csv-figures");
        Cli.run("plot", "--model", mdn.toString(), "--data", csv.toString(), "--out", out.toString()).ok();
        Pngs.assertDrawn(out.resolve(Figures.DENSITY));
    }

    @Test
    void helpHasAnExampleAndTheFileNames() {
        Cli.Result r = Cli.run("plot", "--help").ok();
        assertTrue(r.out().contains("Example") && r.out().contains("mdn plot --model"), r.out());
        for (String name : Figures.names(org.mdn4j.nn.ModelType.MDN)) {
            assertTrue(r.out().contains(name), name + " in help: " + r.out());
        }
        assertTrue(r.out().contains(Figures.FIT), r.out());
    }

    @Test
    void missingModel() {
        Path out = dir.resolve("never1");
        Cli.run("plot", "--model", dir.resolve("absent.mdn").toString(), "--data", "toy-inverse", "--out",
                out.toString()).badInputOneLine("no such file");
        assertFalse(Files.exists(out));
    }

    @Test
    void unwritableOut() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Cli.run("plot", "--model", mdn.toString(), "--data", "toy-inverse", "--out", file.resolve("sub").toString())
                .badInputOneLine("cannot write to --out");
        Cli.run("plot", "--model", mdn.toString(), "--data", "toy-inverse", "--out", file.toString())
                .badInputOneLine("cannot write to --out");
    }

    @Test
    void dataOfTheOtherDirection() {
        Path out = dir.resolve("never2");
        Cli.run("plot", "--model", mdn.toString(), "--data", "toy", "--out", out.toString())
                .badInputOneLine("does not match");
        assertFalse(Files.exists(out));
    }

    @Test
    void modelWithTwoInputs() {
        Path out = dir.resolve("never3");
        Cli.run("plot", "--model", twoInputs.toString(), "--data", "toy", "--out", out.toString())
                .badInputOneLine("one-dimensional");
        assertFalse(Files.exists(out));
    }

    @Test
    void missingOut() {
        Cli.run("plot", "--model", mdn.toString(), "--data", "toy-inverse").badInput("Missing required option: '--out");
    }
}
