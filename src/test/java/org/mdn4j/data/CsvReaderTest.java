package org.mdn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CsvReader on well-formed files: default and named columns, several inputs, blank lines. */
class CsvReaderTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return write(dir, text);
    }

    /** {@code text} as {@code dir/data.csv}, UTF-8. */
    static Path write(Path dir, String text) throws IOException {
        Path f = dir.resolve("data.csv");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void defaultColumnsTakeTheLastAsTarget() throws Exception {
        Path f = csv("a,b,y\n1,2,3\n4.5,-5e-1,6\n");
        Dataset d = CsvReader.read(f, null, null);
        assertEquals(2, d.size(), "rows");
        assertArrayEquals(new String[] {"a", "b"}, d.inputNames());
        assertArrayEquals(new String[] {"y"}, d.targetNames());
        assertArrayEquals(new float[] {1, 2, 4.5f, -0.5f}, d.x(), "inputs are row-major");
        assertArrayEquals(new float[] {3, 6}, d.t());
        assertEquals(f.toString(), d.name(), "the data set is named after its file");
    }

    @Test
    void columnsChosenByNameInTheGivenOrder() throws Exception {
        Path f = csv("y, noise ,b,a\n1,99,2,3\n4,98,5,6\n");
        Dataset d = CsvReader.read(f, List.of("a", "b"), List.of("y"));
        assertArrayEquals(new String[] {"a", "b"}, d.inputNames());
        assertArrayEquals(new float[] {3, 2, 6, 5}, d.x(), "inputs follow the --inputs order, not the file's");
        assertArrayEquals(new float[] {1, 4}, d.t());
    }

    @Test
    void targetsByNameLeaveEveryOtherColumnAsInput() throws Exception {
        Path f = csv("p,q,r,s\n1,2,3,4\n");
        Dataset d = CsvReader.read(f, null, List.of("q", "s"));
        assertArrayEquals(new String[] {"p", "r"}, d.inputNames());
        assertArrayEquals(new String[] {"q", "s"}, d.targetNames());
        assertArrayEquals(new float[] {1, 3}, d.x());
        assertArrayEquals(new float[] {2, 4}, d.t());
    }

    @Test
    void blankLinesAndSpacesAroundCellsAreIgnored() throws Exception {
        Path f = csv("\n  x , t \n\n 0.25 , 1 \n   \n0.5,2\n\n");
        Dataset d = CsvReader.read(f, null, null);
        assertArrayEquals(new float[] {0.25f, 0.5f}, d.x());
        assertArrayEquals(new float[] {1, 2}, d.t());
    }

    @Test
    void windowsLineEndingsAreAccepted() throws Exception {
        Path f = csv("x,t\r\n1,2\r\n3,4\r\n");
        Dataset d = CsvReader.read(f, null, null);
        assertArrayEquals(new float[] {1, 3}, d.x());
        assertArrayEquals(new float[] {2, 4}, d.t());
    }

    @Test
    void readColumnsReturnsTheNamedColumnsRowMajor() throws Exception {
        Path f = csv("a,b,c\n1,2,3\n4,5,6\n");
        assertArrayEquals(new float[] {3, 1, 6, 4}, CsvReader.readColumns(f, List.of("c", "a")));
    }
}
