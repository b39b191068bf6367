package org.mdn4j.nn;

import org.mdn4j.kernel.Kernels;

/**
 * A stack of dense layers over a {@link ParameterLayout}, run with one set of {@link Kernels}:
 * the forward pass, the loss with its gradient (mixture NLL for an MDN, squared error for an MLP)
 * and the backward pass. Stateless apart from its configuration, so one network serves every
 * thread; each thread brings its own {@link Workspace}.
 */
public final class Network {

    private final ModelSpec spec;
    private final ParameterLayout layout;
    private final Kernels kernels;
    private final int[] activationCodes;
    private final float logSigmaFloor;

    public Network(ModelSpec spec, Kernels kernels) {
        this.spec = spec;
        this.layout = new ParameterLayout(spec);
        this.kernels = kernels;
        this.activationCodes = new int[spec.layerCount()];
        for (int i = 0; i < activationCodes.length; i++) {
            activationCodes[i] = spec.layerActivation(i).code();
        }
        this.logSigmaFloor = spec.logSigmaFloor();
    }

    public ModelSpec spec() {
        return spec;
    }

    public ParameterLayout layout() {
        return layout;
    }

    public Kernels kernels() {
        return kernels;
    }

    /** Runs the layers on the first {@code batch} samples of {@code ws.input}. */
    public void forward(Workspace ws, float[] params, int batch) {
        int stride = ws.capacity;
        int at = ws.base;
        float[] in = ws.input;
        for (int layer = 0; layer < activationCodes.length; layer++) {
            float[] out = ws.activations[layer];
            kernels.denseForward(in, at, stride, spec.layerIn(layer), batch,
                    params, layout.weightOffset(layer), params, layout.biasOffset(layer), spec.layerOut(layer),
                    activationCodes[layer], out, at, stride);
            in = out;
        }
    }

    /**
     * The loss of the forward pass's output against {@code ws.target}, and its gradient times
     * {@code scale} with respect to the output, left in the workspace for {@link #backward}.
     *
     * @return the sum over the batch of the per-sample loss (NLL in nats for an MDN; squared error
     *         summed over target dimensions for an MLP)
     */
    public double lossAndGradient(Workspace ws, int batch, float scale) {
        int stride = ws.capacity;
        int at = ws.base;
        if (spec.type() == ModelType.MDN) {
            float[] head = ws.output();
            int k = spec.components();
            int l = spec.targets();
            switch (spec.head()) {
                case ISOTROPIC -> kernels.mixtureNll(head, at, stride, k, l, batch,
                        ws.target, at, stride, logSigmaFloor, scale, ws.deltaA, at, stride, ws.loss, at);
                case DIAGONAL -> kernels.mixtureNllDiagonal(head, at, stride, k, l, batch,
                        ws.target, at, stride, logSigmaFloor, scale, ws.deltaA, at, stride, ws.loss, at);
                case FULL -> kernels.mixtureNllFull(head, at, stride, k, l, batch,
                        ws.target, at, stride, logSigmaFloor, scale, ws.deltaA, at, stride, ws.loss, at);
            }
            double sum = 0;
            for (int n = 0; n < batch; n++) {
                sum += ws.loss[at + n];
            }
            return sum;
        }
        return kernels.mseLoss(ws.output(), at, stride, ws.target, at, stride, spec.targets(), batch, scale,
                ws.deltaA, at, stride);
    }

    /** Back-propagates the output gradient left by {@link #lossAndGradient}, adding into {@code grads}. */
    public void backward(Workspace ws, float[] params, float[] grads, int batch) {
        int stride = ws.capacity;
        int at = ws.base;
        float[] delta = ws.deltaA;
        float[] next = ws.deltaB;
        for (int layer = activationCodes.length - 1; layer >= 0; layer--) {
            float[] in = layer == 0 ? ws.input : ws.activations[layer - 1];
            kernels.denseBackward(in, at, stride, spec.layerIn(layer), batch,
                    params, layout.weightOffset(layer), spec.layerOut(layer), activationCodes[layer],
                    ws.activations[layer], at, delta, at, stride,
                    grads, layout.weightOffset(layer), grads, layout.biasOffset(layer),
                    layer == 0 ? null : next, at, stride);
            float[] t = delta;
            delta = next;
            next = t;
        }
    }
}
