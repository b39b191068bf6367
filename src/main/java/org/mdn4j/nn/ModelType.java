package org.mdn4j.nn;

import java.util.Locale;

/** What the network's last layer means. */
public enum ModelType {
    /** A Gaussian mixture density network (the output is a mixture head). */
    MDN,
    /** A plain regression network trained with squared error (the seed's L2 baseline). */
    MLP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ModelType parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "mdn" -> MDN;
            case "mlp" -> MLP;
            default -> throw new IllegalArgumentException("unknown model '" + s + "' (expected mdn or mlp)");
        };
    }
}
