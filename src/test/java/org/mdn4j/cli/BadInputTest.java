package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad command lines and bad files: exit 2, {@code mdn: ...} on stderr, no stack trace, and no
 * file written.
 */
class BadInputTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path notAModel;

    @BeforeAll
    static void files() throws Exception {
        model = dir.resolve("good.mdn");
        Cli.run("train", "--data", "toy", "--epochs", "5", "--quiet", "--out", model.toString()).ok();
        notAModel = dir.resolve("notes.txt");
        Files.writeString(notAModel, "this is a text file, not a model\n");
    }

    private static Cli.Result train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", "toy", "--quiet", "--out", out.toString()));
        args.addAll(Arrays.asList(extra));
        if (!args.contains("--epochs")) {
            args.addAll(List.of("--epochs", "5"));
        }
        return Cli.run(args.toArray(String[]::new));
    }

    /** Errors found while running: exactly one line, and no model file. */
    @ParameterizedTest(name = "train {0}")
    @CsvSource(delimiter = '|', value = {
            "--epochs 0                   | --epochs must be at least 1",
            "--batch -1                   | --batch must be at least 1",
            "--threads 0                  | --threads must be at least 1",
            "--lr -0.1                    | --lr must be a positive number",
            "--lr NaN                     | --lr must be a positive number",
            "--hidden 5,x                 | --hidden: 'x' is not a whole number",
            "--hidden 5,0                 | --hidden: layer widths must be at least 1",
            "--activation bogus           | unknown activation 'bogus'",
            "--activation relu,tanh,relu  | --activation: 3 names for 2 hidden layers",
            "--backend bogus              | unknown backend 'bogus'",
            "--model bogus                | unknown model 'bogus'",
            "--components 0               | components must be at least 1",
            "--n 0                        | --n must be at least 1",
            "--inputs x                   | --inputs and --targets apply to CSV files",
    })
    void badTrainOption(String options, String message) {
        Path out = dir.resolve("never.mdn");
        train(out, options.split(" ")).badInputOneLine(message);
        assertFalse(Files.exists(out), "no model written");
    }

    /** Errors of the command line itself: picocli's message and a hint, on one line. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "train --data toy --bogus          | Unknown option: '--bogus'",
            "train --data toy --epochs abc     | --epochs",
            "train --epochs 5                  | Missing required option: '--data",
            "eval --data toy                   | Missing required option: '--model",
            "predict --model m.mdn --data toy  | Missing required option: '--out",
            "frobnicate                        | Unmatched argument",
    })
    void usageErrors(String args, String message) {
        Cli.Result r = Cli.run(args.split(" "));
        r.badInputOneLine(message);
        assertTrue(r.errLines().get(0).contains("--help"), r.describe("a hint to --help"));
    }

    @Test
    void missingDataFile() {
        Path missing = dir.resolve("missing.csv");
        train(dir.resolve("control.mdn")).ok(); // control: the command is otherwise fine
        Cli.run("train", "--data", missing.toString(), "--epochs", "5", "--out", dir.resolve("never2.mdn").toString())
                .badInputOneLine(missing + ": no such file");
    }

    @Test
    void binaryDataFile() throws Exception {
        Path bin = dir.resolve("bin.csv");
        Files.write(bin, new byte[] {'a', ',', 'b', '\n', 0, 1, 2, (byte) 0xFF, '\n'});
        Cli.run("train", "--data", bin.toString(), "--epochs", "5", "--out", dir.resolve("never3.mdn").toString())
                .badInputOneLine(bin.toString());
    }

    @Test
    void evalWithSomethingThatIsNotAModel() {
        Cli.run("eval", "--model", notAModel.toString(), "--data", "toy")
                .badInputOneLine(notAModel + ": byte 0: not an mdn4j model file");
        Path missing = dir.resolve("missing.mdn");
        Cli.run("eval", "--model", missing.toString(), "--data", "toy").badInputOneLine(missing + ": no such file");
    }

    @Test
    void evalWithABadBackend() {
        Cli.run("eval", "--model", model.toString(), "--data", "toy", "--backend", "gpu")
                .badInputOneLine("unknown backend 'gpu'");
    }

    @Test
    void failingPredictLeavesNoOutput() throws Exception {
        Path out = dir.resolve("pred.csv");
        Cli.run("predict", "--model", notAModel.toString(), "--data", "toy", "--out", out.toString())
                .badInputOneLine("not an mdn4j model file");
        assertFalse(Files.exists(out), "no output after a bad model");
        Path badCsv = dir.resolve("bad.csv");
        // predict reads only the input column x, so the bad value sits there
        Files.writeString(badCsv, "x,t\n1,2\nNaN,3\n");
        Cli.run("predict", "--model", model.toString(), "--data", badCsv.toString(), "--out", out.toString())
                .badInputOneLine(badCsv + ":3: column 'x'");
        assertFalse(Files.exists(out), "no output after bad data");
        Cli.run("predict", "--model", model.toString(), "--data", "toy", "--n", "-3", "--out", out.toString())
                .badInputOneLine("--n must be at least 1");
        assertFalse(Files.exists(out), "no output after a bad --n");
        assertEquals(List.of(), Cli.listing(dir).stream().filter(n -> n.contains("pred")).toList(),
                "no temp files either");
    }
}
