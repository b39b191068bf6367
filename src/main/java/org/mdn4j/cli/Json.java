package org.mdn4j.cli;

import java.util.Locale;

/** Builds one flat JSON object, keys in insertion order; enough for the CLI's reports. */
final class Json {

    private final StringBuilder sb = new StringBuilder("{");

    Json put(String key, String value) {
        key(key);
        quote(value);
        return this;
    }

    Json put(String key, long value) {
        key(key);
        sb.append(value);
        return this;
    }

    /** Non-finite numbers become {@code null}: JSON has no NaN. */
    Json put(String key, double value) {
        key(key);
        sb.append(Double.isFinite(value) ? number(value) : "null");
        return this;
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return Double.toString(v);
    }

    private void key(String key) {
        if (sb.length() > 1) {
            sb.append(", ");
        }
        quote(key);
        sb.append(": ");
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
