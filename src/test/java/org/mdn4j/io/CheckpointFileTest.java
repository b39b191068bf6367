package org.mdn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.data.DataException;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;
import org.mdn4j.train.TrainConfig;
import org.mdn4j.train.TrainState;

/** The checkpoint format: exact round trip, and one-line refusals of damaged or foreign files. */
class CheckpointFileTest {

    @TempDir
    Path dir;

    /** The byte offset of the clipping norm in version 2: right after the config's thread count. */
    private static final int CLIP_AT = 76;

    private static Checkpoint sample() {
        Model m = TestModels.smallMdn();
        int p = m.parameters().length;
        float[] mom = new float[p];
        float[] vel = new float[p];
        for (int i = 0; i < p; i++) {
            mom[i] = (i - 3) * 1e-3f;
            vel[i] = i * 1e-7f;
        }
        Dataset d = ToyData.generate(50, 1, true);
        return new Checkpoint(m.spec(), m.inputNames(), m.targetNames(), TrainConfig.adam(500, 32, 0.002f, -7L, 3),
                "scalar kernels", DataIdentity.of(d), new TrainState(123, 456L, 2L, -0.25, m.parameters(), mom, vel),
                null, 0.75f);
    }

    @Test
    void roundTripIsExact() throws Exception {
        Checkpoint c = sample();
        Path f = dir.resolve("run.ckpt");
        CheckpointFile.write(c, f);
        assertEquals(List.of("run.ckpt"), Arrays.stream(dir.toFile().list()).toList(), "no temp files left");
        Checkpoint r = CheckpointFile.read(f);
        assertEquals(c.spec(), r.spec());
        assertArrayEquals(c.inputNames(), r.inputNames());
        assertArrayEquals(c.targetNames(), r.targetNames());
        assertEquals(c.config(), r.config());
        assertEquals(c.kernels(), r.kernels());
        assertEquals(c.data(), r.data());
        assertEquals(0.75f, r.clip());
        assertEquals(c.state().epoch(), r.state().epoch());
        assertEquals(c.state().adamStep(), r.state().adamStep());
        assertEquals(c.state().nonFiniteSteps(), r.state().nonFiniteSteps());
        assertEquals(c.state().lastLoss(), r.state().lastLoss(), 0.0);
        assertArrayEquals(c.state().values(), r.state().values(), 0f);
        assertArrayEquals(c.state().m(), r.state().m(), 0f);
        assertArrayEquals(c.state().v(), r.state().v(), 0f);
        assertArrayEquals(CheckpointFile.encode(c), Files.readAllBytes(f));
        assertTrue(c.differences(r.spec(), r.inputNames(), r.targetNames(), r.config(), r.kernels(), r.data(),
                r.scaler(), r.clip()).isEmpty(), "a checkpoint matches its own run");
    }

    @Test
    void damagedFilesAreRefusedInOneLine() {
        byte[] good = CheckpointFile.encode(sample());
        for (int at : new int[] {9, 20, 40, 70, good.length / 2, good.length - 10, good.length - 1}) {
            byte[] b = good.clone();
            b[at] ^= 0x10;
            String m = rejected(b);
            assertTrue(m.contains("checksum mismatch") || m.contains("version"), "byte " + at + ": " + m);
        }
        for (int len : new int[] {0, 10, 17, 100, good.length - 1}) {
            rejected(Arrays.copyOf(good, len));
        }
        assertTrue(rejected(ModelFile.encode(TestModels.smallMdn())).contains("wrong magic number"),
                "a model file is not a checkpoint");
        byte[] v3 = good.clone();
        v3[11] = 3;
        assertTrue(rejected(v3).contains("checkpoint version 3 is not supported (this build reads versions 1 and 2)"));
    }

    @Test
    void nonFiniteMomentsAreRefusedEvenWithAValidChecksum() {
        byte[] b = CheckpointFile.encode(sample());
        ByteBuffer.wrap(b).putFloat(b.length - 8, Float.NaN); // the last v
        reseal(b);
        assertTrue(rejected(b).contains("is not finite"));
    }

    /** Rewrites the CRC-32 trailer after an edit, so the reader's own checks are what is tested. */
    private static void reseal(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
    }

    /** Version 1, written before the clipping norm was recorded: loads, says so, and writes back unchanged. */
    @Test
    void aVersion1CheckpointStillLoads() throws Exception {
        Checkpoint c = sample();
        byte[] v2 = CheckpointFile.encode(c);
        assertEquals(0.75f, ByteBuffer.wrap(v2).getFloat(CLIP_AT), "the norm sits after the config");
        byte[] v1 = new byte[v2.length - 4];
        System.arraycopy(v2, 0, v1, 0, CLIP_AT);
        System.arraycopy(v2, CLIP_AT + 4, v1, CLIP_AT, v2.length - CLIP_AT - 4);
        ByteBuffer.wrap(v1).putInt(8, 1);
        reseal(v1);
        Checkpoint r = CheckpointFile.decode(v1, "old.ckpt");
        assertFalse(r.clipRecorded());
        assertEquals(c.config(), r.config());
        assertEquals(c.kernels(), r.kernels());
        assertEquals(c.data(), r.data());
        assertArrayEquals(c.state().v(), r.state().v(), 0f);
        assertTrue(r.differences(c.spec(), c.inputNames(), c.targetNames(), c.config(), c.kernels(), c.data(), null,
                2.5f).isEmpty(), "an unrecorded norm is not compared: the resume's --clip applies");
        assertArrayEquals(v1, CheckpointFile.encode(r), "written back as version 1");
    }

    @Test
    void anInvalidClippingNormIsRefusedEvenWithAValidChecksum() {
        for (float bad : new float[] {-1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            byte[] b = CheckpointFile.encode(sample());
            ByteBuffer.wrap(b).putFloat(CLIP_AT, bad);
            reseal(b);
            String m = rejected(b);
            assertTrue(m.contains("byte " + CLIP_AT + ": the clipping norm must be a finite number >= 0, got " + bad), m);
        }
    }

    @Test
    void differencesNameEachMismatch() {
        Checkpoint c = sample();
        TrainConfig k = c.config();
        TrainConfig other = new TrainConfig(900, 64, k.lr(), k.beta1(), k.beta2(), k.eps(), 8, k.threads());
        DataIdentity d = new DataIdentity(c.data().name(), c.data().rows(), c.data().checksum() + 1);
        List<String> diff = c.differences(c.spec(), c.inputNames(), c.targetNames(), other, "simd", d);
        assertEquals(List.of("data checksum " + String.format("%08x", d.checksum()) + " (checkpoint: "
                        + String.format("%08x", c.data().checksum()) + ")", "--batch 64 (checkpoint: 32)",
                "--seed 8 (checkpoint: -7)", "--clip 0.0 (checkpoint: 0.75)",
                "kernels 'simd' (checkpoint: 'scalar kernels')"), diff,
                "--epochs may differ; the rest may not");
    }

    private static String rejected(byte[] bytes) {
        DataException e = assertThrows(DataException.class, () -> CheckpointFile.decode(bytes, "run.ckpt"));
        String m = e.getMessage();
        assertTrue(m.startsWith("run.ckpt"), m);
        assertFalse(m.contains("\n"), m);
        return m;
    }
}
