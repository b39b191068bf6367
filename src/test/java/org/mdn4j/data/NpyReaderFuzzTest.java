package org.mdn4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.stream.IntStream;
import org.mdn4j.FuzzDurations;

/**
 * Fuzzes the .npy reader: whatever the bytes, decoding and reading every column gives
 * rows × columns finite values or throws {@link DataException}, nothing else (an absurd shape
 * must not allocate). Kept inputs: {@code src/test/resources/org/mdn4j/data/NpyReaderFuzzTestInputs/decode}.
 */
class NpyReaderFuzzTest {

    @FuzzTest(maxDuration = FuzzDurations.CI)
    void decode(byte[] bytes) {
        try {
            NpyReader.NpyArray a = NpyReader.decode(bytes, "fuzz.npy");
            float[] all = a.select(IntStream.range(0, a.columns()).toArray());
            assertEquals((long) a.rows() * a.columns(), all.length);
            assertTrue(a.rows() > 0 && FuzzedData.allFinite(all));
        } catch (DataException expected) {
            // the one way to refuse
        }
    }
}
