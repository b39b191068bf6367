package org.mdn4j.io;

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
        FuzzedFormat.decodesOrRefuses(bytes, CheckpointFile::decode, CheckpointFile::encode);
    }
}
