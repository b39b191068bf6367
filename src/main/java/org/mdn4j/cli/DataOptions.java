package org.mdn4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.mdn4j.data.CsvReader;
import org.mdn4j.data.CsvSyntax;
import org.mdn4j.data.DataException;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.NpyReader;
import org.mdn4j.data.ToyData;
import picocli.CommandLine.Option;

/** The options that name a data set: a built-in generator, a CSV or .npy file, and its columns. */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "toy|toy-inverse|arm|FILE.csv",
            description = "Built-in data (the seed's toy problem x->t, or its inverse t->x; arm: the two-link "
                    + "robot arm's inverse kinematics, end-effector position x1,x2 -> joint angles theta1,theta2) "
                    + "or a CSV file with a header (see --delimiter; '#' lines are comments), or a NumPy .npy "
                    + "file (2-D float32/float64, rows = samples).")
    String data;

    @Option(names = "--n", paramLabel = "N", defaultValue = "300",
            description = "Rows to generate for built-in data (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--inputs", paramLabel = "a,b", split = ",",
            description = "Input columns of a CSV file, or column indices of an .npy file "
                    + "(default: every column that is not a target).")
    List<String> inputs;

    @Option(names = "--targets", paramLabel = "c", split = ",",
            description = "Target columns of a CSV file, or column indices of an .npy file (default: the last column).")
    List<String> targets;

    @Option(names = "--delimiter", paramLabel = "CHAR",
            description = "Field delimiter of a CSV file: , ; | or tab (default: detected from the header line).")
    String delimiter;

    boolean builtIn() {
        return ToyData.isBuiltIn(data);
    }

    /** Generates or reads the data; {@code seed} drives the built-in generators. */
    Dataset load(long seed) throws DataException {
        if (builtIn()) {
            if (inputs != null || targets != null) {
                throw new IllegalArgumentException("--inputs and --targets apply to CSV files, not to --data " + data);
            }
            refuseDelimiter("--data " + data);
            return ToyData.named(data, n, seed);
        }
        if (NpyReader.isNpy(data)) {
            refuseDelimiter("a NumPy file (" + data + ")");
            return NpyReader.read(Path.of(data), inputs, targets);
        }
        return CsvReader.read(Path.of(data), inputs, targets, delimiterChar());
    }

    /**
     * The input rows only, row-major: a CSV file needs just the input columns (by default the
     * model's), so a file of new inputs without targets can be predicted.
     */
    float[] loadInputs(String[] modelInputs, long seed) throws DataException {
        if (builtIn()) {
            return load(seed).x();
        }
        if (NpyReader.isNpy(data)) {
            refuseDelimiter("a NumPy file (" + data + ")");
            return NpyReader.readColumns(Path.of(data), inputs != null ? inputs : List.of(modelInputs));
        }
        return CsvReader.readColumns(Path.of(data), inputs != null ? inputs : List.of(modelInputs), delimiterChar());
    }

    /** --delimiter belongs to CSV files; {@code what} names the data it was given with. */
    private void refuseDelimiter(String what) {
        if (delimiter != null) {
            throw new IllegalArgumentException("--delimiter applies to CSV files, not to " + what);
        }
    }

    /** The --delimiter character, or null to detect it. */
    private Character delimiterChar() {
        return delimiter == null ? null : CsvSyntax.parseOption(delimiter);
    }

    /** As {@link #load}, but CSV columns default to the ones the model was trained on. */
    Dataset loadFor(String[] modelInputs, String[] modelTargets, long seed) throws DataException {
        if (!builtIn()) {
            if (inputs == null) {
                inputs = List.of(modelInputs);
            }
            if (targets == null) {
                targets = List.of(modelTargets);
            }
        }
        return load(seed);
    }
}
