package org.mdn4j.cli;

import java.nio.file.Path;
import org.mdn4j.data.DataException;
import org.mdn4j.data.Dataset;
import org.mdn4j.io.Model;
import org.mdn4j.io.ModelFile;
import org.mdn4j.kernel.KernelSelector;
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

    @Option(names = "--backend", paramLabel = "scalar|simd", defaultValue = "auto",
            description = "Kernels: simd (Vector API) or scalar (default: simd where available).")
    String backend;

    Model loaded;
    Dataset dataset;

    /** Reads the model and the data and checks that they fit each other. */
    Predictor open() throws DataException {
        loaded = ModelFile.read(model);
        dataset = data.loadFor(loaded.inputNames(), loaded.targetNames(), seed);
        if (dataset.inputs() != loaded.spec().inputs() || dataset.targets() != loaded.spec().targets()) {
            throw new DataException(dataset.name() + ": has " + dataset.inputs() + " inputs and " + dataset.targets()
                    + " targets; the model " + model + " expects " + loaded.spec().inputs() + " and "
                    + loaded.spec().targets());
        }
        return new Predictor(loaded, KernelSelector.select(backend));
    }

    /** Every sample's output row, row-major. */
    static float[] outputs(Predictor p, Dataset d) {
        float[] out = new float[Math.multiplyExact(d.size(), p.outputs())];
        p.outputs(d.x(), 0, d.size(), out, 0);
        return out;
    }
}
