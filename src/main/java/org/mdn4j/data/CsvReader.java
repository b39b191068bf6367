package org.mdn4j.data;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Reads a delimited text file whose first line that is neither blank nor a {@code #} comment is a
 * header of column names; every later such line is a row of finite numbers. The delimiter is
 * given, or detected from the header (comma, semicolon, tab or pipe); fields follow RFC 4180's
 * quoting ({@link CsvSyntax}). Columns are chosen by name; by default the last column is the target
 * and the others are the inputs.
 *
 * <p>Every problem is reported as one line {@code FILE:LINE: problem}, LINE the file's physical
 * line (from 1), skipped lines counted.
 */
public final class CsvReader {

    private CsvReader() {
    }

    /**
     * @param inputs  input column names, or null for "all but the targets"
     * @param targets target column names, or null for "the last column"
     */
    public static Dataset read(Path file, List<String> inputs, List<String> targets) throws DataException {
        return read(file, inputs, targets, null);
    }

    /**
     * @param inputs    input column names, or null for "all but the targets"
     * @param targets   target column names, or null for "the last column"
     * @param delimiter the field delimiter, or null to detect it from the header
     */
    public static Dataset read(Path file, List<String> inputs, List<String> targets, Character delimiter)
            throws DataException {
        Table table = Table.load(file, delimiter);
        table.requireTwoColumns();
        String[] header = table.header;
        int[] targetCols = targets == null || targets.isEmpty()
                ? new int[] {header.length - 1}
                : table.resolve(targets);
        int[] inputCols;
        if (inputs == null || inputs.isEmpty()) {
            inputCols = IntStream.range(0, header.length)
                    .filter(c -> IntStream.of(targetCols).noneMatch(t -> t == c)).toArray();
            if (inputCols.length == 0) {
                throw table.error(table.headerLine, "no input columns are left once the targets are taken");
            }
        } else {
            inputCols = table.resolve(inputs);
        }
        for (int ic : inputCols) {
            if (IntStream.of(targetCols).anyMatch(tc -> tc == ic)) {
                throw table.error(table.headerLine, "column '" + header[ic] + "' is both an input and a target");
            }
        }
        float[] x = table.parse(inputCols);
        float[] t = table.parse(targetCols);
        return new Dataset(table.where, x, t, table.names(inputCols), table.names(targetCols));
    }

    /** Reads only the named columns, row-major (for prediction, where the targets may be absent). */
    public static float[] readColumns(Path file, List<String> columns) throws DataException {
        return readColumns(file, columns, null);
    }

    /** As {@link #readColumns(Path, List)} with a given delimiter (null: detect it). */
    public static float[] readColumns(Path file, List<String> columns, Character delimiter) throws DataException {
        Table table = Table.load(file, delimiter);
        return table.parse(table.resolve(columns));
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

    /** A file's lines with its header parsed; line numbers in errors are 1-based. */
    private static final class Table {

        final String where;
        final List<String> lines;
        final int headerLine;
        final String[] header;
        final char delimiter;
        final Map<String, Integer> columns = new HashMap<>();

        private Table(String where, List<String> lines, Character delimiter) throws DataException {
            this.where = where;
            this.lines = lines;
            int first = -1;
            for (int i = 0; i < lines.size() && first < 0; i++) {
                if (!CsvSyntax.skipped(lines.get(i))) {
                    first = i;
                }
            }
            if (first < 0) {
                throw new DataException(where + ": the file is empty (expected a header line of column names)");
            }
            this.headerLine = first;
            this.delimiter = delimiter != null ? delimiter : CsvSyntax.detect(lines.get(first), where, first + 1);
            this.header = CsvSyntax.split(lines.get(first), this.delimiter, where, first + 1);
            for (int c = 0; c < header.length; c++) {
                if (header[c].isEmpty()) {
                    throw error(first, "column " + (c + 1) + " has an empty name");
                }
                if (columns.put(header[c], c) != null) {
                    throw error(first, "column name '" + header[c] + "' appears twice");
                }
            }
        }

        /** Training and scoring need an input and a target column; prediction may read inputs alone. */
        void requireTwoColumns() throws DataException {
            if (header.length < 2) {
                throw error(headerLine, "the header names one column; at least one input and one target are needed "
                        + "(delimiter " + CsvSyntax.name(delimiter) + "; give --delimiter if it is another)");
            }
        }

        static Table load(Path file, Character delimiter) throws DataException {
            String where = file.toString();
            return new Table(where, splitLines(InputFiles.readAllBytes(file), where), delimiter);
        }

        /** Splits on LF (dropping a CR before it) and decodes each line strictly, so errors name their line. */
        private static List<String> splitLines(byte[] bytes, String where) throws DataException {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            List<String> lines = new ArrayList<>();
            int start = 0;
            while (start < bytes.length) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    if (bytes[end] == 0) {
                        throw new DataException(where + ":" + (lines.size() + 1)
                                + ": binary data (a NUL byte); expected text");
                    }
                    end++;
                }
                int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
                try {
                    lines.add(decoder.decode(ByteBuffer.wrap(bytes, start, stop - start)).toString());
                } catch (CharacterCodingException e) {
                    throw new DataException(where + ":" + (lines.size() + 1) + ": not UTF-8 text (binary data?)");
                }
                start = end + 1;
            }
            return lines;
        }

        DataException error(int lineIndex, String problem) {
            return new DataException(where + ":" + (lineIndex + 1) + ": " + problem);
        }

        int[] resolve(List<String> wanted) throws DataException {
            int[] cols = new int[wanted.size()];
            for (int i = 0; i < cols.length; i++) {
                Integer c = columns.get(wanted.get(i).strip());
                if (c == null) {
                    throw error(headerLine, "no column named '" + wanted.get(i) + "' (columns: "
                            + String.join(", ", header) + ")");
                }
                cols[i] = c;
            }
            return cols;
        }

        String[] names(int[] cols) {
            String[] out = new String[cols.length];
            for (int i = 0; i < cols.length; i++) {
                out[i] = header[cols[i]];
            }
            return out;
        }

        /** Parses the chosen columns of every data line (not blank, not a comment) after the header, row-major. */
        float[] parse(int[] cols) throws DataException {
            int rows = 0;
            for (int i = headerLine + 1; i < lines.size(); i++) {
                if (!CsvSyntax.skipped(lines.get(i))) {
                    rows++;
                }
            }
            if (rows == 0) {
                throw error(headerLine + 1, "the file has a header but no data rows");
            }
            float[] out = new float[Math.multiplyExact(rows, cols.length)];
            int row = 0;
            for (int i = headerLine + 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (CsvSyntax.skipped(line)) {
                    continue;
                }
                String[] cells = CsvSyntax.split(line, delimiter, where, i + 1);
                if (cells.length != header.length) {
                    throw error(i, "expected " + header.length + " values, found " + cells.length);
                }
                for (int c = 0; c < cols.length; c++) {
                    out[row * cols.length + c] = CsvReader.parse(cells[cols[c]], where, i + 1, header[cols[c]]);
                }
                row++;
            }
            return out;
        }
    }
}
