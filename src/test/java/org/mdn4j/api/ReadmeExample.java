package org.mdn4j.api;

import java.nio.file.Path;
import org.mdn4j.data.DataException;

/**
 * The README's embedding example: the lines between the markers stand verbatim in README.md
 * (ReadmeExampleTest checks that, then runs them).
 */
final class ReadmeExample {

    private ReadmeExample() {
    }

    static void run(Path modelFile) throws DataException {
        // README example begin
        try (MdnModel model = MdnModel.load(modelFile)) {      // a model file written by mdn train
            MdnPredictor predictor = model.predictor();         // thread-safe: share it
            float[] x = {0.5f};                                 // one input row (D values)
            double[] mean = new double[model.targets()];        // L values each
            double[] variance = new double[model.targets()];
            double[] mode = new double[model.targets()];
            predictor.predict(x, mean, variance, mode);         // allocates nothing
            double logP = predictor.logDensity(x, new float[] {0.3f});   // log p(t = 0.3 | x)
            System.out.printf("mean %.4f, variance %.4f, mode %.4f, log p %.4f%n", mean[0], variance[0], mode[0], logP);
        }
        // README example end
    }
}
