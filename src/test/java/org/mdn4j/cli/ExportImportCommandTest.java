package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mdn export} and {@code mdn import}: an exact round trip through JSON, and bad input. */
class ExportImportCommandTest {

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void train() {
        model = dir.resolve("m.mdn");
        Cli.run("train", "--data", "toy-inverse", "--epochs", "50", "--quiet", "--out", model.toString()).ok();
    }

    @Test
    void roundTripGivesTheSameFileAndTheSamePredictions() throws Exception {
        Path json = dir.resolve("rt.json");
        Path back = dir.resolve("rt.mdn");
        Cli.Result ex = Cli.run("export", "--model", model.toString(), "--format", "json", "--out", json.toString()).ok();
        assertTrue(ex.err().contains("wrote 94 parameters of mdn 1-5(relu)-5(relu)-9 K=3 L=1 to " + json),
                ex.describe("a summary line"));
        assertTrue(Files.readString(json).startsWith("{\n  \"format\": \"mdn4j\",\n  \"version\": 1,"));
        Cli.run("import", "--json", json.toString(), "--out", back.toString()).ok();
        assertArrayEquals(Files.readAllBytes(model), Files.readAllBytes(back),
                "export then import gives a byte-identical model file (parameters, names, metadata)");

        Path p1 = dir.resolve("rt-pred-1.csv");
        Path p2 = dir.resolve("rt-pred-2.csv");
        Cli.run("predict", "--model", model.toString(), "--data", "toy-inverse", "--seed", "3", "--out", p1.toString()).ok();
        Cli.run("predict", "--model", back.toString(), "--data", "toy-inverse", "--seed", "3", "--out", p2.toString()).ok();
        assertEquals(Files.readString(p1), Files.readString(p2), "identical predictions");
        assertEquals(Cli.run("eval", "--model", model.toString(), "--data", "toy-inverse", "--json").ok().out(),
                Cli.run("eval", "--model", back.toString(), "--data", "toy-inverse", "--json").ok().out());
    }

    @Test
    void formatDefaultsToJsonAndIgnoresCase() throws Exception {
        Path a = dir.resolve("default.json");
        Path b = dir.resolve("upper.json");
        Cli.run("export", "--model", model.toString(), "--out", a.toString()).ok();
        Cli.run("export", "--model", model.toString(), "--format", "JSON", "--out", b.toString()).ok();
        assertEquals(Files.readString(a), Files.readString(b));
    }

    @Test
    void helpShowsAnExample() {
        assertTrue(Cli.run("export", "--help").ok().out().contains("mdn export --model model.mdn --format json --out"));
        assertTrue(Cli.run("import", "--help").ok().out().contains("mdn import --json model.json --out model.mdn"));
    }

    @Test
    void badExports() throws Exception {
        Path out = dir.resolve("never.json");
        Cli.run("export", "--model", model.toString(), "--format", "onnx", "--out", out.toString())
                .badInputOneLine("unknown --format 'onnx' (expected json)");
        Path missing = dir.resolve("missing.mdn");
        Cli.run("export", "--model", missing.toString(), "--out", out.toString())
                .badInputOneLine(missing + ": no such file");
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is a text file, not a model\n");
        Cli.run("export", "--model", text.toString(), "--out", out.toString())
                .badInputOneLine(text + ": byte 0: not an mdn4j model file");
        assertTrue(Cli.run("export", "--model", model.toString()).badInput("Missing required option: '--out")
                .contains("--help"));
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void badImports() throws Exception {
        Path out = dir.resolve("never.mdn");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"mdn4j\",\n \"version\": 1\n \"inputs\": 1}");
        Cli.run("import", "--json", bad.toString(), "--out", out.toString())
                .badInputOneLine(bad + ": line 3, column 2 (byte 35): unexpected '\"', expected ',' or '}' in an object");
        Path missing = dir.resolve("missing.json");
        Cli.run("import", "--json", missing.toString(), "--out", out.toString())
                .badInputOneLine(missing + ": no such file");
        // a model file is not JSON
        Cli.run("import", "--json", model.toString(), "--out", out.toString())
                .badInputOneLine(model + ": byte ");
        Path wrong = dir.resolve("wrong.json");
        Cli.run("export", "--model", model.toString(), "--out", wrong.toString()).ok();
        Files.writeString(wrong, Files.readString(wrong).replace("\"components\": 3", "\"components\": 2"));
        Cli.run("import", "--json", wrong.toString(), "--out", out.toString())
                .badInputOneLine(wrong + ": layers[2].out: is 9; the mdn head needs 6 (components * (1 + targets + 1))");
        assertFalse(Files.exists(out), "nothing written");
    }
}
