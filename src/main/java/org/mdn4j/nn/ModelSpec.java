package org.mdn4j.nn;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.mdn4j.kernel.Activation;

/**
 * The shape of a model: input and target sizes, the hidden layers and their activations, and for
 * an MDN the number of mixture components and their covariance structure. The last layer is always
 * linear (identity); for an MDN its {@link #outputs()} rows are the head layout
 * {@code [π logits K | means K×L | scale part]} (see {@link Head}).
 *
 * @param sigmaFloor the smallest σ the head produces (log σ is clamped at its log)
 * @param head       the components' covariance structure; {@link Head#ISOTROPIC} for an MLP
 */
public record ModelSpec(ModelType type, int inputs, int targets, int components,
                        int[] hidden, Activation[] activations, float sigmaFloor, Head head) {

    /** The default σ floor: keeps the density finite when a component collapses onto a point. */
    public static final float DEFAULT_SIGMA_FLOOR = 1e-6f;

    /** The widest output layer a spec may describe; keeps every size computation within int. */
    public static final int MAX_OUTPUTS = 1 << 24;

    /** A spec with the isotropic head, the only head of model files version 1. */
    public ModelSpec(ModelType type, int inputs, int targets, int components, int[] hidden,
                     Activation[] activations, float sigmaFloor) {
        this(type, inputs, targets, components, hidden, activations, sigmaFloor, Head.ISOTROPIC);
    }

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
        if (head == null || (type == ModelType.MLP && head != Head.ISOTROPIC)) {
            throw new IllegalArgumentException("an MLP has no mixture head; an MDN needs one");
        }
        long outputs = type == ModelType.MDN ? head.outputs(components, targets) : targets;
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

    /** An MDN with the given head. */
    public static ModelSpec mdn(int inputs, int targets, int components, int[] hidden, Activation[] activations,
                                Head head) {
        return new ModelSpec(ModelType.MDN, inputs, targets, components, hidden, activations, DEFAULT_SIGMA_FLOOR,
                head);
    }

    /** Width of the last layer: {@code K·(1 + L + scale part)} for an MDN (see {@link Head}), {@code L} for an MLP. */
    public int outputs() {
        return type == ModelType.MDN ? (int) head.outputs(components, targets) : targets;
    }

    /** Scale-part values per component (1 for isotropic, L for diagonal, L(L+1)/2 for full). */
    public int scaleWidth() {
        return (int) head.scaleWidth(targets);
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
                && Arrays.equals(s.activations, activations) && Float.compare(s.sigmaFloor, sigmaFloor) == 0
                && s.head == head;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden) * 31 + inputs * 7 + targets * 13 + components + head.ordinal();
    }

    /** E.g. {@code mdn 1-5(relu)-5(relu)-9 K=3 L=1}, with the head named unless isotropic. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.label()).append(' ').append(inputs);
        for (int i = 0; i < hidden.length; i++) {
            sb.append('-').append(hidden[i]).append('(').append(activations[i].label()).append(')');
        }
        sb.append('-').append(outputs());
        if (type == ModelType.MDN) {
            sb.append(" K=").append(components).append(" L=").append(targets);
            if (head != Head.ISOTROPIC) {
                sb.append(' ').append(head.label());
            }
        }
        return sb.toString();
    }

    /** Comma-separated activation names, as the CLI takes them. */
    public String activationList() {
        return Arrays.stream(activations).map(Activation::label).collect(Collectors.joining(","));
    }
}
