package org.mdn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.data.DataException;

/** The JSON parser: every value type, escapes, strict number grammar, and positioned errors. */
class JsonReaderTest {

    private static Object parse(String text) throws DataException {
        return JsonReader.parse(text.getBytes(StandardCharsets.UTF_8), "f.json");
    }

    private static String error(String text) {
        return assertThrows(DataException.class, () -> parse(text), text).getMessage();
    }

    @Test
    void everyValueType() throws Exception {
        Object v = parse(" {\"a\": [1, -2.5e-3, true, false, null, \"s\"], \"b\": {}, \"c\": []}\n");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(new JsonNumber("1"), new JsonNumber("-2.5e-3"), true, false, null, "s"));
        expected.put("b", Map.of());
        expected.put("c", List.of());
        assertEquals(expected, v);
        assertEquals(List.of("b", "a", "c"), new ArrayList<>(((Map<?, ?>) parse("{\"b\":1,\"a\":2,\"c\":3}")).keySet()),
                "keys keep their order");
        assertEquals(new JsonNumber("0"), parse("0"));
        assertNull(parse("null"));
        assertEquals("x", parse("\uFEFF\"x\""), "a byte-order mark is skipped");
    }

    @Test
    void numbersKeepTheirText() throws Exception {
        for (String n : List.of("0", "-0", "-0.0", "12", "1.5E+10", "1e-45", "3.4028235E38", "123456789012345678901")) {
            assertEquals(n, ((JsonNumber) parse(n)).text());
        }
        assertTrue(new JsonNumber("-12").isInteger());
        assertFalse(new JsonNumber("1e3").isInteger());
        assertFalse(new JsonNumber("1.0").isInteger());
    }

    @Test
    void stringEscapes() throws Exception {
        assertEquals("q\" b\\ s/ \b\f\n\r\t é ✓ \uD83D\uDE00",
                parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\u2713 \\uD83D\\uDE00\""));
        assertEquals("ünï ✓ \uD83D\uDE00", parse("\"ünï ✓ \uD83D\uDE00\""), "raw UTF-8 passes through");
    }

    @Test
    void writerOutputParsesBack() throws Exception {
        String awkward = "quote\" backslash\\ nl\n cr\r tab\t bell\u0007 del\u007f ünï ✓ \uD83D\uDE00 \u2028";
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put(awkward, List.of(awkward, List.of(), Map.of()));
        tree.put("n", new JsonNumber("-1.5e3"));
        tree.put("f", new float[] {-0.0f, Float.MIN_VALUE, Float.MAX_VALUE});
        for (String text : List.of(JsonWriter.pretty(tree), JsonWriter.compact(tree))) {
            Map<?, ?> back = (Map<?, ?>) parse(text);
            assertEquals(tree.get(awkward), back.get(awkward), text);
            assertEquals(List.of(new JsonNumber("-0.0"), new JsonNumber("1.4E-45"), new JsonNumber("3.4028235E38")),
                    back.get("f"));
        }
        assertFalse(JsonWriter.compact(tree).contains("\n"), "compact is one line");
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.compact(new float[] {Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.compact(Float.POSITIVE_INFINITY));
    }

    /** Each error names the file, then line, column and byte of the offending character. */
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``                       | line 1, column 1 (byte 0): no JSON value",
            "`{\"a\": 1,}`            | line 1, column 9 (byte 8): unexpected '}', expected a string key",
            "`[1 2]`                  | line 1, column 4 (byte 3): unexpected '2', expected ',' or ']'",
            "`{\"a\" 1}`              | line 1, column 6 (byte 5): unexpected '1', expected ':'",
            "`{\"a\": 1 \"b\": 2}`    | line 1, column 9 (byte 8): unexpected '\"', expected ',' or '}'",
            "`[1,\n 2,\n tru]`        | line 3, column 2 (byte 9): unexpected 't', expected a value",
            "`[1] x`                  | line 1, column 5 (byte 4): unexpected 'x' after the JSON value",
            "`[01]`                   | line 1, column 3 (byte 2): a number must not have a leading zero",
            "`[1.]`                   | line 1, column 4 (byte 3): expected a digit after the decimal point",
            "`[1e]`                   | line 1, column 4 (byte 3): expected a digit in the exponent",
            "`[-]`                    | line 1, column 3 (byte 2): expected a digit in a number",
            "`[+1]`                   | line 1, column 2 (byte 1): unexpected '+'",
            "`[NaN]`                  | line 1, column 2 (byte 1): unexpected 'N'",
            "`\"abc`                  | line 1, column 1 (byte 0): unterminated string",
            "`\"a\\x\"`               | line 1, column 3 (byte 2): invalid escape \\x",
            "`\"\\u12G4\"`            | line 1, column 2 (byte 1): a \\u escape needs four hex digits",
            "`\"\\uD83D x\"`          | line 1, column 2 (byte 1): unpaired surrogate",
            "`\"\\uDE00\"`            | line 1, column 2 (byte 1): unpaired surrogate",
            "`\"é\ttab\"`             | line 1, column 3 (byte 3): control character U+0009",
            "`{\"k\": 1, \"k\": 2}`   | line 1, column 10 (byte 9): duplicate key \"k\"",
            "`[1,`                    | line 1, column 4 (byte 3): unexpected end of input, expected a value",
            "`{\"a\": [1}`            | line 1, column 9 (byte 8): unexpected '}', expected ',' or ']'",
    })
    void syntaxErrors(String text, String message) {
        String m = error(text);
        assertTrue(m.startsWith("f.json: "), m);
        assertTrue(m.contains(message), m + "\n  should contain: " + message);
        assertFalse(m.contains("\n"), "one line: " + m);
    }

    @Test
    void positionsCountUtf8Bytes() {
        // 'é' is one column but two bytes
        assertTrue(error("[\"é\", x]").contains("line 1, column 7 (byte 7)"), error("[\"é\", x]"));
    }

    @Test
    void invalidUtf8NamesTheByte() {
        byte[] bytes = {'[', '"', 'a', (byte) 0xC3, '"', ']'};
        String m = assertThrows(DataException.class, () -> JsonReader.parse(bytes, "f.json")).getMessage();
        assertEquals("f.json: byte 3: not valid UTF-8", m);
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() throws Exception {
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertTrue(parse(ok) instanceof List);
        int n = 100_000;
        String m = error("[".repeat(n) + "]".repeat(n));
        assertTrue(m.contains("nesting deeper than " + JsonReader.MAX_DEPTH), m);
    }
}
