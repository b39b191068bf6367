package org.mdn4j.io;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes JSON text from the values {@link JsonReader} returns, plus {@code float[]},
 * {@link Float}, {@link Integer}, {@link Long} and {@link Double}.
 *
 * <p>A float is written with {@link Float#toString(float)}, the shortest decimal that parses back
 * to the same float, so {@code Float.parseFloat} of the text restores it bit for bit (the JDK has
 * guaranteed the shortest form since 19). Non-finite numbers are refused: JSON has no NaN.
 *
 * <p>{@link #pretty} puts each object member and each element of an array of containers on its
 * own line but keeps an array of scalars (a bias, one row of a weight matrix) on one line, so a
 * layer reads as a matrix. {@link #compact} writes one line.
 */
public final class JsonWriter {

    private final StringBuilder sb = new StringBuilder();
    private final boolean pretty;

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    /** Indented text ending with a newline. */
    public static String pretty(Object value) {
        JsonWriter w = new JsonWriter(true);
        w.value(value, 0);
        return w.sb.append('\n').toString();
    }

    /** One line, no trailing newline. */
    public static String compact(Object value) {
        JsonWriter w = new JsonWriter(false);
        w.value(value, 0);
        return w.sb.toString();
    }

    private void value(Object v, int indent) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> quote(s);
            case Boolean b -> sb.append(b);
            case JsonNumber n -> sb.append(n.text());
            case Integer i -> sb.append(i);
            case Long l -> sb.append(l);
            case Float f -> sb.append(finite(f));
            case Double d -> {
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("JSON cannot hold the number " + d);
                }
                sb.append(Double.toString(d));
            }
            case float[] a -> floats(a);
            case Map<?, ?> m -> object(m, indent);
            case List<?> l -> array(l, indent);
            default -> throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    private static String finite(float f) {
        if (!Float.isFinite(f)) {
            throw new IllegalArgumentException("JSON cannot hold the number " + f);
        }
        return Float.toString(f);
    }

    private void floats(float[] a) {
        sb.append('[');
        for (int i = 0; i < a.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(finite(a[i]));
        }
        sb.append(']');
    }

    private void object(Map<?, ?> m, int indent) {
        if (m.isEmpty()) {
            sb.append("{}");
            return;
        }
        sb.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            newline(indent + 1);
            quote(String.valueOf(e.getKey()));
            sb.append(": ");
            value(e.getValue(), indent + 1);
            if (it.hasNext()) {
                sb.append(pretty ? "," : ", ");
            }
        }
        newline(indent);
        sb.append('}');
    }

    private void array(List<?> l, int indent) {
        if (l.isEmpty()) {
            sb.append("[]");
            return;
        }
        boolean flat = !pretty || l.stream().noneMatch(x -> x instanceof Map || x instanceof List
                || x instanceof float[]);
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
            if (flat) {
                if (i > 0) {
                    sb.append(", ");
                }
            } else {
                newline(indent + 1);
            }
            value(l.get(i), indent + 1);
            if (!flat && i + 1 < l.size()) {
                sb.append(',');
            }
        }
        if (!flat) {
            newline(indent);
        }
        sb.append(']');
    }

    /** In pretty mode a line break and two spaces per level; nothing in compact mode. */
    private void newline(int indent) {
        if (pretty) {
            sb.append('\n').append("  ".repeat(indent));
        }
    }

    private void quote(String s) {
        appendQuoted(sb, s);
    }

    /** Appends {@code s} as a JSON string literal, escaped as this writer escapes every string. */
    public static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    // U+2028/2029 are valid JSON but break JavaScript string literals; lone
                    // surrogates have no UTF-8 form, so both go out as escapes
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029'
                            || (Character.isSurrogate(c) && !pairAt(s, i))) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** True if {@code s[i]} is either half of a well-formed surrogate pair. */
    private static boolean pairAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
