package org.mdn4j.train;

/**
 * The one rule for a gradient-clipping norm ({@code --clip}): a finite number, at least 0 (0 is
 * off). The CLI checks it for its message, the CPU trainer guards its API with it, and the
 * checkpoint reader refuses a recorded norm that breaks it.
 */
public final class ClipNorm {

    private ClipNorm() {
    }

    /**
     * Returns {@code maxNorm} when it is a valid clipping norm, else throws
     * {@link IllegalArgumentException} naming it as {@code what} (e.g. {@code --clip}).
     */
    public static float check(float maxNorm, String what) {
        if (!(maxNorm >= 0) || !Float.isFinite(maxNorm)) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0, got " + maxNorm);
        }
        return maxNorm;
    }
}
