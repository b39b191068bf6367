package org.mdn4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a comma-separated file whose first line is a header of column names. Every other
 * non-blank line is a row of finite numbers. Columns are chosen by name; by default the last
 * column is the target and the others are the inputs.
 *
 * <p>Every problem is reported as one line {@code FILE:LINE: problem}.
 */
public final class CsvReader {

    private CsvReader() {
    }

    /**
     * @param inputs  input column names, or null for "all but the targets"
     * @param targets target column names, or null for "the last column"
     */
    public static Dataset read(Path file, List<String> inputs, List<String> targets) throws DataException {
        String where = file.toString();
        List<String> lines = readLines(file, where);
        int headerLine = firstNonBlank(lines);
        if (headerLine < 0) {
            throw new DataException(where + ": the file is empty (expected a header line of column names)");
        }
        String[] header = split(lines.get(headerLine));
        Map<String, Integer> columns = new HashMap<>();
        for (int c = 0; c < header.length; c++) {
            if (header[c].isEmpty()) {
                throw new DataException(where + ":" + (headerLine + 1) + ": column " + (c + 1) + " has an empty name");
            }
            if (columns.put(header[c], c) != null) {
                throw new DataException(where + ":" + (headerLine + 1) + ": column name '" + header[c]
                        + "' appears twice");
            }
        }
        if (header.length < 2) {
            throw new DataException(where + ":" + (headerLine + 1)
                    + ": the header names one column; at least one input and one target are needed");
        }
        int[] targetCols = targets == null || targets.isEmpty()
                ? new int[] {header.length - 1}
                : resolve(targets, columns, where, headerLine, header);
        int[] inputCols;
        if (inputs == null || inputs.isEmpty()) {
            inputCols = java.util.stream.IntStream.range(0, header.length)
                    .filter(c -> Arrays.stream(targetCols).noneMatch(t -> t == c)).toArray();
            if (inputCols.length == 0) {
                throw new DataException(where + ": no input columns are left once the targets are taken");
            }
        } else {
            inputCols = resolve(inputs, columns, where, headerLine, header);
        }
        for (int ic : inputCols) {
            for (int tc : targetCols) {
                if (ic == tc) {
                    throw new DataException(where + ": column '" + header[ic] + "' is both an input and a target");
                }
            }
        }

        float[] x = parseRows(lines, headerLine, header, inputCols, where);
        float[] t = parseRows(lines, headerLine, header, targetCols, where);
        return new Dataset(where, x, t, names(header, inputCols), names(header, targetCols));
    }

    /**
     * Reads only the named columns, row-major (for prediction, where the targets may be absent).
     */
    public static float[] readColumns(Path file, List<String> columns) throws DataException {
        String where = file.toString();
        List<String> lines = readLines(file, where);
        int headerLine = firstNonBlank(lines);
        if (headerLine < 0) {
            throw new DataException(where + ": the file is empty (expected a header line of column names)");
        }
        String[] header = split(lines.get(headerLine));
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < header.length; c++) {
            index.putIfAbsent(header[c], c);
        }
        return parseRows(lines, headerLine, header, resolve(columns, index, where, headerLine, header), where);
    }

    /** Parses the chosen columns of every non-blank line after the header, row-major. */
    private static float[] parseRows(List<String> lines, int headerLine, String[] header, int[] cols, String where)
            throws DataException {
        int rows = 0;
        for (int i = headerLine + 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                rows++;
            }
        }
        if (rows == 0) {
            throw new DataException(where + ": the file has a header but no data rows");
        }
        float[] out = new float[Math.multiplyExact(rows, cols.length)];
        int row = 0;
        for (int i = headerLine + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = split(line);
            if (cells.length != header.length) {
                throw new DataException(where + ":" + (i + 1) + ": expected " + header.length + " values, found "
                        + cells.length);
            }
            for (int c = 0; c < cols.length; c++) {
                out[row * cols.length + c] = parse(cells[cols[c]], where, i + 1, header[cols[c]]);
            }
            row++;
        }
        return out;
    }

    private static List<String> readLines(Path file, String where) throws DataException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.indexOf('\0') >= 0) {
                    throw new DataException(where + ":" + (lines.size() + 1) + ": binary data (a NUL byte); expected text");
                }
                lines.add(line);
            }
        } catch (NoSuchFileException e) {
            throw new DataException(where + ": no such file");
        } catch (CharacterCodingException e) {
            throw new DataException(where + ":" + (lines.size() + 1) + ": not UTF-8 text (binary data?)");
        } catch (IOException e) {
            throw new DataException(where + ": cannot read: " + e.getMessage());
        }
        return lines;
    }

    private static int firstNonBlank(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    private static String[] split(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
        }
        return cells;
    }

    private static int[] resolve(List<String> wanted, Map<String, Integer> columns, String where, int headerLine,
                                 String[] header) throws DataException {
        int[] cols = new int[wanted.size()];
        for (int i = 0; i < cols.length; i++) {
            Integer c = columns.get(wanted.get(i).strip());
            if (c == null) {
                throw new DataException(where + ":" + (headerLine + 1) + ": no column named '" + wanted.get(i)
                        + "' (columns: " + String.join(", ", header) + ")");
            }
            cols[i] = c;
        }
        return cols;
    }

    private static String[] names(String[] header, int[] cols) {
        String[] out = new String[cols.length];
        for (int i = 0; i < cols.length; i++) {
            out[i] = header[cols[i]];
        }
        return out;
    }

    /** Parses one cell as a finite float, or says which line and column are wrong. */
    static float parse(String cell, String where, int line, String column) throws DataException {
        if (cell.isEmpty()) {
            throw new DataException(where + ":" + line + ": column '" + column + "' is empty");
        }
        double d;
        try {
            d = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataException(where + ":" + line + ": column '" + column + "': '" + abbreviate(cell)
                    + "' is not a number");
        }
        if (!Double.isFinite(d)) {
            throw new DataException(where + ":" + line + ": column '" + column + "': " + abbreviate(cell)
                    + " is not a finite number");
        }
        float f = (float) d;
        if (Float.isInfinite(f)) {
            throw new DataException(where + ":" + line + ": column '" + column + "': " + abbreviate(cell)
                    + " overflows a 32-bit float");
        }
        return f;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
