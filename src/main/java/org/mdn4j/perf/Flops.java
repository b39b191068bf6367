package org.mdn4j.perf;

import org.mdn4j.nn.ModelSpec;

/**
 * Floating-point operation counts of the dense layers, the usual convention: a multiply-add is 2
 * FLOPs; the forward pass of a layer costs {@code 2·in·out} per sample and the backward pass
 * {@code 4·in·out} (the weight gradient and the input gradient), {@code 2·in·out} for the first
 * layer, which needs no input gradient. Activations, the loss and Adam are not counted, so the
 * figures are a lower bound on the work done.
 */
public final class Flops {

    private Flops() {
    }

    /** FLOPs of one sample's forward pass. */
    public static double forwardPerSample(ModelSpec spec) {
        double f = 0;
        for (int i = 0; i < spec.layerCount(); i++) {
            f += 2.0 * spec.layerIn(i) * spec.layerOut(i);
        }
        return f;
    }

    /** FLOPs of one sample's forward and backward passes. */
    public static double trainingPerSample(ModelSpec spec) {
        double f = 0;
        for (int i = 0; i < spec.layerCount(); i++) {
            double mac = 2.0 * spec.layerIn(i) * spec.layerOut(i);
            f += mac + (i == 0 ? mac : 2 * mac);
        }
        return f;
    }
}
