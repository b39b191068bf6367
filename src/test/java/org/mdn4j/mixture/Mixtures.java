package org.mdn4j.mixture;

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
}
