package org.mdn4j.io;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.mdn4j.data.DataException;

/**
 * A string in the binary files (model file, checkpoint): a big-endian u32 byte length, at most
 * 1 MiB and within the file, then that many bytes of UTF-8.
 */
final class BinaryStrings {

    /** The longest string a reader accepts, in bytes: room for any name, path or kernel description. */
    static final int MAX_BYTES = 1 << 20;

    private BinaryStrings() {
    }

    static void write(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Reads one string; a bad length or invalid UTF-8 is one line naming {@code where} and the byte. */
    static String read(ByteBuffer in, String where) throws DataException {
        int lengthAt = in.position();
        int len = in.getInt();
        int max = Math.min(in.remaining(), MAX_BYTES);
        if (len < 0 || len > max) {
            throw new DataException(where + ": byte " + lengthAt + ": string length " + len + " is out of range [0, "
                    + max + "]");
        }
        int at = in.position();
        byte[] b = new byte[len];
        in.get(b);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new DataException(where + ": byte " + at + ": a string is not valid UTF-8");
        }
    }
}
