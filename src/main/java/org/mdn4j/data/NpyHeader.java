package org.mdn4j.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header dictionary of a NumPy {@code .npy} file, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (300, 2), }}, parsed strictly: exactly
 * the keys {@code descr} (a string), {@code fortran_order} ({@code True} or {@code False}) and
 * {@code shape} (a tuple of whole numbers), each once; then only spaces up to a final newline.
 * NumPy itself evaluates the text as a Python literal; this parser accepts the subset NumPy and
 * other writers produce and names the byte of anything else.
 *
 * @param shape the dimensions, each at most {@link Long#MAX_VALUE}
 * @param descrAt byte offset in the file of the {@code descr} value, for messages (likewise the others)
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape, int descrAt, int fortranAt, int shapeAt) {

    /**
     * @param bytes the whole file
     * @param start the header's first byte
     * @param end   one past its last byte
     * @param where the file, for messages
     */
    static NpyHeader parse(byte[] bytes, int start, int end, String where) throws DataException {
        return new Parser(bytes, start, end, where).dictionary();
    }

    /** A recursive-descent parser over the header's bytes; {@code at} is the next byte. */
    private static final class Parser {

        private final byte[] b;
        private final int end;
        private final String where;
        private int at;

        Parser(byte[] bytes, int start, int end, String where) {
            this.b = bytes;
            this.at = start;
            this.end = end;
            this.where = where;
        }

        NpyHeader dictionary() throws DataException {
            if (end == at || b[end - 1] != '\n') {
                throw error(Math.max(at, end - 1), "the header does not end with a newline");
            }
            spaces();
            expect('{');
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            int[] valueAt = new int[3];
            spaces();
            while (peek() != '}') {
                int keyAt = at;
                String key = string();
                spaces();
                expect(':');
                spaces();
                switch (key) {
                    case "descr" -> {
                        requireFirst(descr, key, keyAt);
                        valueAt[0] = at;
                        descr = string();
                    }
                    case "fortran_order" -> {
                        requireFirst(fortran, key, keyAt);
                        valueAt[1] = at;
                        fortran = bool();
                    }
                    case "shape" -> {
                        requireFirst(shape, key, keyAt);
                        valueAt[2] = at;
                        shape = tuple();
                    }
                    default -> throw error(keyAt, "unknown header key '" + key
                            + "' (expected 'descr', 'fortran_order' and 'shape')");
                }
                spaces();
                if (peek() == ',') {
                    at++;
                    spaces();
                } else if (peek() != '}') {
                    throw unexpected("',' or '}'");
                }
            }
            int closeAt = at++;
            while (at < end - 1) {
                if (b[at] != ' ') {
                    throw unexpected("only spaces after the header's '}'");
                }
                at++;
            }
            if (descr == null || fortran == null || shape == null) {
                throw error(closeAt, "the header lacks '" + (descr == null ? "descr" : fortran == null ? "fortran_order"
                        : "shape") + "'");
            }
            return new NpyHeader(descr, fortran, shape, valueAt[0], valueAt[1], valueAt[2]);
        }

        private void requireFirst(Object seen, String key, int keyAt) throws DataException {
            if (seen != null) {
                throw error(keyAt, "header key '" + key + "' appears twice");
            }
        }

        /** A Python string literal in single or double quotes, printable ASCII, no escapes. */
        private String string() throws DataException {
            int quote = peek();
            if (quote != '\'' && quote != '"') {
                throw unexpected("a quoted string");
            }
            int from = ++at;
            while (peek() != quote) {
                int c = peek();
                if (c < 0x20 || c > 0x7E || c == '\\') {
                    throw unexpected("a plain ASCII string");
                }
                at++;
            }
            String s = new String(b, from, at - from, StandardCharsets.US_ASCII);
            at++;
            return s;
        }

        private boolean bool() throws DataException {
            if (word("True")) {
                return true;
            }
            if (word("False")) {
                return false;
            }
            throw unexpected("True or False");
        }

        private boolean word(String w) {
            if (end - at < w.length()) {
                return false;
            }
            for (int i = 0; i < w.length(); i++) {
                if (b[at + i] != w.charAt(i)) {
                    return false;
                }
            }
            at += w.length();
            return true;
        }

        /** {@code ()}, {@code (n,)}, {@code (n, m)} or longer, an optional trailing comma after two or more. */
        private long[] tuple() throws DataException {
            expect('(');
            spaces();
            List<Long> dims = new ArrayList<>();
            boolean comma = false;
            while (peek() != ')') {
                dims.add(whole());
                spaces();
                comma = peek() == ',';
                if (comma) {
                    at++;
                    spaces();
                } else if (peek() != ')') {
                    throw unexpected("',' or ')' in the shape");
                }
            }
            if (dims.size() == 1 && !comma) {
                throw unexpected("',' (a one-element shape is written (n,))");
            }
            at++;
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private long whole() throws DataException {
            int from = at;
            long v = 0;
            while (peek() >= '0' && peek() <= '9') {
                int digit = peek() - '0';
                if (v > (Long.MAX_VALUE - digit) / 10) {
                    throw error(from, "a shape dimension is too large");
                }
                v = v * 10 + digit;
                at++;
            }
            if (at == from) {
                throw unexpected("a whole number in the shape");
            }
            return v;
        }

        private void spaces() {
            while (at < end && (b[at] == ' ' || b[at] == '\t' || b[at] == '\n' && at < end - 1)) {
                at++;
            }
        }

        private void expect(char c) throws DataException {
            if (peek() != c) {
                throw unexpected("'" + c + "'");
            }
            at++;
        }

        /** The next byte (0..255), or -1 at the header's end. */
        private int peek() {
            return at < end ? b[at] & 0xFF : -1;
        }

        private DataException unexpected(String expected) {
            int c = peek();
            String found = c < 0 ? "the end of the header"
                    : c >= 0x20 && c <= 0x7E ? "'" + (char) c + "'" : String.format("byte 0x%02X", c);
            return error(at, "bad header: found " + found + ", expected " + expected);
        }

        private DataException error(int offset, String problem) {
            return new DataException(where + ": byte " + offset + ": " + problem);
        }
    }
}
