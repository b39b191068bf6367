package org.mdn4j.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mdn4j.data.DataException;

/**
 * A strict recursive-descent JSON parser (RFC 8259), small enough to keep the runtime free of a
 * JSON library. Values come back as {@code Map<String, Object>} (insertion-ordered),
 * {@code List<Object>}, {@link String}, {@link JsonNumber}, {@link Boolean} or {@code null}.
 *
 * <p>Every syntax error is a {@link DataException} with one line naming the source, the line and
 * column (1-based, in characters) and the byte offset (0-based, in the UTF-8 input).
 * Duplicate object keys are rejected: which one wins differs between parsers, so a file with
 * them means different models to different readers.
 */
public final class JsonReader {

    /** Deeper nesting is rejected rather than risking a StackOverflowError; models need depth 4. */
    static final int MAX_DEPTH = 512;

    private final String text;
    private final String where;
    private int pos;
    private int depth;

    private JsonReader(String text, String where) {
        this.text = text;
        this.where = where;
    }

    /** Parses UTF-8 bytes (a leading byte-order mark is skipped); {@code where} names the source. */
    public static Object parse(byte[] utf8, String where) throws DataException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(utf8);
        String text;
        try {
            text = decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            // the decoder stops at the first bad sequence, so the buffer's position is its offset
            throw new DataException(where + ": byte " + in.position() + ": not valid UTF-8");
        }
        return parse(text, where);
    }

    /** Parses a whole document: exactly one value, optionally surrounded by whitespace. */
    public static Object parse(String text, String where) throws DataException {
        JsonReader r = new JsonReader(text, where);
        if (text.startsWith("\uFEFF")) {
            r.pos = 1;
        }
        r.skipWhitespace();
        if (r.pos == text.length()) {
            throw r.error("no JSON value (the input is empty)");
        }
        Object value = r.value();
        r.skipWhitespace();
        if (r.pos != text.length()) {
            throw r.error("unexpected " + r.describeHere() + " after the JSON value");
        }
        return value;
    }

    private Object value() throws DataException {
        if (pos == text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describeHere() + ", expected a value");
            }
        };
    }

    private Map<String, Object> object() throws DataException {
        enter();
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describeHere() + ", expected a string key");
            }
            int keyAt = pos;
            String key = string();
            if (map.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            expect(':', "':' after an object key");
            skipWhitespace();
            map.put(key, value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("unexpected " + describeHere() + ", expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array() throws DataException {
        enter();
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("unexpected " + describeHere() + ", expected ',' or ']' in an array");
            }
        }
    }

    private String string() throws DataException {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos == text.length()) {
                pos = start;
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c)
                        + " in a string (it must be escaped)");
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            int escAt = pos;
            pos++;
            if (pos == text.length()) {
                pos = start;
                throw error("unterminated string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    char u = hex4(escAt);
                    if (Character.isHighSurrogate(u)) {
                        // a pair is two escapes; half a pair cannot be written as UTF-8
                        if (text.startsWith("\\u", pos)) {
                            int lowAt = pos;
                            pos += 2;
                            char low = hex4(lowAt);
                            if (!Character.isLowSurrogate(low)) {
                                pos = escAt;
                                throw error("unpaired surrogate in a \\u escape");
                            }
                            sb.append(u).append(low);
                        } else {
                            pos = escAt;
                            throw error("unpaired surrogate in a \\u escape");
                        }
                    } else if (Character.isLowSurrogate(u)) {
                        pos = escAt;
                        throw error("unpaired surrogate in a \\u escape");
                    } else {
                        sb.append(u);
                    }
                }
                default -> {
                    pos = escAt;
                    throw error("invalid escape \\" + printable(e) + " in a string");
                }
            }
        }
    }

    /** The four hex digits after {@code \\u} (pos is just past the 'u'). */
    private char hex4(int escAt) throws DataException {
        if (pos + 4 > text.length()) {
            pos = escAt;
            throw error("a \\u escape needs four hex digits");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            char h = text.charAt(pos + i);
            // ASCII only: Character.digit would also take other scripts' digits
            int d = h < 0x80 ? Character.digit(h, 16) : -1;
            if (d < 0) {
                pos = escAt;
                throw error("a \\u escape needs four hex digits");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, kept as text. */
    private JsonNumber number() throws DataException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("a number must not have a leading zero");
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit in a number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        return new JsonNumber(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) throws DataException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describeHere() + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private void enter() throws DataException {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void expect(char c, String what) throws DataException {
        if (peek() != c) {
            throw error("unexpected " + describeHere() + ", expected " + what);
        }
        pos++;
    }

    /** The current character, or NUL at the end (NUL never matches anything the grammar wants). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describeHere() {
        return pos >= text.length() ? "end of input" : "'" + printable(text.charAt(pos)) + "'";
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7F ? String.format("U+%04X", (int) c) : String.valueOf(c);
    }

    private DataException error(String problem) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < pos; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = text.codePointCount(lineStart, pos) + 1;
        int bytes = text.substring(0, pos).getBytes(StandardCharsets.UTF_8).length;
        return new DataException(where + ": line " + line + ", column " + column + " (byte " + bytes + "): "
                + problem);
    }
}
