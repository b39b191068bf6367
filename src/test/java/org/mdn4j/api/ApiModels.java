package org.mdn4j.api;

import java.util.Map;
import java.util.SplittableRandom;
import org.mdn4j.data.Scaler;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Activation;
import org.mdn4j.nn.Head;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;

/** Seeded models for the facade's tests. */
final class ApiModels {

    private ApiModels() {
    }

    /** An MDN with D inputs, L targets, K components and hidden layers 8 (tanh), 6 (relu). */
    static Model mdn(int inputs, int targets, int components, long seed) {
        ModelSpec spec = ModelSpec.mdn(inputs, targets, components, new int[] {8, 6},
                new Activation[] {Activation.TANH, Activation.RELU});
        return model(spec, seed);
    }

    /** As {@link #mdn}, with the given head and a model trained under {@code scaler} (may be null). */
    static Model mdn(int inputs, int targets, int components, long seed, Head head, Scaler scaler) {
        ModelSpec spec = ModelSpec.mdn(inputs, targets, components, new int[] {8, 6},
                new Activation[] {Activation.TANH, Activation.RELU}, head);
        Model m = model(spec, seed);
        return new Model(spec, m.parameters(), m.inputNames(), m.targetNames(), m.metadata(), scaler);
    }

    /** An MLP with D inputs, L targets and one hidden layer of 5 (sigmoid). */
    static Model mlp(int inputs, int targets, long seed) {
        ModelSpec spec = ModelSpec.mlp(inputs, targets, new int[] {5}, new Activation[] {Activation.SIGMOID});
        return model(spec, seed);
    }

    /** {@code rows} rows of {@code width} seeded values in [−2, 2), row-major. */
    static float[] inputs(int rows, int width, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-2, 2);
        }
        return x;
    }

    private static Model model(ModelSpec spec, long seed) {
        float[] p = Parameters.initialise(spec, new ParameterLayout(spec), seed);
        String[] in = new String[spec.inputs()];
        String[] out = new String[spec.targets()];
        for (int i = 0; i < in.length; i++) {
            in[i] = "x" + i;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = "t" + i;
        }
        return new Model(spec, p, in, out, Map.of("seed", Long.toString(seed)));
    }
}
