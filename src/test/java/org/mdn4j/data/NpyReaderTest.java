package org.mdn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The .npy reader: files NumPy wrote (test resources), every supported version, dtype and byte
 * order built by hand, column selection, and each malformed file named with its byte offset.
 */
class NpyReaderTest {

    private static final float[] ONE_TO_SIX = {1, 2, 3, 4, 5, 6};

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = NpyReaderTest.class.getResourceAsStream("numpy/" + name)) {
            return in.readAllBytes();
        }
    }

    private Path file(byte[] bytes) throws Exception {
        Path f = dir.resolve("a.npy");
        Files.write(f, bytes);
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1-f4-le-3x2.npy", "v2-f8-be-3x2.npy", "v3-f8-le-3x2.npy"})
    void readsWhatNumPyWrote(String name) throws Exception {
        Dataset d = NpyReader.read(file(resource(name)), null, null);
        assertArrayEquals(new float[] {1, 3, 5}, d.x());
        assertArrayEquals(new float[] {2, 4, 6}, d.t());
        assertArrayEquals(new String[] {"col0"}, d.inputNames());
        assertArrayEquals(new String[] {"col1"}, d.targetNames());
    }

    @Test
    void aOneDimensionalArrayIsOneColumn() throws Exception {
        assertArrayEquals(new float[] {0.5f, -1.25f, 3}, NpyReader.readColumns(file(resource("v1-f4-be-1d.npy")),
                List.of("0")));
    }

    @ParameterizedTest(name = "version {0}, {1}")
    @CsvSource({"1, <f4", "1, >f4", "2, <f8", "2, >f8", "3, <f4", "3, >f8"})
    void everyVersionDtypeAndByteOrder(int major, String descr) throws Exception {
        SplittableRandom rng = new SplittableRandom(41);
        int rows = 13;
        int cols = 3;
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) rng.nextDouble(-1e6, 1e6);
        }
        ByteOrder order = descr.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        byte[] data = descr.endsWith("4") ? NpyBytes.floats(order, values)
                : NpyBytes.doubles(order, values);
        byte[] bytes = NpyBytes.file(major, NpyBytes.dict(descr, "(" + rows + ", " + cols + ")"), data);
        Dataset d = NpyReader.read(file(bytes), List.of("2", "col0"), List.of("1"));
        float[] x = new float[rows * 2];
        float[] t = new float[rows];
        for (int n = 0; n < rows; n++) {
            x[2 * n] = values[n * cols + 2];
            x[2 * n + 1] = values[n * cols];
            t[n] = values[n * cols + 1];
        }
        assertArrayEquals(x, d.x());
        assertArrayEquals(t, d.t());
        assertArrayEquals(new String[] {"col2", "col0"}, d.inputNames());
    }


    @Test
    void headerVariantsPythonWritesAreAccepted() throws Exception {
        // double quotes, keys in another order, no trailing comma, a trailing comma in a 2-tuple
        String dict = "{\"shape\": (3,2,), \"fortran_order\": False, \"descr\": \"<f4\"}";
        Dataset d = NpyReader.read(file(NpyBytes.file(1, dict, NpyBytes.floats(ByteOrder.LITTLE_ENDIAN, ONE_TO_SIX))),
                null, null);
        assertArrayEquals(new float[] {2, 4, 6}, d.t());
    }

    @Test
    void float64ValuesAreRoundedToFloat() throws Exception {
        double v = 0.1;
        byte[] bytes = NpyBytes.file(1, NpyBytes.dict("<f8", "(1, 2)"), NpyBytes.doubles(ByteOrder.LITTLE_ENDIAN, v, -v));
        assertArrayEquals(new float[] {0.1f}, NpyReader.read(file(bytes), null, null).x());
    }

    /** The message for a malformed file: the path, {@code byte N}, the problem. */
    private void rejected(byte[] bytes, String message) throws Exception {
        rejected(bytes, null, null, message);
    }

    private void rejected(byte[] bytes, List<String> inputs, List<String> targets, String message) throws Exception {
        Path f = file(bytes);
        DataException e = assertThrows(DataException.class, () -> NpyReader.read(f, inputs, targets));
        assertEquals(f + ": " + message, e.getMessage());
    }

    private static byte[] good() {
        return NpyBytes.float32(2, ONE_TO_SIX);
    }

    private static byte[] withHeader(String dict) {
        return NpyBytes.file(1, dict, NpyBytes.floats(ByteOrder.LITTLE_ENDIAN, ONE_TO_SIX));
    }

    @Test
    void badMagic() throws Exception {
        byte[] b = good();
        b[3] = 'X';
        rejected(b, "byte 3: not a NumPy .npy file (expected the magic \\x93NUMPY)");
        rejected(new byte[0], "byte 0: not a NumPy .npy file (expected the magic \\x93NUMPY)");
        rejected("x,t\n1,2\n".getBytes(), "byte 0: not a NumPy .npy file (expected the magic \\x93NUMPY)");
    }

    @Test
    void unsupportedVersion() throws Exception {
        byte[] b = good();
        b[6] = 4;
        rejected(b, "byte 6: .npy format version 4.0 is not supported (this build reads 1.0, 2.0 and 3.0)");
        b[6] = 1;
        b[7] = 1;
        rejected(b, "byte 6: .npy format version 1.1 is not supported (this build reads 1.0, 2.0 and 3.0)");
    }

    @Test
    void headerLengthBeyondTheFile() throws Exception {
        rejected(Arrays.copyOf(good(), 40), "byte 8: header length 118 exceeds the file (30 bytes follow)");
        rejected(Arrays.copyOf(good(), 9), "byte 9: file ends inside the header length");
        rejected(Arrays.copyOf(good(), 7), "byte 7: file ends inside the format version");
        rejected(Arrays.copyOf(good(), 4), "byte 4: not a NumPy .npy file (expected the magic \\x93NUMPY)");
    }

    @Test
    void wrongDtype() throws Exception {
        rejected(withHeader(NpyBytes.dict("<i4", "(3, 2)")),
                "byte 20: dtype '<i4' is not supported (float32 or float64: '<f4', '<f8', '>f4' or '>f8')");
        rejected(withHeader("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }"),
                "byte 20: bad header: found '[', expected a quoted string");
    }

    @Test
    void wrongDtypeWrittenByNumPy() throws Exception {
        rejected(resource("v1-i8-3x2.npy"),
                "byte 20: dtype '<i8' is not supported (float32 or float64: '<f4', '<f8', '>f4' or '>f8')");
    }

    @Test
    void fortranOrder() throws Exception {
        rejected(resource("v1-f4-fortran-3x2.npy"),
                "byte 44: the array is in Fortran order; only C order is supported (save np.ascontiguousarray(a))");
    }

    @Test
    void malformedHeaders() throws Exception {
        rejected(withHeader("{'descr': '<f4', 'fortran_order': False, }"), "byte 51: the header lacks 'shape'");
        rejected(withHeader("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (6,)}"),
                "byte 27: header key 'descr' appears twice");
        rejected(withHeader("{'descr': '<f4', 'fortran_order': false, 'shape': (6,)}"),
                "byte 44: bad header: found 'f', expected True or False");
        rejected(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (6)}"),
                "byte 62: bad header: found ')', expected ',' (a one-element shape is written (n,))");
        rejected(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-6,)}"),
                "byte 61: bad header: found '-', expected a whole number in the shape");
        rejected(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'extra': 1}"),
                "byte 66: unknown header key 'extra' (expected 'descr', 'fortran_order' and 'shape')");
        rejected(withHeader("{'descr': '<f4' 'fortran_order': False, 'shape': (6,)}"),
                "byte 26: bad header: found ''', expected ',' or '}'");
        rejected(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (6,)} x"),
                "byte 66: bad header: found 'x', expected only spaces after the header's '}'");
        rejected(withHeader("{'descr': '<f\u00e94', 'fortran_order': False, 'shape': (6,)}"),
                "byte 23: bad header: found byte 0xE9, expected a plain ASCII string");
        rejected(withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}"),
                "byte 61: a shape dimension is too large");
        byte[] noNewline = good();
        noNewline[noNewline.length - 25] = ' ';
        rejected(noNewline, "byte 127: the header does not end with a newline");
    }

    @Test
    void shapesThatDoNotFit() throws Exception {
        rejected(withHeader(NpyBytes.dict("<f4", "(2, 2, 1)")),
                "byte 60: shape (2, 2, 1) has 3 dimensions; expected 1 (one column) or 2 (rows, columns)");
        rejected(withHeader(NpyBytes.dict("<f4", "()")),
                "byte 60: shape () has 0 dimensions; expected 1 (one column) or 2 (rows, columns)");
        rejected(withHeader(NpyBytes.dict("<f4", "(0, 2)")), "byte 60: shape (0, 2) holds no values");
        rejected(withHeader(NpyBytes.dict("<f4", "(4, 2)")),
                "byte 152: data ends early (truncated): shape (4, 2) of <f4 needs 32 bytes after the header (byte 128), found 24");
        rejected(withHeader(NpyBytes.dict("<f4", "(2, 2)")),
                "byte 144: data runs past the array's end: shape (2, 2) of <f4 needs 16 bytes after the header (byte 128), found 24");
        rejected(withHeader(NpyBytes.dict("<f8", "(9223372036854775807, 9223372036854775807)")),
                "byte 152: data ends early (truncated): shape (9223372036854775807, 9223372036854775807) of <f8 needs "
                        + "over 2^63 bytes after the header (byte 128), found 24");
    }

    @Test
    void truncatedData() throws Exception {
        byte[] b = good();
        rejected(Arrays.copyOf(b, b.length - 3),
                "byte 149: data ends early (truncated): shape (3, 2) of <f4 needs 24 bytes after the header (byte 128), found 21");
    }

    @Test
    void nonFiniteAndOverflowingValues() throws Exception {
        rejected(NpyBytes.float32(2, 1, 2, 3, Float.NaN), "byte 140: row 1, column 1: NaN is not a finite number");
        rejected(NpyBytes.float32(2, Float.NEGATIVE_INFINITY, 2), "byte 128: row 0, column 0: -Infinity is not a finite number");
        byte[] big = NpyBytes.file(1, NpyBytes.dict(">f8", "(1, 2)"), NpyBytes.doubles(ByteOrder.BIG_ENDIAN, 1, 1e39));
        rejected(big, "byte 136: row 0, column 1: 1.0E39 overflows a 32-bit float");
    }

    @Test
    void aNonFiniteValueInAColumnNotReadIsNoError() throws Exception {
        Path f = file(NpyBytes.float32(3, 1, Float.NaN, 2, 3, Float.NaN, 4));
        assertArrayEquals(new float[] {1, 3}, NpyReader.read(f, List.of("0"), List.of("2")).x());
    }

    @Test
    void badColumns() throws Exception {
        rejected(good(), List.of("x"), null, "column 'x' is not a column index (the array has 2 columns: 0..1 or col0..col1)");
        rejected(good(), null, List.of("2"), "no column 2 (the array has 2 columns: 0..1 or col0..col1)");
        rejected(good(), List.of("col1"), List.of("1"), "column 1 is both an input and a target");
        rejected(NpyBytes.float32(1, 1, 2, 3), null, null,
                "the array has 1 column(s); no input columns are left once the targets are taken");
    }
}
