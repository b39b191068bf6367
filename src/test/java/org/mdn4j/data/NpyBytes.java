package org.mdn4j.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes {@code .npy} files byte by byte, as NumPy's {@code np.save} lays them out, for tests. */
public final class NpyBytes {

    private NpyBytes() {
    }

    /**
     * A file of the given format version whose header is {@code dict} padded with spaces and a
     * newline so that the data starts on a multiple of 64 bytes, followed by {@code data}.
     */
    public static byte[] file(int major, String dict, byte[] data) {
        int lengthSize = major == 1 ? 2 : 4;
        int prefix = 8 + lengthSize;
        int padded = (prefix + dict.length() + 1 + 63) / 64 * 64 - prefix;
        String header = dict + " ".repeat(padded - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(prefix + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) padded);
        } else {
            b.putInt(padded);
        }
        return b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data).array();
    }

    /** NumPy's header dictionary for a C-order array. */
    public static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    /** A version 1.0 file of float32 rows, little-endian, shape (rows, columns). */
    public static byte[] float32(int columns, float... values) {
        return file(1, dict("<f4", "(" + values.length / columns + ", " + columns + ")"),
                floats(ByteOrder.LITTLE_ENDIAN, values));
    }

    public static byte[] floats(ByteOrder order, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(order);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    public static byte[] doubles(ByteOrder order, double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(order);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    /** Float values written as float64, each exactly. */
    public static byte[] doubles(ByteOrder order, float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return doubles(order, d);
    }
}
