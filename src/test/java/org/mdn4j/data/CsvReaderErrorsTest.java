package org.mdn4j.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad CSV input: every problem is a {@link DataException} with a one-line message
 * {@code FILE:LINE: problem} (or {@code FILE: problem} where there is no line to name).
 */
class CsvReaderErrorsTest {

    @TempDir
    Path dir;

    private Path file(byte[] bytes) throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.write(f, bytes);
        return f;
    }

    private Path file(String text) throws IOException {
        return file(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String fails(Path f, List<String> inputs, List<String> targets) {
        DataException e = assertThrows(DataException.class, () -> CsvReader.read(f, inputs, targets));
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
        assertTrue(m.startsWith(f.toString() + ":"), "names the file first: " + m);
        return m;
    }

    /** Asserts the message is {@code FILE:LINE: ...} and mentions {@code what}. */
    private static void failsAt(Path f, int line, String what, List<String> inputs, List<String> targets) {
        String m = fails(f, inputs, targets);
        assertTrue(m.startsWith(f + ":" + line + ": "), "names line " + line + ": " + m);
        assertTrue(m.contains(what), "mentions '" + what + "': " + m);
    }

    @ParameterizedTest(name = "cell {0}")
    @CsvSource(delimiter = '|', value = {
            "abc       | is not a number",
            "1.2.3     | is not a number",
            "NaN       | not a finite number",
            "Infinity  | not a finite number",
            "-Infinity | not a finite number",
            "1e39      | overflows a 32-bit float",
            "-1e39     | overflows a 32-bit float",
    })
    void badCellNamesLineAndColumn(String cell, String problem) throws Exception {
        Path f = file("x,t\n1,2\n3," + cell + "\n");
        failsAt(f, 3, problem, null, null);
        assertTrue(fails(f, null, null).contains("'t'"), "names the column");
    }

    @Test
    void largestFloatsStillParse() throws Exception {
        // Controls for the overflow check: ±3.4e38 fit a float, 1e-50 underflows to 0 (not an error).
        Dataset d = CsvReader.read(file("x,t\n3.4e38,-3.4e38\n1e-50,0\n"), null, null);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {3.4e38f, 0f}, d.x());
    }

    @Test
    void emptyCellIsRejected() throws Exception {
        failsAt(file("x,t\n1,\n"), 2, "empty", null, null);
    }

    @Test
    void tooFewValuesInARow() throws Exception {
        failsAt(file("a,b,t\n1,2,3\n4,5\n"), 3, "expected 3 values, found 2", null, null);
    }

    @Test
    void tooManyValuesInARow() throws Exception {
        failsAt(file("a,b,t\n1,2,3\n4,5,6\n7,8,9,10\n"), 4, "expected 3 values, found 4", null, null);
    }

    @Test
    void emptyFile() throws Exception {
        assertTrue(fails(file(""), null, null).contains("empty"));
        assertTrue(fails(file("\n  \n\n"), null, null).contains("empty"), "blank lines only count as empty");
    }

    @Test
    void headerOnly() throws Exception {
        assertTrue(fails(file("x,t\n\n"), null, null).contains("no data rows"));
    }

    @Test
    void headerOnlyNamesALine() throws Exception {
        failsAt(file("x,t\n"), 2, "no data rows", null, null);
    }

    @Test
    void headerWithOneColumn() throws Exception {
        failsAt(file("x\n1\n"), 1, "one column", null, null);
    }

    @Test
    void unknownColumnName() throws Exception {
        Path f = file("a,b,t\n1,2,3\n");
        failsAt(f, 1, "no column named 'c'", List.of("a", "c"), null);
        failsAt(f, 1, "no column named 'y'", null, List.of("y"));
    }

    @Test
    void duplicateHeaderName() throws Exception {
        failsAt(file("a,b,a\n1,2,3\n"), 1, "'a' appears twice", null, null);
    }

    @Test
    void emptyHeaderName() throws Exception {
        failsAt(file("a,,t\n1,2,3\n"), 1, "column 2 has an empty name", null, null);
    }

    @Test
    void columnBothInputAndTarget() throws Exception {
        Path f = file("a,b,t\n1,2,3\n");
        assertTrue(fails(f, List.of("a", "t"), List.of("t")).contains("'t' is both an input and a target"));
    }

    @Test
    void columnBothInputAndTargetNamesTheHeaderLine() throws Exception {
        failsAt(file("a,b,t\n1,2,3\n"), 1, "both an input and a target", List.of("a", "t"), List.of("t"));
    }

    @Test
    void nulByte() throws Exception {
        failsAt(file("x,t\n1,2\n3\0,4\n".getBytes(StandardCharsets.UTF_8)), 3, "binary", null, null);
    }

    private static byte[] withInvalidUtf8OnLine2() {
        return new byte[] {'x', ',', 't', '\n', '1', ',', (byte) 0xC3, (byte) 0x28, '\n', '3', ',', '4', '\n'};
    }

    /** Lines 2..2001 are good, line 2002 holds a byte that is never valid UTF-8. */
    private static byte[] withInvalidUtf8OnLine2002() {
        StringBuilder sb = new StringBuilder("x,t\n");
        for (int i = 0; i < 2000; i++) {
            sb.append(i).append(",0.5\n");
        }
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 4);
        bytes[head.length] = '7';
        bytes[head.length + 1] = ',';
        bytes[head.length + 2] = (byte) 0xFF;
        bytes[head.length + 3] = '\n';
        return bytes;
    }

    @Test
    void invalidUtf8() throws Exception {
        assertTrue(fails(file(withInvalidUtf8OnLine2()), null, null).contains("not UTF-8"));
        assertTrue(fails(file(withInvalidUtf8OnLine2002()), null, null).contains("not UTF-8"));
    }

    @Test
    void invalidUtf8NamesItsLine() throws Exception {
        failsAt(file(withInvalidUtf8OnLine2()), 2, "not UTF-8", null, null);
        failsAt(file(withInvalidUtf8OnLine2002()), 2002, "not UTF-8", null, null);
    }

    @Test
    void randomBinaryGarbage() throws Exception {
        byte[] bytes = new byte[4096];
        new java.util.SplittableRandom(42).nextBytes(bytes);
        fails(file(bytes), null, null);
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.csv");
        assertTrue(fails(f, null, null).contains("no such file"));
    }

    @Test
    void aDirectoryIsNotAFile() {
        assertTrue(fails(dir, null, null).contains("cannot read"));
    }
}
