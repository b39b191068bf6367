package org.mdn4j.mixture;

import org.mdn4j.nn.Head;

/** Hand-made mixtures for the predictive-distribution tests. */
final class Mixtures {

    private Mixtures() {
    }

    /** L=1, three components of very different widths. */
    static GaussianMixture oneDimensional() {
        return new GaussianMixture(new double[] {0.5, 0.3, 0.2}, new double[] {-1, 0.5, 2}, new double[] {0.4, 1.0, 0.2});
    }

    /** L=2, three components; the dimensions are correlated through the choice of component. */
    static GaussianMixture twoDimensional() {
        return new GaussianMixture(new double[] {0.45, 0.35, 0.2},
                new double[] {-1, -0.5, 1, 1.5, 0.3, -2}, new double[] {0.5, 0.8, 0.3});
    }

    /**
     * A row-major batch of {@code rows} heads {@code [π logits 3 | means 3×2 | log σ 3]}, each row's
     * parameters different and its means shifted by 5·row, so a row sampled from another row's
     * mixture would be far off.
     */
    static float[] headBatch(int rows) {
        int k = 3;
        int l = 2;
        int width = k * (l + 2);
        float[] h = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            h[o] = 0.3f * r;
            h[o + 1] = -0.5f;
            h[o + 2] = 0.8f - 0.4f * r;
            float[] mu = {-1, 0.5f, 1, -1.5f, 0.2f * r, 2};
            for (int i = 0; i < mu.length; i++) {
                h[o + k + i] = mu[i] + 5 * r;
            }
            h[o + k + k * l] = -0.7f + 0.1f * r;
            h[o + k + k * l + 1] = -0.2f;
            h[o + k + k * l + 2] = -1.2f + 0.2f * r;
        }
        return h;
    }

    /** L=2, three components with per-dimension σ (a diagonal head). */
    static GaussianMixture diagonalTwoDimensional() {
        return GaussianMixture.diagonal(new double[] {0.45, 0.35, 0.2},
                new double[] {-1, -0.5, 1, 1.5, 0.3, -2}, new double[] {0.5, 1.1, 0.8, 0.3, 0.3, 0.6});
    }

    /**
     * L=2, three correlated components (a full head): U_k upper-triangular, Σ_k⁻¹ = U_kᵀU_k; the
     * off-diagonal entries give correlations of about ±0.6.
     */
    static GaussianMixture fullTwoDimensional() {
        return GaussianMixture.fromPrecisionFactors(new double[] {0.45, 0.35, 0.2},
                new double[] {-1, -0.5, 1, 1.5, 0.3, -2},
                new double[] {2, 1.5, 0, 1.6, /**/ 1.2, -0.9, 0, 2.5, /**/ 3, 0.5, 0, 1.8});
    }

    /** A one-dimensional mixture read from a head of the given kind (K=3). */
    static GaussianMixture oneDimensional(Head head) {
        float[] h = {0.2f, -0.4f, 0.5f, -1, 0.5f, 2, -0.9f, 0, -1.6f};
        if (head == Head.FULL) {
            // U = 1/σ: the log-diagonal is −log σ.
            for (int c = 0; c < 3; c++) {
                h[6 + c] = -h[6 + c];
            }
        }
        return GaussianMixture.fromHead(head, h, 0, 1, 3, 1, (float) Math.log(1e-6));
    }

    /** As {@link #headBatch(int)} for heads of any kind, width {@code head.outputs(3, 2)}. */
    static float[] headBatch(Head head, int rows) {
        int k = 3;
        int l = 2;
        int width = (int) head.outputs(k, l);
        float[] iso = headBatch(rows);
        int isoWidth = k * (l + 2);
        float[] h = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(iso, r * isoWidth, h, r * width, k + k * l);
            int o = r * width + k + k * l;
            for (int c = 0; c < k; c++) {
                float logSigma = iso[r * isoWidth + k + k * l + c];
                switch (head) {
                    case ISOTROPIC -> h[o + c] = logSigma;
                    case DIAGONAL -> {
                        h[o + 2 * c] = logSigma;
                        h[o + 2 * c + 1] = logSigma + 0.5f - 0.3f * c;
                    }
                    case FULL -> {
                        h[o + 3 * c] = -logSigma;
                        h[o + 3 * c + 1] = -logSigma - 0.4f + 0.2f * c;
                        h[o + 3 * c + 2] = (c - 1) * 1.2f + 0.3f * r;
                    }
                }
            }
        }
        return h;
    }
}
