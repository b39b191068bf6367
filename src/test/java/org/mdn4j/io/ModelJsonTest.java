package org.mdn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.data.DataException;

/** The JSON model form: exact round trips, the documented layout, and checked imports. */
class ModelJsonTest {

    @TempDir
    Path dir;

    @Test
    void floatsRoundTripBitForBit() {
        // the property the format relies on: the shortest decimal of a float parses back to it
        SplittableRandom rng = new SplittableRandom(5);
        int checked = 0;
        for (int i = 0; i < 500_000; i++) {
            float f = Float.intBitsToFloat(rng.nextInt());
            if (!Float.isFinite(f)) {
                continue;
            }
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(Float.parseFloat(Float.toString(f))),
                    () -> "float " + f);
            checked++;
        }
        assertTrue(checked > 490_000);
        for (float f : new float[] {-0.0f, 0.0f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
                Math.nextDown(Float.MIN_NORMAL), 0.1f, 1e-6f, 16777217f}) {
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(Float.parseFloat(Float.toString(f))));
        }
    }

    @Test
    void mdnRoundTripIsExactAndByteIdenticalAsAModelFile() throws Exception {
        Model m = TestModels.smallMdn(); // has -0.0, a subnormal and Float.MAX_VALUE
        Path json = dir.resolve("m.json");
        ModelJson.write(m, json);
        Model back = ModelJson.read(json);
        ModelFileRoundTripTest.assertSameModel(m, back);
        assertArrayEquals(ModelFile.encode(m), ModelFile.encode(back), ".mdn -> JSON -> .mdn is byte-identical");
        assertEquals(List.of("m.json"), List.of(dir.toFile().list()), "no temp files left");
    }

    @Test
    void mlpRoundTrip() throws Exception {
        Model m = TestModels.smallMlp();
        Model back = ModelJson.decode(ModelJson.encode(m).getBytes(StandardCharsets.UTF_8), "mem");
        ModelFileRoundTripTest.assertSameModel(m, back);
    }

    @Test
    void documentedLayout() throws Exception {
        Model m = TestModels.smallMdn();
        Map<?, ?> tree = (Map<?, ?>) JsonReader.parse(ModelJson.encode(m), "mem");
        assertEquals(List.of("format", "version", "model", "inputs", "targets", "head", "sigma_floor", "input_names",
                "target_names", "layers", "scaler", "metadata"), List.copyOf(tree.keySet()));
        assertEquals("mdn4j", tree.get("format"));
        assertEquals(new JsonNumber("1"), tree.get("version"));
        assertEquals("mdn", tree.get("model"));
        assertEquals(Map.of("type", "isotropic", "components", new JsonNumber("2")), tree.get("head"));
        assertEquals(List.of("in.a", "in β"), tree.get("input_names"));
        assertNull(tree.get("scaler"));
        assertTrue(tree.containsKey("scaler"));
        List<?> layers = (List<?>) tree.get("layers");
        assertEquals(3, layers.size());
        Map<?, ?> first = (Map<?, ?>) layers.get(0);
        assertEquals(new JsonNumber("2"), first.get("in"));
        assertEquals(new JsonNumber("4"), first.get("out"));
        assertEquals("tanh", first.get("activation"));
        List<?> w = (List<?>) first.get("weight");
        assertEquals(4, w.size(), "out rows");
        // row-major out x in: weight[r][c] is parameter r*in + c of the first layer
        float[] p = m.parameters();
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 2; c++) {
                JsonNumber n = (JsonNumber) ((List<?>) w.get(r)).get(c);
                assertEquals(Float.toString(p[r * 2 + c]), n.text());
            }
        }
        assertEquals("-0.0", ((JsonNumber) ((List<?>) w.get(0)).get(0)).text());
        Map<?, ?> last = (Map<?, ?>) layers.get(2);
        assertEquals("identity", last.get("activation"));
        assertEquals(new JsonNumber("6"), last.get("out"), "K(L+2) head outputs");

        Map<?, ?> mlp = (Map<?, ?>) JsonReader.parse(ModelJson.encode(TestModels.smallMlp()), "mem");
        assertTrue(mlp.containsKey("head"));
        assertNull(mlp.get("head"), "an MLP has no head");
        assertEquals("mlp", mlp.get("model"));
        assertEquals(Map.of(), mlp.get("metadata"));
    }

    @Test
    void metadataNumbersAndBooleansAreKeptAsText() throws Exception {
        Model m = decode(s -> s.replace("\"data\": \"toy-inverse\"", "\"data\": 12.50, \"flag\": true"));
        assertEquals("12.50", m.metadata().get("data"));
        assertEquals("true", m.metadata().get("flag"));
    }

    @Test
    void modelKeyIsOptional() throws Exception {
        Model m = decode(s -> s.replace("\"model\": \"mdn\",", ""));
        assertEquals(TestModels.smallMdn().spec(), m.spec(), "inferred from the head");
    }

    /** Edits the exported text of {@link TestModels#smallMdn} and imports it. */
    private static Model decode(UnaryOperator<String> edit) throws DataException {
        String text = ModelJson.encode(TestModels.smallMdn());
        String edited = edit.apply(text);
        assertFalse(edited.equals(text), "the edit applies");
        return ModelJson.decode(edited.getBytes(StandardCharsets.UTF_8), "m.json");
    }

    /** A wrong model gives one line naming the file and the JSON path. */
    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`\"format\": \"mdn4j\"`      | `\"format\": \"onnx\"`      | m.json: format: is \"onnx\", not \"mdn4j\"",
            "`\"version\": 1`             | `\"version\": 2`            | m.json: version: JSON model version 2 is not supported",
            "`\"version\": 1`             | `\"version\": 1.0`          | m.json: version: expected a whole number, found the number 1.0",
            "`\"inputs\": 2`              | `\"inputs\": 3`             | m.json: input_names: has 2 names; expected 3 (inputs)",
            "`\"inputs\": 2`              | `\"inputs\": 0`             | m.json: inputs: 0 is out of range [1,",
            "`\"inputs\": 2`              | `\"inputs\": 99999999999`   | m.json: inputs: 99999999999 is out of range",
            "`\"inputs\": 2,`             | ``                          | m.json: inputs: missing",
            "`\"model\": \"mdn\"`         | `\"model\": \"mlp\"`        | m.json: model: is \"mlp\" but head is an object (an mdn)",
            "`\"model\": \"mdn\"`         | `\"model\": \"gmm\"`        | m.json: model: is \"gmm\"; expected \"mdn\" or \"mlp\"",
            "`\"type\": \"isotropic\"`    | `\"type\": \"gaussian\"`    | m.json: head.type: unknown head 'gaussian' (expected isotropic, diagonal or full)",
            "`\"components\": 2`          | `\"components\": 3`         | m.json: layers[2].out: is 6; the mdn head needs 9",
            "`\"sigma_floor\": 1.0E-6`    | `\"sigma_floor\": 0`        | m.json: sigma_floor: must be positive",
            "`\"sigma_floor\": 1.0E-6`    | `\"sigma_floor\": \"1e-6\"` | m.json: sigma_floor: expected a number, found a string",
            "`\"scaler\": null`           | `\"scaler\": {}`            | m.json: scaler.x_mean: missing",
            "`\"scaler\": null`           | `\"scaler\": null, \"extra\": 1` | m.json: extra: unknown key",
            "`\"activation\": \"tanh\"`   | `\"activation\": \"gelu\"`  | m.json: layers[0].activation: unknown activation 'gelu'",
            "`\"activation\": \"identity\"` | `\"activation\": \"relu\"` | m.json: layers[2].activation: is \"relu\"; the last layer must be \"identity\"",
            "`\"in\": 4`                  | `\"in\": 5`                 | m.json: layers[1].in: is 5; expected 4 (the previous layer's out)",
            "`\"out\": 4`                 | `\"out\": 5`                | m.json: layers[1].in: is 4; expected 5",
            "`\"layers\": [`              | `\"layers\": [1, `          | m.json: layers[0]: expected an object, found the number 1",
            "`\"metadata\": {`            | `\"metadata\": {\"x\": [], ` | m.json: metadata.x: expected a string, found an array",
            "`\"target_names\": [\"target\"]` | `\"target_names\": [7]`  | m.json: target_names[0]: expected a string, found the number 7",
    })
    void badModels(String find, String replace, String message) {
        String m = assertThrows(DataException.class, () -> decode(s -> s.replaceFirst(
                java.util.regex.Pattern.quote(find), java.util.regex.Matcher.quoteReplacement(replace)))).getMessage();
        assertTrue(m.startsWith(message), m + "\n  should start with: " + message);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void badWeights() throws Exception {
        String text = ModelJson.encode(TestModels.smallMdn());
        // the first weight row of layer 0 is [-0.0, 1.4E-45]
        assertTrue(text.contains("[-0.0, 1.4E-45]"), text);
        for (String[] c : new String[][] {
                {"[-0.0, 1.4E-45]", "[-0.0, 1e39]", "m.json: layers[0].weight[0][1]: 1e39 does not fit a 32-bit float"},
                {"[-0.0, 1.4E-45]", "[-0.0]", "m.json: layers[0].weight[0]: has 1 values; expected 2 (in)"},
                {"[-0.0, 1.4E-45]", "[-0.0, null]", "m.json: layers[0].weight[0][1]: expected a number, found null"},
                {"[-0.0, 1.4E-45],", "", "m.json: layers[0].weight: has 3 rows; expected 4 (out)"},
        }) {
            String m = assertThrows(DataException.class, () -> ModelJson.decode(
                    text.replace(c[0], c[1]).getBytes(StandardCharsets.UTF_8), "m.json")).getMessage();
            assertEquals(c[2], m);
        }
        // a tiny decimal underflows to zero, which is a float: only overflow is refused
        Model m = ModelJson.decode(text.replace("[-0.0, 1.4E-45]", "[-0.0, 1e-60]").getBytes(StandardCharsets.UTF_8), "m");
        assertEquals(0.0f, m.parameters()[1]);
    }

    @Test
    void syntaxErrorsAndMissingFiles() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\n  \"format\": \"mdn4j\",\n  \"version\": 1,,\n}");
        String m = assertThrows(DataException.class, () -> ModelJson.read(bad)).getMessage();
        assertEquals(bad + ": line 3, column 16 (byte 38): unexpected ',', expected a string key", m);
        Path missing = dir.resolve("missing.json");
        assertEquals(missing + ": no such file",
                assertThrows(DataException.class, () -> ModelJson.read(missing)).getMessage());
        Path array = dir.resolve("array.json");
        Files.writeString(array, "[1, 2]");
        assertEquals(array + ": the document: expected an object, found an array",
                assertThrows(DataException.class, () -> ModelJson.read(array)).getMessage());
    }
}
