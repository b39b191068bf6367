package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.data.NpyBytes;
import org.mdn4j.io.Model;
import org.mdn4j.io.ModelFile;

/**
 * Train, eval and predict on a NumPy .npy file through the CLI, columns chosen by index: the
 * model equals, bit for bit, the one trained on the same numbers as a CSV file, and later
 * commands find the columns by the names {@code col<i>} the model stored.
 */
class NpyDataTest {

    private static final int ROWS = 90;
    private static final String[] TRAIN = {"--components", "2", "--hidden", "4", "--epochs", "30", "--batch", "30",
            "--seed", "5", "--quiet"};

    @TempDir
    static Path dir;
    static Path npy;
    static Path csv;

    /** Columns: noise, a, y = a² + noise, b; row-major float32, also written as a CSV file. */
    @BeforeAll
    static void data() throws Exception {
        SplittableRandom rng = new SplittableRandom(23);
        float[] v = new float[ROWS * 4];
        StringBuilder text = new StringBuilder("noise,a,y,b\n");
        for (int n = 0; n < ROWS; n++) {
            float a = (float) rng.nextDouble(-1, 1);
            float b = (float) rng.nextDouble(-1, 1);
            float noise = (float) rng.nextGaussian() * 0.05f;
            float[] row = {noise, a, a * a + noise, b};
            System.arraycopy(row, 0, v, 4 * n, 4);
            for (int c = 0; c < 4; c++) {
                text.append(c == 0 ? "" : ",").append(Float.toString(row[c]));
            }
            text.append('\n');
        }
        npy = dir.resolve("data.npy");
        Files.write(npy, NpyBytes.file(2, NpyBytes.dict("<f4", "(" + ROWS + ", 4)"),
                NpyBytes.floats(ByteOrder.LITTLE_ENDIAN, v)));
        csv = dir.resolve("data.csv");
        Files.writeString(csv, text);
    }

    private static Cli.Result train(Path data, String inputs, String target, Path out) {
        List<String> a = new java.util.ArrayList<>(List.of("train", "--data", data.toString(), "--inputs", inputs,
                "--targets", target, "--out", out.toString()));
        a.addAll(List.of(TRAIN));
        return Cli.run(a.toArray(String[]::new)).ok();
    }

    @Test
    void trainingOnAnNpyFileEqualsTrainingOnTheSameCsv() throws Exception {
        Path fromNpy = dir.resolve("npy.mdn");
        Path fromCsv = dir.resolve("csv.mdn");
        train(npy, "1,col3", "2", fromNpy);
        train(csv, "a,b", "y", fromCsv);
        Model m = ModelFile.read(fromNpy);
        assertArrayEquals(new String[] {"col1", "col3"}, m.inputNames());
        assertArrayEquals(new String[] {"col2"}, m.targetNames());
        assertArrayEquals(ModelFile.read(fromCsv).parameters(), m.parameters());
    }

    @Test
    void evalAndPredictFindTheModelsColumnsByName() throws Exception {
        Path model = dir.resolve("eval.mdn");
        train(npy, "1,3", "2", model);
        String nll = Cli.json(Cli.run("eval", "--model", model.toString(), "--data", npy.toString(), "--json").ok()
                .out()).get("nll");
        Path csvModel = dir.resolve("eval-csv.mdn");
        train(csv, "a,b", "y", csvModel);
        assertEquals(Cli.json(Cli.run("eval", "--model", csvModel.toString(), "--data", csv.toString(), "--json")
                .ok().out()).get("nll"), nll);

        Path predictions = dir.resolve("predictions.csv");
        Cli.run("predict", "--model", model.toString(), "--data", npy.toString(), "--out", predictions.toString()).ok();
        List<String> lines = Files.readAllLines(predictions);
        assertEquals(ROWS + 1, lines.size());
        assertEquals("col1,col3,mean.col2", lines.get(0).substring(0, "col1,col3,mean.col2".length()));
    }

    @Test
    void predictionInputsMayBeAOneDimensionalArrayPerColumn() throws Exception {
        Path model = dir.resolve("one-input.mdn");
        train(npy, "1", "2", model);
        float[] a = new float[ROWS];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < ROWS; i++) {
            a[i] = (float) rng.nextDouble(-1, 1);
        }
        Path inputs = dir.resolve("inputs.npy");
        Files.write(inputs, NpyBytes.file(1, NpyBytes.dict(">f8", "(" + ROWS + ",)"),
                NpyBytes.doubles(ByteOrder.BIG_ENDIAN, a)));
        Path out = dir.resolve("one-input.csv");
        Cli.run("predict", "--model", model.toString(), "--data", inputs.toString(), "--inputs", "0", "--out",
                out.toString()).ok();
        assertEquals(ROWS + 1, Files.readAllLines(out).size());
        assertEquals(Float.toString(a[0]), Files.readAllLines(out).get(1).split(",")[0]);
    }

}
