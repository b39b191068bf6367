package org.mdn4j.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.mdn4j.FuzzDurations;
import org.mdn4j.data.DataException;

/**
 * Fuzzes the model-file reader: whatever the bytes, {@link ModelFile#decode} returns a model
 * that survives a write and read unchanged, or throws {@link DataException}; any other exception
 * or error (an overflow, an out-of-range index, an allocation the file's size does not justify)
 * is a finding ({@link FuzzedFormat}). The kept inputs (seeds and every crash found) are in
 * {@code src/test/resources/org/mdn4j/io/ModelFileFuzzTestInputs/decode}; see
 * {@code docs/RELIABILITY.md}.
 */
class ModelFileFuzzTest {

    @FuzzTest(maxDuration = FuzzDurations.CI)
    void decode(byte[] bytes) {
        FuzzedFormat.decodesOrRefuses(bytes, ModelFile::decode, ModelFile::encode);
    }
}
