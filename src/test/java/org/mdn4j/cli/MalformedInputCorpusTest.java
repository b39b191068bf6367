package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mdn4j.data.NpyBytes;

/**
 * A corpus of malformed inputs (CSV files, .npy files, model files, JSON models and option values), each run
 * end to end through the CLI: exit 2, one {@code mdn: ...} line on stderr naming the file and line
 * or byte offset where there is one, no stack trace, nothing on stdout, and no output left behind.
 */
class MalformedInputCorpusTest {

    @TempDir
    static Path dir;
    static Path goodModel;
    static byte[] goodModelBytes;
    static String goodJson;

    @BeforeAll
    static void goodFiles() throws Exception {
        goodModel = dir.resolve("good.mdn");
        Cli.run("train", "--data", "toy", "--epochs", "5", "--quiet", "--out", goodModel.toString()).ok();
        goodModelBytes = Files.readAllBytes(goodModel);
        Path json = dir.resolve("good.json");
        Cli.run("export", "--model", goodModel.toString(), "--out", json.toString()).ok();
        goodJson = Files.readString(json);
    }

    /** What one corpus entry runs: the arguments, the expected message part, and the output path. */
    record Invocation(String[] args, String message, Path output) {
    }

    @FunctionalInterface
    interface Entry {
        /** Writes the entry's bad input into its own empty folder and says how to run it. */
        Invocation build(Path folder) throws Exception;
    }

    private static Arguments entry(String name, Entry e) {
        return Arguments.of(name, e);
    }

    // ----- builders ---------------------------------------------------------------------------

    private static Path write(Path folder, String name, String text) throws Exception {
        return write(folder, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path write(Path folder, String name, byte[] bytes) throws Exception {
        Path f = folder.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static String[] args(Object... parts) {
        return Arrays.stream(parts).map(Object::toString).toArray(String[]::new);
    }

    /** {@code mdn train} on a CSV file, with extra options. */
    private static Entry trainCsv(String csv, String message, String... extra) {
        return csvBytes(csv.getBytes(StandardCharsets.UTF_8), message, extra);
    }

    private static Entry csvBytes(byte[] csv, String message, String... extra) {
        return trainFile("data.csv", csv, message, extra);
    }

    /** {@code mdn train} on a data file {@code name} holding {@code bytes}, with extra options. */
    private static Entry trainFile(String name, byte[] bytes, String message, String... extra) {
        return folder -> {
            Path data = write(folder, name, bytes);
            Path out = folder.resolve("never.mdn");
            List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--epochs", "1", "--quiet",
                    "--out", out.toString()));
            a.addAll(Arrays.asList(extra));
            return new Invocation(a.toArray(String[]::new), message.replace("{f}", data.toString()), out);
        };
    }

    /** {@code mdn train} on an .npy file, with extra options. */
    private static Entry trainNpy(byte[] npy, String message, String... extra) {
        return trainFile("data.npy", npy, message, extra);
    }

    private static byte[] npy(String descr, String shape, byte[] data) {
        return NpyBytes.file(1, NpyBytes.dict(descr, shape), data);
    }

    private static final byte[] SIX_FLOATS = NpyBytes.floats(java.nio.ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6);

    /** {@code mdn <command> --model FILE ...} with a damaged model file. */
    private static Entry badModel(byte[] bytes, String message, String... command) {
        return folder -> {
            Path model = write(folder, "model.mdn", bytes);
            Path out = folder.resolve("never.out");
            List<String> a = new ArrayList<>();
            for (String c : command) {
                a.add(c.replace("{m}", model.toString()).replace("{o}", out.toString()));
            }
            return new Invocation(a.toArray(String[]::new), message.replace("{f}", model.toString()), out);
        };
    }

    private static Entry evalModel(byte[] bytes, String message) {
        return badModel(bytes, message, "eval", "--model", "{m}", "--data", "toy");
    }

    /** {@code mdn import} of a JSON model. */
    private static Entry importJson(byte[] json, String message) {
        return folder -> {
            Path f = write(folder, "model.json", json);
            Path out = folder.resolve("never.mdn");
            return new Invocation(args("import", "--json", f, "--out", out), message.replace("{f}", f.toString()), out);
        };
    }

    private static Entry importJson(String json, String message) {
        return importJson(json.getBytes(StandardCharsets.UTF_8), message);
    }

    /** A command line with a bad option value; {@code {m}} is the good model, {@code {o}} the output. */
    private static Entry options(String commandLine, String message) {
        return folder -> {
            Path out = folder.resolve(commandLine.startsWith("predict") ? "never.csv" : "never.mdn");
            String[] a = Arrays.stream(commandLine.split(" "))
                    .map(s -> s.replace("{m}", goodModel.toString()).replace("{o}", out.toString()))
                    .toArray(String[]::new);
            return new Invocation(a, message, out);
        };
    }

    private static byte[] model() {
        return goodModelBytes.clone();
    }

    /** The body (all but the trailing CRC-32) resealed with a CRC that matches it. */
    private static byte[] resealed(byte[] bytes) {
        byte[] body = Arrays.copyOf(bytes, bytes.length - 4);
        CRC32 crc = new CRC32();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }

    private static byte[] withInt(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes).putInt(at, value);
        return bytes;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    // Byte offsets of fixed model-file header fields (docs/FORMATS.md).
    private static final int AT_VERSION = 8;
    private static final int AT_LAYERS = 26; // version 2: magic 8, version 4, type 1, head 1, D, L, K
    private static final int AT_WIDTH0 = 30;

    static Stream<Arguments> corpus() {
        return Stream.of(
                // ----- CSV -----
                entry("csv non-numeric cell", trainCsv("x,t\n1,2\nabc,3\n", "{f}:3: column 'x': 'abc' is not a number")),
                entry("csv NaN", trainCsv("x,t\n1,2\n3,NaN\n", "{f}:3: column 't': NaN is not a finite number")),
                entry("csv Infinity", trainCsv("x,t\n1,2\nInfinity,3\n", "{f}:3: column 'x': Infinity is not a finite number")),
                entry("csv 1e39 overflows float", trainCsv("x,t\n1,2\n3,4\n1e39,5\n", "{f}:4: column 'x': 1e39 overflows a 32-bit float")),
                entry("csv short row", trainCsv("x,t\n1,2\n3\n", "{f}:3: expected 2 values, found 1")),
                entry("csv long row", trainCsv("x,t\n1,2\n3,4,5\n", "{f}:3: expected 2 values, found 3")),
                entry("csv empty file", trainCsv("", "{f}: the file is empty")),
                entry("csv header only", trainCsv("x,t\n", "{f}:2: the file has a header but no data rows")),
                entry("csv unknown input column", trainCsv("x,t\n1,2\n3,4\n", "{f}:1: no column named 'z' (columns: x, t)", "--inputs", "z", "--targets", "t")),
                entry("csv unknown target column", trainCsv("x,t\n1,2\n3,4\n", "{f}:1: no column named 'y'", "--targets", "y")),
                entry("csv duplicate header", trainCsv("x,x\n1,2\n3,4\n", "{f}:1: column name 'x' appears twice")),
                entry("csv column both input and target",
                        trainCsv("x,t\n1,2\n3,4\n", "{f}:1: column 'x' is both an input and a target", "--inputs", "x", "--targets", "x")),
                entry("csv NUL byte", csvBytes(concat(utf8("x,t\n1,2\n3,"), new byte[] {0}, utf8("\n")), "{f}:3: binary data (a NUL byte)")),
                entry("csv invalid UTF-8", csvBytes(concat(utf8("x,t\n1,2\n"), new byte[] {(byte) 0xC3, '(', '\n'}),
                        "{f}:3: not UTF-8 text")),
                entry("csv empty cell", trainCsv("x,t\n1,2\n,4\n", "{f}:3: column 'x' is empty")),
                entry("csv ambiguous delimiter", trainCsv("a;b,t\n1,2\n",
                        "{f}:1: cannot tell the delimiter: the header has ',' and ';' outside quotes; give --delimiter")),
                entry("csv unterminated quote", trainCsv("x,t\n1,2\n\"3,4\n",
                        "{f}:3: field 1: unterminated quoted field (the quote is not closed on this line)")),
                entry("csv text after a closing quote", trainCsv("x,t\n\"1\"2,3\n",
                        "{f}:2: field 1: '2' after a closing quote (expected the delimiter ',')")),
                entry("csv quote inside an unquoted field", trainCsv("x;t\n1;2\"\n",
                        "{f}:2: field 2: a quote inside an unquoted field")),
                entry("csv error after comments names the physical line",
                        trainCsv("# a comment\n\nx|t\n# 1|2\n1|2\n3|four\n", "{f}:6: column 't': 'four' is not a number")),
                entry("csv one column with --delimiter ;", trainCsv("x,t\n1,2\n", "{f}:1: the header names one column",
                        "--delimiter", ";")),
                entry("option --delimiter space", trainCsv("x,t\n1,2\n", "--delimiter: expected one of , ; | tab, got 'space'",
                        "--delimiter", "space")),
                entry("eval csv missing target column", folder -> {
                    Path f = write(folder, "data.csv", "x,u\n1,2\n3,4\n");
                    return new Invocation(args("eval", "--model", goodModel, "--data", f), f + ":1: no column named 't' (columns: x, u)", null);
                }),
                entry("predict csv NaN input", folder -> {
                    Path f = write(folder, "data.csv", "x,t\n1,2\nNaN,3\n");
                    Path out = folder.resolve("never.csv");
                    return new Invocation(args("predict", "--model", goodModel, "--data", f, "--out", out),
                            f + ":3: column 'x'", out);
                }),
                // ----- NumPy .npy files -----
                entry("npy bad magic", trainNpy(utf8("x,t\n1,2\n"), "{f}: byte 0: not a NumPy .npy file")),
                entry("npy unsupported version", trainNpy(withByte(NpyBytes.float32(2, 1, 2, 3, 4), 6, 9),
                        "{f}: byte 6: .npy format version 9.0 is not supported")),
                entry("npy wrong dtype", trainNpy(npy("<i4", "(3, 2)", SIX_FLOATS),
                        "{f}: byte 20: dtype '<i4' is not supported (float32 or float64")),
                entry("npy Fortran order", trainNpy(NpyBytes.file(1,
                        "{'descr': '<f4', 'fortran_order': True, 'shape': (3, 2), }", SIX_FLOATS),
                        "{f}: byte 44: the array is in Fortran order; only C order is supported")),
                entry("npy bad header dict", trainNpy(NpyBytes.file(1, "{'descr': '<f4', 'fortran_order': False}", SIX_FLOATS),
                        "{f}: byte 49: the header lacks 'shape'")),
                entry("npy truncated data", trainNpy(Arrays.copyOf(npy("<f4", "(3, 2)", SIX_FLOATS), 140),
                        "{f}: byte 140: data ends early (truncated): shape (3, 2) of <f4 needs 24 bytes")),
                entry("npy absurd shape", trainNpy(npy("<f8", "(4611686018427387904, 4611686018427387904)", SIX_FLOATS),
                        "{f}: byte 152: data ends early (truncated): shape (4611686018427387904, 4611686018427387904) of <f8 needs over 2^63 bytes")),
                entry("npy three dimensions", trainNpy(npy("<f4", "(3, 1, 2)", SIX_FLOATS),
                        "{f}: byte 60: shape (3, 1, 2) has 3 dimensions")),
                entry("npy NaN value", trainNpy(NpyBytes.float32(2, 1, 2, 3, Float.NaN),
                        "{f}: byte 140: row 1, column 1: NaN is not a finite number")),
                entry("npy column out of range", trainNpy(NpyBytes.float32(2, 1, 2, 3, 4),
                        "{f}: no column 5 (the array has 2 columns: 0..1 or col0..col1)", "--targets", "5")),
                entry("npy column by CSV name", trainNpy(NpyBytes.float32(2, 1, 2, 3, 4),
                        "{f}: column 'x' is not a column index", "--inputs", "x")),
                // ----- model files -----
                entry("model wrong magic", evalModel(withMagicByte(), "{f}: byte 0: not an mdn4j model file (wrong magic number)")),
                entry("model unknown version", evalModel(withInt(model(), AT_VERSION, 3), "{f}: byte 8: model file version 3 is not supported")),
                entry("model bad checksum", evalModel(flipped(), "{f}: byte " + (goodModelBytes.length - 4) + ": checksum mismatch")),
                entry("model truncated", evalModel(Arrays.copyOf(model(), goodModelBytes.length / 2),
                        "{f}: byte " + (goodModelBytes.length / 2 - 4) + ": checksum mismatch")),
                entry("model truncated, valid CRC", evalModel(resealed(Arrays.copyOf(model(), 44)),
                        "{f}: byte 40: file ends early (truncated)")),
                entry("model empty", evalModel(new byte[0], "{f}: too short to be an mdn4j model (0 bytes)")),
                entry("model absurd hidden width, valid CRC",
                        evalModel(resealed(withInt(model(), AT_WIDTH0, Integer.MAX_VALUE)), "{f}: byte 30: hidden width 2147483647 is out of range")),
                entry("model absurd layer count, valid CRC",
                        evalModel(resealed(withInt(model(), AT_LAYERS, 1_000_000_000)), "{f}: byte 26: hidden layer count 1000000000 is out of range")),
                entry("info on a damaged model", badModel(flipped(), "{f}: byte " + (goodModelBytes.length - 4) + ": checksum mismatch", "info", "{m}")),
                entry("export a damaged model", badModel(flipped(), "{f}: byte " + (goodModelBytes.length - 4) + ": checksum mismatch", "export", "--model", "{m}", "--out", "{o}")),
                entry("predict with a truncated model", badModel(Arrays.copyOf(model(), 20), "{f}: byte 16: checksum mismatch",
                        "predict", "--model", "{m}", "--data", "toy", "--out", "{o}")),
                entry("plot with a damaged model", badModel(flipped(), "{f}: byte " + (goodModelBytes.length - 4) + ": checksum mismatch",
                        "plot", "--model", "{m}", "--data", "toy", "--out", "{o}")),
                // ----- JSON models -----
                entry("json syntax error", importJson("{\"format\": \"mdn4j\",, }", "{f}: line 1, column 20 (byte 19): unexpected ',', expected a string key")),
                entry("json empty file", importJson("", "{f}: line 1, column 1 (byte 0): no JSON value (the input is empty)")),
                entry("json wrong type", importJson(() -> goodJson.replaceFirst("\"inputs\": 1", "\"inputs\": \"one\""),
                        "{f}: inputs: expected a whole number, found a string")),
                entry("json wrong layer shape", importJson(() -> goodJson.replaceFirst("\"out\": (\\d+)", "\"out\": 77"),
                        "{f}: layers[1].in: is 5; expected 77 (the previous layer's out)")),
                entry("json weight rows disagree with out", importJson(() -> goodJson
                        .replaceFirst("\"out\": 5", "\"out\": 77").replaceFirst("\"in\": 5", "\"in\": 77"),
                        "{f}: layers[0].weight: has 5 rows; expected 77 (out)")),
                entry("json wrong first-layer in", importJson(() -> goodJson.replaceFirst("\"in\": 1", "\"in\": 2"),
                        "{f}: layers[0].in: is 2; expected 1 (inputs)")),
                entry("json number outside float range", importJson(
                        () -> goodJson.replaceFirst("\"bias\": \\[[^,\\]]+", "\"bias\": [1e39"), "{f}: layers[0].bias[0]: 1e39 does not fit a 32-bit float")),
                entry("json duplicate key", importJson(() -> goodJson.replaceFirst("\"inputs\": 1", "\"inputs\": 1, \"inputs\": 1"),
                        "{f}: line 5, column 16 (byte 72): duplicate key \"inputs\"")),
                entry("json wrong format", importJson(() -> goodJson.replaceFirst("\"mdn4j\"", "\"onnx\""), "{f}: format: is \"onnx\", not \"mdn4j\"")),
                entry("json unknown key", importJson(() -> goodJson.replaceFirst("\"inputs\"", "\"inptus\""), "{f}: inptus: unknown key")),
                entry("json invalid UTF-8", importJson(concat(utf8("{\"format\": \""), new byte[] {(byte) 0xFF},
                        utf8("\"}")), "{f}: byte 12: not valid UTF-8")),
                // ----- options -----
                entry("option --epochs 0", options("train --data toy --epochs 0 --quiet --out {o}",
                        "--epochs must be at least 1, got 0")),
                entry("option --batch -4", options("train --data toy --epochs 1 --batch -4 --quiet --out {o}",
                        "--batch must be at least 1, got -4")),
                entry("option --components 0", options("train --data toy --epochs 1 --components 0 --quiet --out {o}",
                        "components must be at least 1")),
                entry("option --hidden 5,,5", options("train --data toy --epochs 1 --hidden 5,,5 --quiet --out {o}",
                        "--hidden: '' is not a whole number")),
                entry("option --hidden -5", options("train --data toy --epochs 1 --hidden -5 --quiet --out {o}",
                        "--hidden: layer widths must be at least 1, got -5")),
                entry("option unknown backend", options("eval --model {m} --data toy --backend tpu",
                        "unknown backend 'tpu'")),
                entry("option --inputs with built-in data", options(
                        "train --data toy --epochs 1 --inputs x --targets t --quiet --out {o}",
                        "--inputs and --targets apply to CSV files")),
                entry("option --n 0", options("eval --model {m} --data toy --n 0", "--n must be at least 1")),
                entry("option --delimiter with built-in data", options("eval --model {m} --data toy --delimiter ;",
                        "--delimiter applies to CSV files, not to --data toy")),
                entry("option --standardize maybe", options("train --data toy --epochs 1 --standardize maybe --quiet --out {o}",
                        "--standardize: 'maybe' is not on or none")),
                entry("option --quantiles 1.5", options("predict --model {m} --data toy --quantiles 1.5 --out {o}",
                        "--quantiles: 1.5 is outside (0, 1)")),
                entry("option --temperature 0", options(
                        "predict --model {m} --data toy --samples 3 --temperature 0 --out {o}",
                        "--temperature must be a positive number")),
                entry("option --temperature without --samples", options(
                        "predict --model {m} --data toy --temperature 2 --out {o}",
                        "--temperature and --sample-seed apply to --samples")),
                entry("option --samples -1", options("predict --model {m} --data toy --samples -1 --out {o}",
                        "--samples must be at least 0, got -1")),
                entry("option export --format onnx", options("export --model {m} --format onnx --out {o}", "unknown --format 'onnx' (expected json)")));
    }

    private static Entry importJson(Supplier<String> json, String message) {
        return folder -> {
            String text = json.get();
            assertFalse(text.equals(goodJson), "the edit changed the JSON");
            return importJson(text, message).build(folder);
        };
    }

    private static byte[] withByte(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        return bytes;
    }

    private static byte[] withMagicByte() {
        byte[] b = model();
        b[0] = 'X';
        return b;
    }

    private static byte[] flipped() {
        byte[] b = model();
        b[b.length - 4 - 7] ^= 0x10;
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rejected(String name, Entry entry) throws Exception {
        Path folder = Files.createDirectory(dir.resolve(name.replaceAll("[^A-Za-z0-9]+", "-")));
        Invocation inv = entry.build(folder);
        List<String> before = Cli.listing(folder);
        Cli.Result r = Cli.run(inv.args());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), () -> r.describe("no stack trace"));
        assertEquals("", r.out(), () -> r.describe("nothing on stdout"));
        r.badInputOneLine(inv.message());
        assertEquals(MdnCli.EXIT_BAD_INPUT, r.code());
        if (inv.output() != null) {
            assertFalse(Files.exists(inv.output()), () -> r.describe("no output file"));
        }
        assertEquals(before, Cli.listing(folder), () -> r.describe("no output or temporary file left behind"));
    }
}
