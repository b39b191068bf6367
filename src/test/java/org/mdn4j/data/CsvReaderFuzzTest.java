package org.mdn4j.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mdn4j.FuzzDurations;

/**
 * Fuzzes the CSV reader: whatever the file's bytes, reading it with the default columns and with
 * named columns gives a data set of finite values or throws {@link DataException}, nothing else.
 * Kept inputs: {@code src/test/resources/org/mdn4j/data/CsvReaderFuzzTestInputs/read}.
 */
class CsvReaderFuzzTest {

    private static final Path FILE = temporaryFile();

    private static Path temporaryFile() {
        try {
            Path f = Files.createTempFile("mdn4j-fuzz", ".csv");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = FuzzDurations.CI)
    void read(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            Dataset d = CsvReader.read(FILE, null, null);
            assertTrue(d.size() > 0 && FuzzedData.allFinite(d.x()) && FuzzedData.allFinite(d.t()));
        } catch (DataException expected) {
            // the one way to refuse
        }
        try {
            Dataset d = CsvReader.read(FILE, List.of("x", "y"), List.of("t"));
            assertTrue(d.size() > 0 && FuzzedData.allFinite(d.x()) && FuzzedData.allFinite(d.t()));
        } catch (DataException expected) {
            // the one way to refuse
        }
    }
}
