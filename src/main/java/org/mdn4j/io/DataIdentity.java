package org.mdn4j.io;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.mdn4j.data.Dataset;

/**
 * What a checkpoint remembers of its training data, to refuse resuming on other data: the name
 * (built-in generator or file), the row count and a CRC-32 of every value.
 *
 * @param checksum CRC-32 of the inputs then the targets, row-major, as big-endian IEEE-754 bits
 */
public record DataIdentity(String name, int rows, int checksum) {

    public static DataIdentity of(Dataset data) {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (float[] a : new float[][] {data.x(), data.t()}) {
            for (float f : a) {
                if (!buf.hasRemaining()) {
                    crc.update(buf.flip());
                    buf.clear();
                }
                buf.putFloat(f);
            }
        }
        crc.update(buf.flip());
        return new DataIdentity(data.name(), data.size(), (int) crc.getValue());
    }
}
