package org.mdn4j.cli;

import java.util.Locale;
import org.mdn4j.io.JsonWriter;

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

    /** An array of numbers; non-finite ones become {@code null}. */
    Json put(String key, double[] values) {
        key(key);
        sb.append('[');
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Double.isFinite(values[i]) ? number(values[i]) : "null");
        }
        sb.append(']');
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
        JsonWriter.appendQuoted(sb, s);
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
