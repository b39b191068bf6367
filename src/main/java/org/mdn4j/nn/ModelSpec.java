package org.mdn4j.nn;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.mdn4j.kernel.Activation;

/**
 * The shape of a model: input and target sizes, the hidden layers and their activations, and for
 * an MDN the number of mixture components. The last layer is always linear (identity); for an
 * MDN its {@link #outputs()} rows are the head layout {@code [π logits K | means K×L | log σ K]}.
 *
 * @param sigmaFloor the smallest σ the head produces (log σ is clamped at its log)
 */
public record ModelSpec(ModelType type, int inputs, int targets, int components,
                        int[] hidden, Activation[] activations, float sigmaFloor) {

    /** The default σ floor: keeps the density finite when a component collapses onto a point. */
    public static final float DEFAULT_SIGMA_FLOOR = 1e-6f;

    /** The widest output layer a spec may describe; keeps every size computation within int. */
    public static final int MAX_OUTPUTS = 1 << 24;

    public ModelSpec {
        hidden = hidden.clone();
        activations = activations.clone();
        if (inputs < 1 || targets < 1) {
            throw new IllegalArgumentException("inputs and targets must be at least 1");
        }
        if (type == ModelType.MDN && components < 1) {
            throw new IllegalArgumentException("components must be at least 1");
        }
        if (hidden.length != activations.length) {
            throw new IllegalArgumentException(activations.length + " activations for " + hidden.length
                    + " hidden layers");
        }
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden layer widths must be at least 1, got " + h);
            }
        }
        long outputs = type == ModelType.MDN ? (long) components * (targets + 2L) : targets;
        if (outputs > MAX_OUTPUTS) {
            throw new IllegalArgumentException("the output layer would have " + outputs + " units; at most "
                    + MAX_OUTPUTS + " are supported");
        }
        if (!(sigmaFloor > 0f) || Float.isInfinite(sigmaFloor)) {
            throw new IllegalArgumentException("sigma floor must be positive and finite");
        }
    }

    /** An MDN with the isotropic head. */
    public static ModelSpec mdn(int inputs, int targets, int components, int[] hidden, Activation[] activations) {
        return new ModelSpec(ModelType.MDN, inputs, targets, components, hidden, activations, DEFAULT_SIGMA_FLOOR);
    }

    /** A plain MLP regressor. */
    public static ModelSpec mlp(int inputs, int targets, int[] hidden, Activation[] activations) {
        return new ModelSpec(ModelType.MLP, inputs, targets, 0, hidden, activations, DEFAULT_SIGMA_FLOOR);
    }

    /** Width of the last layer: {@code K·(L+2)} for an MDN, {@code L} for an MLP. */
    public int outputs() {
        return type == ModelType.MDN ? components * (targets + 2) : targets;
    }

    public int layerCount() {
        return hidden.length + 1;
    }

    public int layerIn(int layer) {
        return layer == 0 ? inputs : hidden[layer - 1];
    }

    public int layerOut(int layer) {
        return layer == hidden.length ? outputs() : hidden[layer];
    }

    public Activation layerActivation(int layer) {
        return layer == hidden.length ? Activation.IDENTITY : activations[layer];
    }

    /** The widest layer, inputs included: sizes the workspace's gradient buffers. */
    public int maxWidth() {
        int w = inputs;
        for (int i = 0; i < layerCount(); i++) {
            w = Math.max(w, layerOut(i));
        }
        return w;
    }

    /** {@code log(sigmaFloor)}, the clamp the mixture kernels apply to log σ. */
    public float logSigmaFloor() {
        return (float) Math.log(sigmaFloor);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public Activation[] activations() {
        return activations.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && s.type == type && s.inputs == inputs && s.targets == targets
                && s.components == components && Arrays.equals(s.hidden, hidden)
                && Arrays.equals(s.activations, activations) && Float.compare(s.sigmaFloor, sigmaFloor) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden) * 31 + inputs * 7 + targets * 13 + components;
    }

    /** E.g. {@code mdn 1-5(relu)-5(relu)-9 K=3}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.label()).append(' ').append(inputs);
        for (int i = 0; i < hidden.length; i++) {
            sb.append('-').append(hidden[i]).append('(').append(activations[i].label()).append(')');
        }
        sb.append('-').append(outputs());
        if (type == ModelType.MDN) {
            sb.append(" K=").append(components).append(" L=").append(targets);
        }
        return sb.toString();
    }

    /** Comma-separated activation names, as the CLI takes them. */
    public String activationList() {
        return Arrays.stream(activations).map(Activation::label).collect(Collectors.joining(","));
    }
}
