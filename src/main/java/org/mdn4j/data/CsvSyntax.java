package org.mdn4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The field syntax of one CSV line (RFC 4180, one line at a time): fields separated by one
 * delimiter character; a field may be quoted with {@code "}, and inside quotes the delimiter is
 * plain text and {@code ""} is one quote. Unquoted fields are stripped of surrounding blanks,
 * quoted ones are kept as written. A quoted field cannot span lines: numbers never hold line
 * breaks, and an unclosed quote is then reported on its own line rather than swallowing the file.
 */
public final class CsvSyntax {

    /** The delimiters the header is searched for, in the order errors list them. */
    static final char[] CANDIDATES = {',', ';', '\t', '|'};

    private CsvSyntax() {
    }

    /** {@code --delimiter}'s value: {@code ,}, {@code ;}, {@code |}, or {@code tab} (or a tab character). */
    public static char parseOption(String value) {
        return switch (value) {
            case ",", ";", "|", "\t" -> value.charAt(0);
            case "tab", "TAB", "\\t" -> '\t';
            default -> throw new IllegalArgumentException("--delimiter: expected one of , ; | tab, got '" + value + "'");
        };
    }

    /** A delimiter as errors name it. */
    static String name(char delimiter) {
        return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
    }

    /**
     * The delimiter of a file, from its header line: the one candidate that occurs outside quotes.
     * None means a single column (the caller's column count check reports it); more than one is
     * ambiguous and asks for {@code --delimiter}.
     */
    static char detect(String header, String where, int line) throws DataException {
        List<String> found = new ArrayList<>();
        char first = ',';
        for (char c : CANDIDATES) {
            if (occursOutsideQuotes(header, c)) {
                if (found.isEmpty()) {
                    first = c;
                }
                found.add(name(c));
            }
        }
        if (found.size() > 1) {
            throw new DataException(String.format(Locale.ROOT, "%s:%d: cannot tell the delimiter: the header has %s "
                    + "outside quotes; give --delimiter", where, line, String.join(" and ", found)));
        }
        return first;
    }

    private static boolean occursOutsideQuotes(String line, char c) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == c && !quoted) {
                return true;
            }
        }
        return false;
    }

    /** Splits one line into its fields; {@code where} and {@code line} name it in errors. */
    static String[] split(String text, char delimiter, String where, int line) throws DataException {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            int start = i;
            while (i < n && text.charAt(i) != delimiter && isBlank(text.charAt(i))) {
                i++;
            }
            String field;
            if (i < n && text.charAt(i) == '"') {
                int column = fields.size() + 1;
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new DataException(where + ":" + line + ": field " + column
                                + ": unterminated quoted field (the quote is not closed on this line)");
                    }
                    char c = text.charAt(i++);
                    if (c != '"') {
                        b.append(c);
                    } else if (i < n && text.charAt(i) == '"') {
                        b.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                while (i < n && text.charAt(i) != delimiter && isBlank(text.charAt(i))) {
                    i++;
                }
                if (i < n && text.charAt(i) != delimiter) {
                    throw new DataException(where + ":" + line + ": field " + column + ": '" + text.charAt(i)
                            + "' after a closing quote (expected the delimiter " + name(delimiter) + ")");
                }
                field = b.toString();
            } else {
                i = start;
                while (i < n && text.charAt(i) != delimiter) {
                    if (text.charAt(i) == '"') {
                        throw new DataException(where + ":" + line + ": field " + (fields.size() + 1)
                                + ": a quote inside an unquoted field (quote the whole field and double the quote)");
                    }
                    i++;
                }
                field = text.substring(start, i).strip();
            }
            fields.add(field);
            if (i >= n) {
                return fields.toArray(String[]::new);
            }
            i++; // the delimiter
        }
    }

    /** Blank around a field: a space or a tab that is not the delimiter. */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** A line that holds no data: blank, or a comment whose first non-blank character is {@code #}. */
    static boolean skipped(String line) {
        String s = line.strip();
        return s.isEmpty() || s.charAt(0) == '#';
    }
}
