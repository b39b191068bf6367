package org.mdn4j.io;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.mdn4j.data.DataException;

/**
 * The last four bytes of the binary files (model, checkpoint): a big-endian CRC-32 of every byte
 * before them, which catches truncation and corruption before any field is trusted.
 */
final class Crc32Trailer {

    private Crc32Trailer() {
    }

    /** {@code body} followed by its CRC-32. */
    static byte[] seal(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }

    /** Fails with the trailer's byte offset unless the last four bytes match the rest. */
    static void check(byte[] bytes, String where) throws DataException {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        if (ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt() != (int) crc.getValue()) {
            throw new DataException(where + ": byte " + (bytes.length - 4)
                    + ": checksum mismatch (the file is truncated or corrupt)");
        }
    }
}
