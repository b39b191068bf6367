package org.mdn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.mdn4j.FuzzDurations;
import org.mdn4j.data.DataException;

/**
 * Fuzzes the checkpoint reader as {@link ModelFileFuzzTest} fuzzes the model reader: a
 * checkpoint that survives a write and read unchanged, or a {@link DataException}, nothing else.
 * Kept inputs: {@code src/test/resources/org/mdn4j/io/CheckpointFileFuzzTestInputs/decode}.
 */
class CheckpointFileFuzzTest {

    @FuzzTest(maxDuration = FuzzDurations.CI)
    void decode(byte[] bytes) {
        decodes(bytes);
        decodes(Crc32Trailer.seal(bytes));
    }

    private static void decodes(byte[] bytes) {
        Checkpoint checkpoint;
        try {
            checkpoint = CheckpointFile.decode(bytes, "fuzz.ckpt");
        } catch (DataException expected) {
            return;
        }
        byte[] again;
        try {
            again = CheckpointFile.encode(CheckpointFile.decode(CheckpointFile.encode(checkpoint), "again.ckpt"));
        } catch (DataException e) {
            throw new AssertionError("a decoded checkpoint does not read back: " + e.getMessage(), e);
        }
        assertArrayEquals(CheckpointFile.encode(checkpoint), again);
    }
}
