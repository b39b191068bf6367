package org.mdn4j.nn;

import java.util.SplittableRandom;

/**
 * The four flat buffers of training: parameters, gradients, and Adam's first and second moments,
 * all with one {@link ParameterLayout}. Nothing else owns weights.
 */
public final class Parameters {

    private final ParameterLayout layout;
    public final float[] values;
    public final float[] grads;
    public final float[] m;
    public final float[] v;

    public Parameters(ParameterLayout layout, float[] values) {
        if (values.length != layout.size()) {
            throw new IllegalArgumentException("expected " + layout.size() + " parameters, got " + values.length);
        }
        this.layout = layout;
        this.values = values;
        this.grads = new float[layout.size()];
        this.m = new float[layout.size()];
        this.v = new float[layout.size()];
    }

    public ParameterLayout layout() {
        return layout;
    }

    /**
     * PyTorch's {@code nn.Linear} default initialisation: every weight and bias of a layer drawn
     * from U(−1/√fan_in, 1/√fan_in), so results are comparable with the seed's code.
     */
    public static float[] initialise(ModelSpec spec, ParameterLayout layout, long seed) {
        float[] p = new float[layout.size()];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int layer = 0; layer < spec.layerCount(); layer++) {
            int in = spec.layerIn(layer);
            int out = spec.layerOut(layer);
            double bound = 1.0 / Math.sqrt(in);
            int w = layout.weightOffset(layer);
            for (int i = 0; i < in * out; i++) {
                p[w + i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
            int b = layout.biasOffset(layer);
            for (int j = 0; j < out; j++) {
                p[b + j] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
        }
        return p;
    }
}
