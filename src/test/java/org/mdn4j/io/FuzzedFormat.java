package org.mdn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.mdn4j.data.DataException;

/**
 * The invariant the binary-format fuzz targets check: bytes decode to an object that is written
 * and read back unchanged, or are refused with a {@link DataException}; anything else thrown is a
 * finding. Each input is tried as it is and with a valid CRC-32 appended, so mutations also
 * reach the fields behind the checksum.
 */
final class FuzzedFormat {

    /** A reader of one format. */
    interface Decoder<T> {
        T decode(byte[] bytes, String where) throws DataException;
    }

    /** Its writer. */
    interface Encoder<T> {
        byte[] encode(T value);
    }

    private FuzzedFormat() {
    }

    static <T> void decodesOrRefuses(byte[] bytes, Decoder<T> decoder, Encoder<T> encoder) {
        roundTripsOrRefuses(bytes, decoder, encoder);
        roundTripsOrRefuses(Crc32Trailer.seal(bytes), decoder, encoder);
    }

    private static <T> void roundTripsOrRefuses(byte[] bytes, Decoder<T> decoder, Encoder<T> encoder) {
        T value;
        try {
            value = decoder.decode(bytes, "fuzz");
        } catch (DataException expected) {
            return;
        }
        byte[] written = encoder.encode(value);
        try {
            assertArrayEquals(written, encoder.encode(decoder.decode(written, "again")));
        } catch (DataException e) {
            throw new AssertionError("a decoded value does not read back: " + e.getMessage(), e);
        }
    }
}
