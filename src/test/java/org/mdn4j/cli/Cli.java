package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code mdn} in process and reads what it printed. */
final class Cli {

    private Cli() {
    }

    record Result(String[] args, int code, String out, String err) {

        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
        }

        /** Exit 0, or a failure message showing everything the command printed. */
        Result ok() {
            assertEquals(MdnCli.EXIT_OK, code, () -> describe("expected success"));
            return this;
        }

        /**
         * Exit 2 with {@code mdn: ...} as the first line of stderr, no stack trace, and the
         * message containing {@code what}; returns the first line.
         */
        String badInput(String what) {
            assertEquals(MdnCli.EXIT_BAD_INPUT, code, () -> describe("expected exit 2"));
            assertFalse(err.contains("\tat ") || err.contains("Exception"), () -> describe("no stack trace"));
            List<String> lines = errLines();
            assertFalse(lines.isEmpty(), () -> describe("a message on stderr"));
            assertTrue(lines.get(0).startsWith("mdn: "), () -> describe("stderr starts with 'mdn: '"));
            assertTrue(lines.get(0).contains(what), () -> describe("the message mentions '" + what + "'"));
            assertEquals("", out, () -> describe("nothing on stdout"));
            return lines.get(0);
        }

        /** As {@link #badInput}, for an error found while running: exactly one line. */
        String badInputOneLine(String what) {
            String first = badInput(what);
            assertEquals(1, errLines().size(), () -> describe("exactly one line on stderr"));
            return first;
        }

        String describe(String expectation) {
            return expectation + ": mdn " + String.join(" ", args) + " exited " + code + "\n--- stdout:\n" + out
                    + "--- stderr:\n" + err;
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            code = MdnCli.run(args, o, e);
        }
        return new Result(args, code, out.toString(), err.toString());
    }

    /** Two argument lists as one. */
    static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static final Pattern PAIR = Pattern.compile("\"([^\"]+)\": (\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]+)");

    /** Parses the CLI's flat one-line JSON object: strings unquoted, numbers as text, null as null. */
    static Map<String, String> json(String text) {
        String s = text.strip();
        assertTrue(s.startsWith("{") && s.endsWith("}") && !s.contains("\n"), "one JSON object on one line: " + text);
        Map<String, String> map = new LinkedHashMap<>();
        Matcher m = PAIR.matcher(s);
        while (m.find()) {
            String v = m.group(2).strip();
            map.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : "null".equals(v) ? null : v);
        }
        return map;
    }

    static double number(Map<String, String> json, String key) {
        assertTrue(json.containsKey(key), "key '" + key + "' in " + json);
        String v = json.get(key);
        assertTrue(v != null, "key '" + key + "' is null in " + json);
        return Double.parseDouble(v);
    }

    /** A CSV file's header and rows, split on commas. */
    record Table(List<String> header, List<double[]> rows) {

        int column(String name) {
            int c = header.indexOf(name);
            assertTrue(c >= 0, "column '" + name + "' in " + header);
            return c;
        }
    }

    static Table readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertEquals(header.size(), cells.length, "cells in row '" + line + "'");
            rows.add(Arrays.stream(cells).mapToDouble(Double::parseDouble).toArray());
        }
        return new Table(header, rows);
    }

    static List<String> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
