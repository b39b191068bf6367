package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.io.ModelFile;
import org.mdn4j.nn.Head;

/**
 * The diagonal and full heads through the commands that have no arm test: plot (one input, one
 * target), predict's component columns for L = 1, and a CSV file with two target columns.
 */
class HeadCommandsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"diagonal", "full"})
    void plotAndPredictOneTarget(String head) throws Exception {
        Path model = dir.resolve(head + ".mdn");
        Cli.run("train", "--data", "toy-inverse", "--head", head, "--epochs", "30", "--lr", "0.01", "--quiet", "--out",
                model.toString()).ok();
        Path figures = dir.resolve("figures");
        Cli.run("plot", "--model", model.toString(), "--data", "toy-inverse", "--out", figures.toString()).ok();
        for (String png : new String[] {"density.png", "modes.png", "component-means.png"}) {
            assertTrue(Files.size(figures.resolve(png)) > 1000, png);
        }
        Path csv = dir.resolve(head + ".csv");
        Cli.run("predict", "--model", model.toString(), "--data", "toy-inverse", "--n", "20", "--exact-mode",
                "--quantiles", "0.5", "--out", csv.toString()).ok();
        Cli.Table t = Cli.readCsv(csv);
        for (double[] row : t.rows()) {
            assertTrue(row[t.column("sigma.2.x")] > 0, "a component's σ");
            double total = 0;
            for (int c = 0; c < 3; c++) {
                double sigma = row[t.column("sigma." + c + ".x")];
                double d = row[t.column("mu." + c + ".x")] - row[t.column("mean.x")];
                total += row[t.column("pi." + c)] * (sigma * sigma + d * d);
            }
            assertEquals(total, row[t.column("var.x")], 1e-6 * total, "var is Σ π (σ² + (μ − mean)²)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"isotropic", "diagonal", "full"})
    void csvWithTwoTargets(String head) throws Exception {
        SplittableRandom rng = new SplittableRandom(8);
        StringBuilder csv = new StringBuilder("u,v,w\n");
        for (int i = 0; i < 200; i++) {
            double u = rng.nextDouble();
            double z = rng.nextGaussian() * 0.1;
            csv.append(u).append(',').append(u + z).append(',').append(2 * u - z).append('\n');
        }
        Path data = dir.resolve("two.csv");
        Files.writeString(data, csv);
        Path model = dir.resolve("two-" + head + ".mdn");
        Cli.run("train", "--data", data.toString(), "--inputs", "u", "--targets", "v,w", "--head", head,
                "--components", "2", "--epochs", "20", "--quiet", "--out", model.toString()).ok();
        assertEquals(Head.parse(head), ModelFile.read(model).spec().head());
        assertEquals(2, ModelFile.read(model).spec().targets());
        double nll = Cli.number(Cli.json(Cli.run("eval", "--model", model.toString(), "--data", data.toString(),
                "--json").ok().out()), "nll");
        assertTrue(Double.isFinite(nll), "a finite NLL: " + nll);
    }
}
