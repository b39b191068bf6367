package org.mdn4j.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.data.DataException;
import org.mdn4j.nn.ModelSpec;

/**
 * Damaged and hostile model files: each is a {@link DataException} whose one-line message names
 * the file and a byte offset, never another exception and never a huge allocation.
 */
class ModelFileCorruptionTest {

    private static final Pattern OFFSET = Pattern.compile(": byte (\\d+): ");

    @TempDir
    Path dir;

    /** Writes the bytes to a file, reads it, and returns the message after checking its form. */
    private String rejectedFile(byte[] bytes) throws IOException {
        Path f = dir.resolve("damaged.mdn");
        Files.write(f, bytes);
        DataException e = assertThrows(DataException.class, () -> ModelFile.read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith(f + ": "), "names the file: " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
        return m;
    }

    private static String rejected(byte[] bytes) {
        DataException e = assertThrows(DataException.class, () -> ModelFile.decode(bytes, "where.mdn"),
                () -> "decoding " + bytes.length + " bytes");
        String m = e.getMessage();
        assertTrue(m.startsWith("where.mdn: "), "names the source: " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
        return m;
    }

    private static long offset(String message) {
        Matcher mt = OFFSET.matcher(message);
        assertTrue(mt.find(), "names a byte offset: " + message);
        return Long.parseLong(mt.group(1));
    }

    private static void assertAt(String message, long offset, String what) {
        assertTrue(offset(message) == offset, "offset " + offset + " expected: " + message);
        assertTrue(message.contains(what), "mentions '" + what + "': " + message);
    }

    /** Appends the CRC-32 that makes {@code body} pass the checksum. */
    static byte[] withCrc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }

    /** Builds a body field by field (big-endian, as the format says). */
    static final class Crafter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);

        Crafter() throws IOException {
            out.write(ModelFile.MAGIC);
            out.writeInt(1); // version 1 (no head byte, no scaler) keeps the crafted offsets simple; it still loads
        }

        Crafter header(int type, int inputs, int targets, int components, int... widths) throws IOException {
            out.writeByte(type);
            out.writeInt(inputs);
            out.writeInt(targets);
            out.writeInt(components);
            out.writeInt(widths.length);
            for (int w : widths) {
                out.writeInt(w);
                out.writeByte(1); // relu
            }
            return this;
        }

        Crafter i32(int v) throws IOException {
            out.writeInt(v);
            return this;
        }

        Crafter f32(float v) throws IOException {
            out.writeFloat(v);
            return this;
        }

        Crafter str(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
            return this;
        }

        int size() {
            return bytes.size();
        }

        byte[] body() {
            return bytes.toByteArray();
        }

        byte[] sealed() {
            return withCrc(body());
        }
    }

    // Byte offsets of the fixed header fields.
    private static final int AT_INPUTS = 13;
    private static final int AT_LAYERS = 25;
    private static final int AT_WIDTH0 = 29;

    @Test
    void wrongMagic() throws Exception {
        byte[] bytes = ModelFile.encode(TestModels.smallMlp());
        bytes[3] = 'X';
        assertAt(rejectedFile(bytes), 3, "not an mdn4j model");
        assertAt(rejectedFile("x,t\n1,2\n3,4\n5,6\n7,8\n".getBytes(StandardCharsets.US_ASCII)), 0, "wrong magic");
    }

    @Test
    void textModeTransferIsCaughtByTheMagic() throws Exception {
        byte[] bytes = ModelFile.encode(TestModels.smallMlp());
        byte[] mangled = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, mangled, 0, 6);
        System.arraycopy(bytes, 7, mangled, 6, bytes.length - 7); // CR LF -> LF
        assertAt(rejectedFile(mangled), 6, "not an mdn4j model");
    }

    @Test
    void unknownVersion() throws Exception {
        byte[] bytes = ModelFile.encode(TestModels.smallMlp());
        ByteBuffer.wrap(bytes).putInt(8, ModelFile.VERSION + 1);
        assertAt(rejectedFile(bytes), 8, "version " + (ModelFile.VERSION + 1) + " is not supported");
        ByteBuffer.wrap(bytes).putInt(8, 0);
        assertAt(rejectedFile(bytes), 8, "version 0 is not supported");
    }

    @Test
    void flippedParameterByteFailsTheChecksum() throws Exception {
        byte[] bytes = ModelFile.encode(TestModels.smallMdn());
        bytes[bytes.length - 4 - 7] ^= 0x10; // inside the last parameters
        assertAt(rejectedFile(bytes), bytes.length - 4, "checksum mismatch");
    }

    @Test
    void everyTruncationIsADataException() {
        byte[] full = ModelFile.encode(TestModels.smallMdn());
        for (int len = 0; len < full.length; len++) {
            String m = rejected(Arrays.copyOf(full, len));
            if (len >= 16) {
                offset(m);
            }
        }
    }

    /** Truncated, then resealed with a valid CRC: the parser itself must find the short read. */
    @Test
    void everyResealedTruncationIsADataException() {
        byte[] full = ModelFile.encode(TestModels.smallMdn());
        for (int len = 12; len < full.length - 4; len++) {
            long at = offset(rejected(withCrc(Arrays.copyOf(full, len))));
            assertTrue(at <= len, "offset " + at + " lies within the " + len + " bytes of the body");
        }
    }

    @Test
    void hugeHiddenWidthIsRejectedAtItsOffset() throws Exception {
        byte[] bytes = new Crafter().header(0, 1, 1, 3, 5, Integer.MAX_VALUE).sealed();
        assertAt(rejectedFile(bytes), AT_WIDTH0 + 5, "hidden width 2147483647 is out of range");
        assertAt(rejected(new Crafter().header(0, 1, 1, 3, -5).sealed()), AT_WIDTH0, "hidden width -5");
    }

    @Test
    void hugeLayerAndColumnCountsAreRejected() throws Exception {
        byte[] layers = new Crafter().header(0, 1, 1, 3).body();
        ByteBuffer.wrap(layers).putInt(AT_LAYERS, 1_000_000_000);
        assertAt(rejected(withCrc(layers)), AT_LAYERS, "hidden layer count 1000000000 is out of range");
        byte[] inputs = new Crafter().header(0, Integer.MIN_VALUE, 1, 3).sealed();
        assertAt(rejected(inputs), AT_INPUTS, "input count");
    }

    @Test
    void widthsWithinBoundsButTooManyParametersAreRejected() throws Exception {
        // Two layers of 2^20 units each pass the per-field bounds but need 2^40 weights.
        Crafter c = new Crafter().header(1, 1, 1, 0, 1 << 20, 1 << 20).f32(1e-6f).str("x").str("t").i32(0);
        int at = c.size();
        assertAt(rejected(c.i32(Integer.MAX_VALUE).sealed()), at, "too large");
    }

    @Test
    void hugeStringLengthAndEntryCountAreRejected() throws Exception {
        Crafter s = new Crafter().header(1, 1, 1, 0, 2).f32(1e-6f);
        int at = s.size();
        assertAt(rejected(s.i32(1 << 30).sealed()), at, "string length");
        Crafter neg = new Crafter().header(1, 1, 1, 0, 2).f32(1e-6f);
        assertAt(rejected(neg.i32(-1).sealed()), at, "string length -1");
        Crafter meta = new Crafter().header(1, 1, 1, 0, 2).f32(1e-6f).str("x").str("t");
        int metaAt = meta.size();
        assertAt(rejected(meta.i32(Integer.MAX_VALUE).sealed()), metaAt, "metadata entry count");
    }

    @Test
    void parameterCountMustMatchTheSpec() throws Exception {
        // MLP 1-2(relu)-1: 2 + 2 + 2 + 1 = 7 parameters.
        Crafter c = new Crafter().header(1, 1, 1, 0, 2).f32(1e-6f).str("x").str("t").i32(0);
        int at = c.size();
        assertAt(rejected(c.i32(Integer.MAX_VALUE).sealed()), at + 4, "does not match");
        Crafter ok = new Crafter().header(1, 1, 1, 0, 2).f32(1e-6f).str("x").str("t").i32(0).i32(7);
        for (int i = 0; i < 7; i++) {
            ok.f32(0.5f);
        }
        assertDoesNotThrow(() -> ModelFile.decode(ok.sealed(), "ok"), "the control file is valid");
        Crafter few = new Crafter().header(1, 1, 1, 0, 2).f32(1e-6f).str("x").str("t").i32(0).i32(7).f32(1f);
        assertTrue(rejected(few.sealed()).contains("expected 28 bytes of parameters, found 4"));
    }

    @Test
    void badEnumsAndFloorAreRejected() throws Exception {
        assertTrue(rejected(new Crafter().header(7, 1, 1, 3).sealed()).contains("unknown model type 7"));
        byte[] act = new Crafter().header(0, 1, 1, 3, 5).body();
        act[AT_WIDTH0 + 4] = 42;
        assertTrue(rejected(withCrc(act)).contains("unknown activation code 42"));
        assertTrue(rejected(new Crafter().header(0, 1, 1, 3).f32(Float.NaN).sealed()).contains("invalid model spec"));
        assertTrue(rejected(new Crafter().header(0, 1, 1, 0).f32(1e-6f).sealed()).contains("invalid model spec"),
                "an MDN needs a component");
    }

    @Test
    void invalidUtf8NameIsRejected() throws Exception {
        Crafter c = new Crafter().header(1, 1, 1, 0).f32(1e-6f);
        int at = c.size();
        c.i32(2);
        c.out.write(new byte[] {(byte) 0xC3, (byte) 0x28});
        assertAt(rejected(c.sealed()), at + 4, "not valid UTF-8");
    }

    @Test
    void nonFiniteParameterIsRejectedAtItsOffset() {
        Model good = TestModels.smallMlp();
        float[] p = good.parameters();
        p[3] = Float.NaN;
        Model bad = new Model(good.spec(), p, good.inputNames(), good.targetNames(), new LinkedHashMap<>());
        byte[] bytes = ModelFile.encode(bad);
        int paramsAt = bytes.length - 4 - 4 * p.length;
        assertAt(rejected(bytes), paramsAt + 4 * 3, "parameter 3 is not finite");
    }

    /**
     * K·(L+2) head rows overflow an int: K = 2^20, L = 2046 gives 2^31, which wraps so that the
     * parameter layout comes out as 0 parameters; the file then decodes into a model whose head
     * has 2^20 components and no rows.
     */
    @Test
    void headWidthOverflowIsRejected() throws Exception {
        Crafter c = new Crafter().header(0, 1, 2046, 1 << 20).f32(1e-6f).str("x");
        for (int i = 0; i < 2046; i++) {
            c.str("");
        }
        c.i32(0).i32(0);
        byte[] bytes = c.sealed();
        DataException e = assertThrows(DataException.class, () -> {
            Model m = ModelFile.decode(bytes, "where.mdn");
            ModelSpec s = m.spec();
            throw new AssertionError("decoded a model with " + s.components() + " components, " + s.outputs()
                    + " head rows and " + m.parameters().length + " parameters");
        });
        offset(e.getMessage());
    }
}
