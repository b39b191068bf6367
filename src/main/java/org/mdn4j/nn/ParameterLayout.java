package org.mdn4j.nn;

/**
 * Where each layer's weights and bias live in the one flat parameter buffer. The same offsets
 * index the gradient buffer and Adam's two moment buffers.
 *
 * <p>Layer {@code i} occupies {@code W (out × in, row-major)} then {@code b (out)}, layers in
 * order, with no padding.
 */
public final class ParameterLayout {

    private final int[] weightOffsets;
    private final int[] biasOffsets;
    private final int size;

    public ParameterLayout(ModelSpec spec) {
        int layers = spec.layerCount();
        weightOffsets = new int[layers];
        biasOffsets = new int[layers];
        long at = 0;
        for (int i = 0; i < layers; i++) {
            weightOffsets[i] = (int) at;
            at += Math.multiplyExact((long) spec.layerIn(i), (long) spec.layerOut(i));
            biasOffsets[i] = (int) at;
            at += spec.layerOut(i);
            if (at > Integer.MAX_VALUE - 64) {
                throw new IllegalArgumentException("model too large: more than 2^31 parameters");
            }
        }
        size = (int) at;
    }

    public int weightOffset(int layer) {
        return weightOffsets[layer];
    }

    public int biasOffset(int layer) {
        return biasOffsets[layer];
    }

    /** Total parameter count. */
    public int size() {
        return size;
    }
}
