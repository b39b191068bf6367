package org.mdn4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.io.ModelFile;

/**
 * The library runs without the CLI's dependencies: the facade, loaded from the compiled classes
 * alone (no picocli, no XChart on its class path), opens a model and predicts what the facade on
 * the full class path predicts.
 */
class LibraryWithoutCliTest {

    @TempDir
    Path dir;

    @Test
    void theFacadeNeedsOnlyTheLibraryClasses() throws Exception {
        Path file = dir.resolve("m.mdn");
        ModelFile.write(ApiModels.mdn(2, 1, 2, 8), file);
        float[] x = {0.25f, -0.75f};
        double[] expected = new double[1];
        try (MdnModel model = MdnModel.load(file)) {
            model.predictor().predict(x, expected, null, null);
        }

        URL classes = Path.of(MdnModel.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
        try (URLClassLoader library = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> library.loadClass("picocli.CommandLine"),
                    "picocli must not be visible");
            Class<?> modelClass = library.loadClass(MdnModel.class.getName());
            Class<?> predictorClass = library.loadClass(MdnPredictor.class.getName());
            Object model = modelClass.getMethod("load", Path.class).invoke(null, file);
            try {
                Object predictor = modelClass.getMethod("predictor").invoke(model);
                Method predict = predictorClass.getMethod("predict", float[].class, double[].class, double[].class,
                        double[].class);
                double[] mean = new double[1];
                predict.invoke(predictor, x, mean, null, null);
                assertEquals(expected[0], mean[0], 0.0);
            } finally {
                ((AutoCloseable) model).close();
            }
        }
    }
}
