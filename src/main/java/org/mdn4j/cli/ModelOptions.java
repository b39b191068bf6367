package org.mdn4j.cli;

import java.nio.file.Path;
import org.mdn4j.data.DataException;
import org.mdn4j.data.Dataset;
import org.mdn4j.io.Model;
import org.mdn4j.io.ModelFile;
import org.mdn4j.mixture.Predictor;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of a command that applies a trained model to data. */
final class ModelOptions {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file written by 'mdn train'.")
    Path model;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--seed", paramLabel = "S", defaultValue = "19",
            description = "Seed of the built-in data generator (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendOption backend = new BackendOption();

    Model loaded;

    /** Reads the model and makes its predictor. */
    Predictor open() throws DataException {
        loaded = ModelFile.read(model);
        return new Predictor(loaded, backend.kernels());
    }

    /** The data with targets (for scoring), checked against the model's shape. */
    Dataset labelledData() throws DataException {
        Dataset d = data.loadFor(loaded.inputNames(), loaded.targetNames(), seed);
        if (d.inputs() != loaded.spec().inputs() || d.targets() != loaded.spec().targets()) {
            throw new DataException(d.name() + ": has " + d.inputs() + " inputs and " + d.targets()
                    + " targets; the model " + model + " expects " + loaded.spec().inputs() + " and "
                    + loaded.spec().targets());
        }
        return d;
    }

    /** The input rows only (for prediction), checked against the model's input count. */
    float[] inputRows() throws DataException {
        int width = loaded.spec().inputs();
        if (data.inputs != null && data.inputs.size() != width) {
            throw new DataException(data.data + ": " + data.inputs.size() + " input columns given; the model "
                    + model + " expects " + width);
        }
        float[] x = data.loadInputs(loaded.inputNames(), seed);
        if (x.length % width != 0) {
            throw new DataException(data.data + ": the inputs do not match the model's " + width + " input columns");
        }
        return x;
    }

    /** Every row's outputs, row-major. */
    static float[] outputs(Predictor p, float[] x) {
        int rows = x.length / p.model().spec().inputs();
        float[] out = new float[Math.multiplyExact(rows, p.outputs())];
        p.outputs(x, 0, rows, out, 0);
        return out;
    }
}
