package org.mdn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CSV dialect: the delimiter detected from the header or given, RFC 4180 quoting, {@code #}
 * comments and blank lines skipped with errors still naming the file's physical lines.
 */
class CsvDialectTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return CsvReaderTest.write(dir, text);
    }

    private String message(Path f, Character delimiter) {
        return assertThrows(DataException.class, () -> CsvReader.read(f, null, null, delimiter)).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {",", ";", "\t", "|"})
    void theDelimiterIsDetectedFromTheHeader(String delim) throws Exception {
        Path f = csv(String.join(delim, "a", "b", "y") + "\n" + String.join(delim, "1", "2.5", "3") + "\n"
                + String.join(delim, " 4 ", "5", "-6") + "\n");
        Dataset d = CsvReader.read(f, null, null);
        assertArrayEquals(new String[] {"a", "b"}, d.inputNames());
        assertArrayEquals(new float[] {1, 2.5f, 4, 5}, d.x());
        assertArrayEquals(new float[] {3, -6}, d.t());
    }

    @Test
    void twoDelimitersInTheHeaderAreAmbiguousUnlessOneIsGiven() throws Exception {
        Path f = csv("# made by hand\nwidth;cm,height;cm\n1,3\n");
        assertEquals(f + ":2: cannot tell the delimiter: the header has ',' and ';' outside quotes; give --delimiter",
                message(f, null));
        Dataset d = CsvReader.read(f, null, null, ',');
        assertArrayEquals(new String[] {"width;cm"}, d.inputNames());
        assertArrayEquals(new String[] {"height;cm"}, d.targetNames());
        assertArrayEquals(new float[] {1}, d.x());
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndBlanks() throws Exception {
        Path f = csv("\"x, in \"\"m\"\"\",\" t \"\n\"1.5\",  \"2\"  \n3,4\n");
        Dataset d = CsvReader.read(f, null, null);
        assertArrayEquals(new String[] {"x, in \"m\""}, d.inputNames(), "a delimiter and doubled quotes in a name");
        assertArrayEquals(new String[] {" t "}, d.targetNames(), "a quoted name keeps its blanks");
        assertArrayEquals(new float[] {1.5f, 3}, d.x());
        assertArrayEquals(new float[] {2, 4}, d.t());
        // columns are chosen by the name as written inside the quotes
        assertArrayEquals(new float[] {1.5f, 3}, CsvReader.readColumns(f, List.of("x, in \"m\"")));
    }

    @Test
    void commentsAndBlankLinesAreSkippedAndErrorsNameThePhysicalLine() throws Exception {
        Path f = csv("# units: metres\n\n  # another comment\nx,t\n\n1,2\n# 5,6\n3,4\n   \n");
        Dataset d = CsvReader.read(f, null, null);
        assertArrayEquals(new float[] {1, 3}, d.x());
        Path g = csv("# comment\nx,t\r\n\r\n# comment\n1,2\r\n3,abc\r\n");
        assertEquals(g + ":6: column 't': 'abc' is not a number", message(g, null));
    }

    @Test
    void quotingErrorsNameTheLineAndField() throws Exception {
        Path unterminated = csv("x,t\n1,2\n\"3,4\n5,6\n");
        assertEquals(unterminated + ":3: field 1: unterminated quoted field (the quote is not closed on this line)",
                message(unterminated, null));
        Path after = csv("x,t\n1,\"2\"x\n");
        assertEquals(after + ":2: field 2: 'x' after a closing quote (expected the delimiter ',')", message(after, null));
        Path inside = csv("x,t\n1,2\"5\n");
        assertEquals(inside + ":2: field 2: a quote inside an unquoted field (quote the whole field and double the "
                + "quote)", message(inside, null));
        Path header = csv("\"x,t\n1,2\n");
        assertEquals(header + ":1: field 1: unterminated quoted field (the quote is not closed on this line)",
                message(header, null));
    }

    @Test
    void aDelimiterInsideQuotesDoesNotCountForDetection() throws Exception {
        Path f = csv("\"a;b\"\t\"c|d\"\n1\t2\n");
        Dataset d = CsvReader.read(f, null, null);
        assertArrayEquals(new String[] {"a;b"}, d.inputNames());
        assertArrayEquals(new String[] {"c|d"}, d.targetNames());
    }

    @Test
    void aHeaderWithoutAnyDelimiterSaysWhichWasAssumed() throws Exception {
        Path f = csv("x t\n1 2\n");
        assertEquals(f + ":1: the header names one column; at least one input and one target are needed "
                + "(delimiter ','; give --delimiter if it is another)", message(f, null));
    }

    @Test
    void theOptionNamesEachDelimiter() {
        assertEquals('\t', CsvSyntax.parseOption("tab"));
        assertEquals('|', CsvSyntax.parseOption("|"));
        assertEquals(';', CsvSyntax.parseOption(";"));
        assertEquals("--delimiter: expected one of , ; | tab, got 'space'",
                assertThrows(IllegalArgumentException.class, () -> CsvSyntax.parseOption("space")).getMessage());
    }
}
