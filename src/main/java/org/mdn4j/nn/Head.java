package org.mdn4j.nn;

import java.util.Locale;

/**
 * The covariance structure of an MDN's mixture components, which fixes the "scale part" of the head
 * layout {@code [π logits (K) | means (K×L, component-major) | scale part]}.
 *
 * <ul>
 *   <li>{@link #ISOTROPIC}: one log σ per component (Σ_k = σ_k² I), K values;</li>
 *   <li>{@link #DIAGONAL}: one log σ per component and dimension (Σ_k = diag σ_k²), K×L values,
 *       component-major;</li>
 *   <li>{@link #FULL}: per component, the upper-triangular Cholesky factor U of the precision
 *       (Σ_k⁻¹ = UᵀU): its L log-diagonal entries, then its L(L−1)/2 strictly upper entries row by
 *       row; K·L(L+1)/2 values.</li>
 * </ul>
 */
public enum Head {
    ISOTROPIC(0),
    DIAGONAL(1),
    FULL(2);

    private final int code;

    Head(int code) {
        this.code = code;
    }

    /** The byte the model file stores. */
    public int code() {
        return code;
    }

    public static Head fromCode(int code) {
        for (Head h : values()) {
            if (h.code == code) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown head code " + code);
    }

    /** Scale-part values per component for L target dimensions. */
    public long scaleWidth(long targets) {
        return switch (this) {
            case ISOTROPIC -> 1;
            case DIAGONAL -> targets;
            case FULL -> targets * (targets + 1) / 2;
        };
    }

    /** Head outputs per sample: {@code K·(1 + L + scaleWidth(L))}. */
    public long outputs(long components, long targets) {
        return components * (1 + targets + scaleWidth(targets));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Head parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "isotropic" -> ISOTROPIC;
            case "diagonal" -> DIAGONAL;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("unknown head '" + s
                    + "' (expected isotropic, diagonal or full)");
        };
    }
}
