package org.mdn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.mdn4j.FuzzDurations;
import org.mdn4j.data.DataException;

/**
 * Fuzzes the model-file reader: whatever the bytes, {@link ModelFile#decode} returns a model
 * that survives a write and read unchanged, or throws {@link DataException}; any other exception
 * or error (an overflow, an out-of-range index, an allocation the file's size does not justify)
 * is a finding. Each input is decoded twice, as it is and with a valid CRC-32 appended, so the
 * mutations reach the fields behind the checksum. The kept inputs (seeds and every crash found)
 * are in {@code src/test/resources/org/mdn4j/io/ModelFileFuzzTestInputs/decode}; see
 * {@code docs/RELIABILITY.md}.
 */
class ModelFileFuzzTest {

    @FuzzTest(maxDuration = FuzzDurations.CI)
    void decode(byte[] bytes) {
        decodes(bytes);
        decodes(Crc32Trailer.seal(bytes));
    }

    private static void decodes(byte[] bytes) {
        Model model;
        try {
            model = ModelFile.decode(bytes, "fuzz.mdn");
        } catch (DataException expected) {
            return;
        }
        byte[] again;
        try {
            again = ModelFile.encode(ModelFile.decode(ModelFile.encode(model), "again.mdn"));
        } catch (DataException e) {
            throw new AssertionError("a decoded model does not read back: " + e.getMessage(), e);
        }
        assertArrayEquals(ModelFile.encode(model), again);
    }
}
