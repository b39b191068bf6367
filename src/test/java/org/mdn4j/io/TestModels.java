package org.mdn4j.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mdn4j.data.Scaler;
import org.mdn4j.kernel.Activation;
import org.mdn4j.nn.Head;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;

/** Small seeded models for the model-file tests. */
final class TestModels {

    private TestModels() {
    }

    /** An MDN 2-4(tanh)-3(relu)-head with K=2, L=1, and a few awkward parameter bit patterns. */
    static Model smallMdn() {
        ModelSpec spec = ModelSpec.mdn(2, 1, 2, new int[] {4, 3}, new Activation[] {Activation.TANH, Activation.RELU});
        float[] p = Parameters.initialise(spec, new ParameterLayout(spec), 1234);
        p[0] = -0.0f;
        p[1] = Float.MIN_VALUE; // subnormal
        p[2] = Float.MAX_VALUE;
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("data", "toy-inverse");
        meta.put("zeta", "last key first?");
        meta.put("a", "ünïcødé ✓ and \"quotes\", commas\nnewline");
        meta.put("", "");
        return new Model(spec, p, new String[] {"in.a", "in β"}, new String[] {"target"}, meta);
    }

    /** An MLP with one hidden layer and no metadata. */
    static Model smallMlp() {
        ModelSpec spec = ModelSpec.mlp(1, 2, new int[] {3}, new Activation[] {Activation.SIGMOID});
        float[] p = Parameters.initialise(spec, new ParameterLayout(spec), 99);
        return new Model(spec, p, new String[] {"x"}, new String[] {"y1", "y2"}, Map.of());
    }

    /** An MDN with the full-covariance head (K=3, L=3) and a scaler. */
    static Model fullHeadWithScaler() {
        ModelSpec spec = ModelSpec.mdn(2, 3, 3, new int[] {5}, new Activation[] {Activation.SOFTPLUS}, Head.FULL);
        float[] p = Parameters.initialise(spec, new ParameterLayout(spec), 7);
        Scaler scaler = new Scaler(new float[] {1.5f, -2f}, new float[] {0.25f, 3f}, new float[] {0f, 10f, -1e3f},
                new float[] {1f, 2f, 1e-3f});
        return new Model(spec, p, new String[] {"x1", "x2"}, new String[] {"a", "b", "c"}, Map.of("k", "v"), scaler);
    }
}
