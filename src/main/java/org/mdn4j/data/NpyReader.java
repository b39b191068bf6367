package org.mdn4j.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Reads a NumPy {@code .npy} file (format versions 1.0, 2.0 and 3.0) holding a C-order 1-D or
 * 2-D array of float32 or float64, little- or big-endian ({@code <f4}, {@code <f8}, {@code >f4},
 * {@code >f8}). Rows are samples; columns are chosen by index ({@code 0}, {@code 1}, …) or by the
 * name the reader gives them ({@code col0}, {@code col1}, …); by default the last column is the
 * target and the others the inputs, as for a CSV file. A 1-D array is one column.
 *
 * <p>Every problem — bad magic, an unsupported version or dtype, a malformed header, Fortran
 * order, a shape that does not match the data's length, a non-finite value — is one line
 * {@code FILE: byte N: problem}. Sizes are checked against the file's length before anything is
 * allocated.
 */
public final class NpyReader {

    /** {@code \x93NUMPY}. */
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Bytes before the header length: the magic and the major and minor version. */
    private static final int PREAMBLE = MAGIC.length + 2;
    private static final String NAME_PREFIX = "col";

    private NpyReader() {
    }

    /** Whether a {@code --data} value names an {@code .npy} file (by its extension). */
    public static boolean isNpy(String data) {
        return data.toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    /** The name of column {@code c}: {@code col0}, {@code col1}, …. */
    public static String columnName(int c) {
        return NAME_PREFIX + c;
    }

    /**
     * @param inputs  input columns (indices or {@code colN} names), or null for "all but the targets"
     * @param targets target columns, or null for "the last column"
     */
    public static Dataset read(Path file, List<String> inputs, List<String> targets) throws DataException {
        String where = file.toString();
        NpyArray array = decode(InputFiles.readAllBytes(file), where);
        int[] targetCols = targets == null || targets.isEmpty()
                ? new int[] {array.columns() - 1}
                : array.resolve(targets);
        int[] inputCols;
        if (inputs == null || inputs.isEmpty()) {
            inputCols = IntStream.range(0, array.columns())
                    .filter(c -> IntStream.of(targetCols).noneMatch(t -> t == c)).toArray();
            if (inputCols.length == 0) {
                throw new DataException(where + ": the array has " + array.columns()
                        + " column(s); no input columns are left once the targets are taken");
            }
        } else {
            inputCols = array.resolve(inputs);
        }
        for (int ic : inputCols) {
            if (IntStream.of(targetCols).anyMatch(tc -> tc == ic)) {
                throw new DataException(where + ": column " + ic + " is both an input and a target");
            }
        }
        return new Dataset(where, array.select(inputCols), array.select(targetCols), names(inputCols),
                names(targetCols));
    }

    /** Reads only the given columns, row-major (for prediction, where the targets may be absent). */
    public static float[] readColumns(Path file, List<String> columns) throws DataException {
        NpyArray array = decode(InputFiles.readAllBytes(file), file.toString());
        return array.select(array.resolve(columns));
    }

    private static String[] names(int[] cols) {
        return Arrays.stream(cols).mapToObj(NpyReader::columnName).toArray(String[]::new);
    }

    /** Parses an {@code .npy} file's bytes; {@code where} names the source in error messages. */
    public static NpyArray decode(byte[] bytes, String where) throws DataException {
        int at = mismatch(bytes);
        if (at < MAGIC.length) {
            throw new DataException(where + ": byte " + at + ": not a NumPy .npy file (expected the magic \\x93NUMPY)");
        }
        if (bytes.length < PREAMBLE) {
            throw new DataException(where + ": byte " + bytes.length + ": file ends inside the format version");
        }
        int major = bytes[MAGIC.length] & 0xFF;
        int minor = bytes[MAGIC.length + 1] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new DataException(where + ": byte " + MAGIC.length + ": .npy format version " + major + "." + minor
                    + " is not supported (this build reads 1.0, 2.0 and 3.0)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int lengthSize = major == 1 ? 2 : 4;
        if (bytes.length < PREAMBLE + lengthSize) {
            throw new DataException(where + ": byte " + bytes.length + ": file ends inside the header length");
        }
        long headerLength = major == 1 ? in.getShort(PREAMBLE) & 0xFFFFL : in.getInt(PREAMBLE) & 0xFFFF_FFFFL;
        int headerStart = PREAMBLE + lengthSize;
        if (headerLength > bytes.length - headerStart) {
            throw new DataException(where + ": byte " + PREAMBLE + ": header length " + headerLength
                    + " exceeds the file (" + (bytes.length - headerStart) + " bytes follow)");
        }
        int dataStart = headerStart + (int) headerLength;
        NpyHeader header = NpyHeader.parse(bytes, headerStart, dataStart, where);
        return NpyArray.of(bytes, dataStart, header, where);
    }

    /** The first byte where the file departs from the magic; the magic's length if it starts the file. */
    private static int mismatch(byte[] bytes) {
        int n = Math.min(bytes.length, MAGIC.length);
        for (int i = 0; i < n; i++) {
            if (bytes[i] != MAGIC[i]) {
                return i;
            }
        }
        return n;
    }

    /**
     * A decoded array over the file's bytes: values are converted (and checked) only for the
     * columns asked for, so a file is never copied whole.
     */
    public static final class NpyArray {

        private final ByteBuffer data;
        private final int dataStart;
        private final boolean doubles;
        private final int rows;
        private final int columns;
        private final String where;

        private NpyArray(ByteBuffer data, int dataStart, boolean doubles, int rows, int columns, String where) {
            this.data = data;
            this.dataStart = dataStart;
            this.doubles = doubles;
            this.rows = rows;
            this.columns = columns;
            this.where = where;
        }

        static NpyArray of(byte[] bytes, int dataStart, NpyHeader h, String where) throws DataException {
            ByteOrder order;
            int size;
            switch (h.descr()) {
                case "<f4" -> { order = ByteOrder.LITTLE_ENDIAN; size = 4; }
                case "<f8" -> { order = ByteOrder.LITTLE_ENDIAN; size = 8; }
                case ">f4" -> { order = ByteOrder.BIG_ENDIAN; size = 4; }
                case ">f8" -> { order = ByteOrder.BIG_ENDIAN; size = 8; }
                default -> throw new DataException(where + ": byte " + h.descrAt() + ": dtype '" + h.descr()
                        + "' is not supported (float32 or float64: '<f4', '<f8', '>f4' or '>f8')");
            }
            if (h.fortranOrder()) {
                throw new DataException(where + ": byte " + h.fortranAt() + ": the array is in Fortran order; only "
                        + "C order is supported (save np.ascontiguousarray(a))");
            }
            String shape = shapeText(h.shape());
            if (h.shape().length < 1 || h.shape().length > 2) {
                throw new DataException(where + ": byte " + h.shapeAt() + ": shape " + shape + " has "
                        + h.shape().length + " dimensions; expected 1 (one column) or 2 (rows, columns)");
            }
            long r = h.shape()[0];
            long c = h.shape().length == 2 ? h.shape()[1] : 1;
            if (r == 0 || c == 0) {
                throw new DataException(where + ": byte " + h.shapeAt() + ": shape " + shape + " holds no values");
            }
            long have = bytes.length - dataStart;
            // r, c >= 1: r·c·size <= have, decided without overflowing
            boolean fits = r <= have / size && c <= have / size / r;
            if (!fits || r * c * size != have) {
                String need = r <= Long.MAX_VALUE / c / size ? Long.toString(r * c * size) : "over 2^63";
                throw new DataException(where + ": byte " + (fits ? dataStart + r * c * size : bytes.length) + ": "
                        + (fits ? "data runs past the array's end" : "data ends early (truncated)") + ": shape "
                        + shape + " of " + h.descr() + " needs " + need + " bytes after the header (byte "
                        + dataStart + "), found " + have);
            }
            return new NpyArray(ByteBuffer.wrap(bytes).order(order), dataStart, size == 8, (int) r, (int) c, where);
        }

        private static String shapeText(long[] shape) {
            if (shape.length == 1) {
                return "(" + shape[0] + ",)";
            }
            StringBuilder s = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                s.append(i == 0 ? "" : ", ").append(shape[i]);
            }
            return s.append(')').toString();
        }

        public int rows() {
            return rows;
        }

        public int columns() {
            return columns;
        }

        /** Column indices for {@code 0}, {@code 1}, … or {@code col0}, {@code col1}, …. */
        int[] resolve(List<String> wanted) throws DataException {
            int[] cols = new int[wanted.size()];
            for (int i = 0; i < cols.length; i++) {
                String w = wanted.get(i).strip();
                String digits = w.startsWith(NAME_PREFIX) ? w.substring(NAME_PREFIX.length()) : w;
                int c = digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)
                        ? -1 : Integer.parseInt(digits);
                if (c < 0) {
                    throw new DataException(where + ": column '" + wanted.get(i) + "' is not a column index ("
                            + columnRange() + ")");
                }
                if (c >= columns) {
                    throw new DataException(where + ": no column " + c + " (" + columnRange() + ")");
                }
                cols[i] = c;
            }
            return cols;
        }

        private String columnRange() {
            return columns == 1 ? "the array has one column: 0 or col0"
                    : "the array has " + columns + " columns: 0.." + (columns - 1) + " or col0..col" + (columns - 1);
        }

        /** The chosen columns, row-major, each value checked to be finite and to fit a float. */
        public float[] select(int[] cols) throws DataException {
            float[] out = new float[Math.multiplyExact(rows, cols.length)];
            int size = doubles ? 8 : 4;
            for (int n = 0; n < rows; n++) {
                for (int j = 0; j < cols.length; j++) {
                    int at = dataStart + ((n * columns) + cols[j]) * size;
                    double v = doubles ? data.getDouble(at) : data.getFloat(at);
                    float f = (float) v;
                    if (!Double.isFinite(v) || Float.isInfinite(f)) {
                        throw new DataException(where + ": byte " + at + ": row " + n + ", column " + cols[j] + ": "
                                + v + (Double.isFinite(v) ? " overflows a 32-bit float" : " is not a finite number"));
                    }
                    out[n * cols.length + j] = f;
                }
            }
            return out;
        }
    }
}
