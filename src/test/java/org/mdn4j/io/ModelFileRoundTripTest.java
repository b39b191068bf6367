package org.mdn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encode → decode gives the same model; write() replaces files atomically and leaves no temp files. */
class ModelFileRoundTripTest {

    @TempDir
    Path dir;

    static void assertSameModel(Model expected, Model actual) {
        assertEquals(expected.spec(), actual.spec(), "spec");
        assertEquals(expected.spec().sigmaFloor(), actual.spec().sigmaFloor(), "sigma floor");
        float[] e = expected.parameters();
        float[] a = actual.parameters();
        assertEquals(e.length, a.length, "parameter count");
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), "parameter " + i + " bits");
        }
        assertArrayEquals(expected.inputNames(), actual.inputNames(), "input names");
        assertArrayEquals(expected.targetNames(), actual.targetNames(), "target names");
        assertEquals(new ArrayList<>(expected.metadata().entrySet()), new ArrayList<>(actual.metadata().entrySet()),
                "metadata, in order");
        assertEquals(expected.scaler(), actual.scaler(), "scaler");
    }

    @Test
    void headAndScalerRoundTrip() throws Exception {
        Model m = TestModels.fullHeadWithScaler();
        assertEquals(3 * (1 + 3 + 6), m.spec().outputs(), "full head: K·(1 + L + L(L+1)/2)");
        byte[] bytes = ModelFile.encode(m);
        Model back = ModelFile.decode(bytes, "mem");
        assertSameModel(m, back);
        assertEquals(org.mdn4j.nn.Head.FULL, back.spec().head());
    }

    @Test
    void badHeadCodeAndScalerAreRejectedWithTheirOffset() throws Exception {
        byte[] bytes = ModelFile.encode(TestModels.fullHeadWithScaler());
        byte[] head = bytes.clone();
        head[13] = 9; // the head byte follows magic (8), version (4) and type (1)
        assertTrue(rejected(head).contains("byte 14: unknown head code 9"), rejected(head));
        // The scaler flag sits right before the parameter count; find it from the end.
        int params = TestModels.fullHeadWithScaler().parameters().length;
        int flagAt = bytes.length - 4 - 4 * params - 4 - 4 * (2 + 2 + 3 + 3) - 1;
        assertEquals(1, bytes[flagAt], "scaler flag");
        byte[] flag = bytes.clone();
        flag[flagAt] = 2;
        assertTrue(rejected(flag).contains("byte " + flagAt + ": scaler flag 2"), rejected(flag));
        byte[] std = bytes.clone();
        java.nio.ByteBuffer.wrap(std).putFloat(flagAt + 1 + 8, 0f); // x_std[0]
        assertTrue(rejected(std).contains("byte " + (flagAt + 1) + ": invalid scaler: x_std[0] must be positive"),
                rejected(std));
    }

    /** Re-seals the CRC so the check under test is the field's own, not the checksum. */
    private static String rejected(byte[] bytes) {
        byte[] body = java.util.Arrays.copyOf(bytes, bytes.length - 4);
        return assertThrows(org.mdn4j.data.DataException.class,
                () -> ModelFile.decode(Crc32Trailer.seal(body), "m.mdn")).getMessage();
    }

    @Test
    void mdnRoundTrip() throws Exception {
        Model m = TestModels.smallMdn();
        byte[] bytes = ModelFile.encode(m);
        assertSameModel(m, ModelFile.decode(bytes, "mem"));
        assertArrayEquals(bytes, ModelFile.encode(ModelFile.decode(bytes, "mem")), "re-encoding is byte-identical");
    }

    @Test
    void mlpRoundTripThroughAFile() throws Exception {
        Model m = TestModels.smallMlp();
        Path f = dir.resolve("mlp.mdn");
        ModelFile.write(m, f);
        assertSameModel(m, ModelFile.read(f));
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTempFiles() throws Exception {
        Path f = dir.resolve("model.mdn");
        Files.writeString(f, "an older, longer file that is not a model at all ..............................");
        ModelFile.write(TestModels.smallMlp(), f);
        ModelFile.write(TestModels.smallMdn(), f);
        assertSameModel(TestModels.smallMdn(), ModelFile.read(f));
        assertEquals(List.of("model.mdn"), listing(dir), "only the model is left in the folder");
    }

    @Test
    void writeCreatesMissingFolders() throws Exception {
        Path f = dir.resolve("a/b/model.mdn");
        ModelFile.write(TestModels.smallMlp(), f);
        assertSameModel(TestModels.smallMlp(), ModelFile.read(f));
        assertEquals(List.of("model.mdn"), listing(f.getParent()));
    }

    @Test
    void failedWriteLeavesNoTempFileAndKeepsTheTarget() throws Exception {
        // The target is a non-empty folder: the rename fails after the temp file was written.
        Path target = dir.resolve("taken");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "keep");
        assertThrows(IOException.class, () -> ModelFile.write(TestModels.smallMlp(), target));
        assertEquals(List.of("taken"), listing(dir), "no temp file left behind");
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void readOfAMissingFileIsADataException() {
        Path f = dir.resolve("missing.mdn");
        var e = assertThrows(org.mdn4j.data.DataException.class, () -> ModelFile.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
}
