package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.io.JsonNumber;
import org.mdn4j.io.JsonReader;

/** {@code mdn info}: the spec, the parameter count, the columns and the training metadata. */
class InfoCommandTest {

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void train() {
        model = dir.resolve("m.mdn");
        Cli.run("train", "--data", "toy-inverse", "--epochs", "7", "--hidden", "4", "--activation", "tanh", "--quiet",
                "--out", model.toString()).ok();
    }

    @Test
    void human() {
        String out = Cli.run("info", model.toString()).ok().out();
        List<String> lines = List.of(out.split("\\R"));
        assertEquals("file         " + model, lines.get(0));
        assertEquals("model        mdn 1-4(tanh)-9 K=3 L=1", lines.get(1));
        // 1·4 + 4 + 4·9 + 9
        assertEquals("parameters   53", lines.get(2));
        assertEquals("inputs       t", lines.get(3));
        assertEquals("targets      x", lines.get(4));
        assertEquals("sigma_floor  1.0E-6", lines.get(5));
        assertEquals("scaler       none", lines.get(6));
        assertEquals("metadata", lines.get(7));
        // values are aligned after the longest key, whichever keys the trainer stores
        assertTrue(lines.stream().anyMatch(l -> l.matches("  data +toy-inverse")), out);
        assertTrue(lines.stream().anyMatch(l -> l.matches("  epochs +7")), out);
        for (String key : List.of("final_loss", "backend", "date", "seed", "lr")) {
            assertTrue(lines.stream().anyMatch(l -> l.matches("  " + key + " +\\S.*")), key + " in\n" + out);
        }
    }

    @Test
    void json() throws Exception {
        String out = Cli.run("info", model.toString(), "--json").ok().out();
        assertEquals(1, out.lines().count(), "one line: " + out);
        Map<?, ?> j = (Map<?, ?>) JsonReader.parse(out, "stdout");
        assertEquals("mdn 1-4(tanh)-9 K=3 L=1", j.get("spec"));
        assertEquals("mdn", j.get("model"));
        assertEquals(new JsonNumber("53"), j.get("parameters"));
        assertEquals(new JsonNumber("3"), j.get("components"));
        assertEquals(List.of(new JsonNumber("4")), j.get("hidden"));
        assertEquals(List.of("tanh"), j.get("activations"));
        assertEquals(List.of("t"), j.get("input_names"));
        assertEquals(List.of("x"), j.get("target_names"));
        Map<?, ?> meta = (Map<?, ?>) j.get("metadata");
        assertEquals("toy-inverse", meta.get("data"));
        assertEquals("7", meta.get("epochs"));
        assertTrue(Double.isFinite(Double.parseDouble((String) meta.get("final_loss"))), meta.toString());
        assertTrue(meta.containsKey("backend") && meta.containsKey("date"), meta.toString());
    }

    @Test
    void helpShowsAnExample() {
        assertTrue(Cli.run("info", "--help").ok().out().contains("mdn info model.mdn --json"));
    }

    @Test
    void badInput() throws Exception {
        Path missing = dir.resolve("missing.mdn");
        Cli.run("info", missing.toString()).badInputOneLine(missing + ": no such file");
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is a text file, not a model\n");
        Cli.run("info", text.toString(), "--json").badInputOneLine(text + ": byte 0: not an mdn4j model file");
        Path truncated = dir.resolve("truncated.mdn");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 9));
        Cli.run("info", truncated.toString()).badInputOneLine("checksum mismatch");
        assertTrue(Cli.run("info").badInput("Missing required parameter: 'FILE'").contains("--help"));
    }
}
