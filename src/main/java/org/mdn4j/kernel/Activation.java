package org.mdn4j.kernel;

import java.util.Locale;

/**
 * The element-wise activations a dense layer can fuse into its output.
 *
 * <p>Kernels take the activation as its {@link #code()} (a plain int) rather than the enum,
 * so that the scalar kernels stay within TornadoVM's kernel rules (primitives only).
 * Every derivative is computed from the activation's <em>output</em>, so the backward pass
 * needs no copy of the pre-activations.
 */
public enum Activation {
    IDENTITY(0), RELU(1), SIGMOID(2), SOFTPLUS(3), TANH(4);

    public static final int CODE_IDENTITY = 0;
    public static final int CODE_RELU = 1;
    public static final int CODE_SIGMOID = 2;
    public static final int CODE_SOFTPLUS = 3;
    public static final int CODE_TANH = 4;

    private final int code;

    Activation(int code) {
        this.code = code;
    }

    /** The int the kernels switch on. */
    public int code() {
        return code;
    }

    /** The lower-case name used on the command line and in model files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Activation fromCode(int code) {
        for (Activation a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation code " + code);
    }

    /** Parses a command-line name such as {@code relu}; the message lists the accepted names. */
    public static Activation parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.label().equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name
                + "' (expected one of identity, relu, sigmoid, softplus, tanh)");
    }
}
