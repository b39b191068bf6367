package org.mdn4j.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The statistics a prediction returns: {@link IsotropicMixture#weights} against the softmax taken
 * literally, and the one-pass {@link IsotropicMixture#meanAndMode} against the separate
 * {@code weights}, {@code mean} and {@code approximateMode} it stands for.
 */
class IsotropicMixtureTest {

    private static final int[] COMPONENTS = {1, 2, 3, 5, 8};
    private static final int[] TARGETS = {1, 2, 3};
    private static final int[] STRIDES = {1, 3};

    @Test
    void weightsAreTheSoftmaxTakenLiterallyBitForBit() {
        SplittableRandom random = new SplittableRandom(41);
        for (int k : COMPONENTS) {
            for (int stride : STRIDES) {
                for (int trial = 0; trial < 200; trial++) {
                    float[] h = randomHead(random, k, 1, stride, trial);
                    double[] pi = new double[k];
                    IsotropicMixture.weights(h, 2, stride, k, pi);
                    // every term through the mixture's exp, the largest logit's exp(0) included
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        max = Math.max(max, h[2 + c * stride]);
                    }
                    double[] e = new double[k];
                    double sum = 0;
                    for (int c = 0; c < k; c++) {
                        e[c] = InlineExp.exp(h[2 + c * stride] - max);
                        sum += e[c];
                    }
                    double inverse = 1 / sum;
                    for (int c = 0; c < k; c++) {
                        assertEquals(e[c] * inverse, pi[c], 0.0, "K=" + k + " trial " + trial + " component " + c);
                    }
                }
            }
        }
    }

    @Test
    void meanAndModeAgreeWithTheSeparateStatistics() {
        SplittableRandom random = new SplittableRandom(43);
        for (int k : COMPONENTS) {
            for (int l : TARGETS) {
                for (int stride : STRIDES) {
                    for (int trial = 0; trial < 200; trial++) {
                        float[] h = randomHead(random, k, l, stride, trial);
                        double[] pi = new double[k];
                        double[] mean = new double[l];
                        double[] mode = new double[l];
                        IsotropicMixture.weights(h, 2, stride, k, pi);
                        IsotropicMixture.mean(h, 2, stride, k, l, pi, mean);
                        IsotropicMixture.approximateMode(h, 2, stride, k, l, pi, mode);

                        double[] pi2 = new double[k];
                        double[] mean2 = new double[l];
                        double[] mode2 = new double[l];
                        IsotropicMixture.meanAndMode(h, 2, stride, k, l, pi2, mean2, mode2);
                        String where = "K=" + k + " L=" + l + " stride " + stride + " trial " + trial;
                        for (int c = 0; c < k; c++) {
                            assertEquals(pi[c], pi2[c], 0.0, where + ": π");
                        }
                        for (int d = 0; d < l; d++) {
                            double scale = 0;
                            for (int c = 0; c < k; c++) {
                                scale += pi[c] * Math.abs(IsotropicMixture.mu(h, 2, stride, k, l, c, d));
                            }
                            // Σ π μ and Σ e μ / Σ e differ by a few roundings of the terms
                            assertEquals(mean[d], mean2[d], 1e-14 * (k + 1) * scale, where + ": mean");
                            assertEquals(mode[d], mode2[d], 0.0, where + ": mode");
                        }
                    }
                }
            }
        }
    }

    /** The variant without π gives the same mean and mode bits, and π is its exps times 1/Σ. */
    @Test
    void meanAndModeOnlyIsMeanAndModeWithoutTheNormalisation() {
        SplittableRandom random = new SplittableRandom(47);
        for (int k : COMPONENTS) {
            for (int l : TARGETS) {
                for (int trial = 0; trial < 100; trial++) {
                    float[] h = randomHead(random, k, l, 1, trial);
                    double[] pi = new double[k];
                    double[] mean = new double[l];
                    double[] mode = new double[l];
                    IsotropicMixture.meanAndMode(h, 2, 1, k, l, pi, mean, mode);
                    double[] e = new double[k];
                    double[] mean2 = new double[l];
                    double[] mode2 = new double[l];
                    double sum = IsotropicMixture.meanAndModeOnly(h, 2, 1, k, l, e, mean2, mode2);
                    String where = "K=" + k + " L=" + l + " trial " + trial;
                    for (int d = 0; d < l; d++) {
                        assertEquals(mean[d], mean2[d], 0.0, where + ": mean");
                        assertEquals(mode[d], mode2[d], 0.0, where + ": mode");
                    }
                    double inverse = 1 / sum;
                    for (int c = 0; c < k; c++) {
                        assertEquals(pi[c], e[c] * inverse, 0.0, where + ": π");
                    }
                    // the form with offsets writes the same bits there and nothing around them
                    double[] mean3 = new double[l + 5];
                    double[] mode3 = new double[l + 5];
                    java.util.Arrays.fill(mean3, -7);
                    java.util.Arrays.fill(mode3, -7);
                    IsotropicMixture.meanAndModeOnly(h, 2, 1, k, l, e, mean3, 3, mode3, 1);
                    for (int d = 0; d < l + 5; d++) {
                        assertEquals(d >= 3 && d < 3 + l ? mean[d - 3] : -7, mean3[d], 0.0, where + ": mean at " + d);
                        assertEquals(d >= 1 && d < 1 + l ? mode[d - 1] : -7, mode3[d], 0.0, where + ": mode at " + d);
                    }
                }
            }
        }
    }

    @Test
    void meanAndModeLeaveOutWhatIsNotAsked() {
        float[] h = {0.5f, 2f, -1f, 1.5f, -3f, 7f, 0f, 0f, 0f};
        double[] pi = new double[3];
        double[] mode = new double[1];
        IsotropicMixture.meanAndMode(h, 0, 1, 3, 1, pi, null, mode);
        assertEquals(-3.0, mode[0], 0.0, "the second logit is the largest");
        double[] mean = new double[1];
        IsotropicMixture.meanAndMode(h, 0, 1, 3, 1, pi, mean, null);
        double expected = 0;
        for (int c = 0; c < 3; c++) {
            expected += pi[c] * h[3 + c];
        }
        assertEquals(expected, mean[0], 1e-15);
    }

    @Test
    void theDominantLogitIsTheFirstOnATieAndNeverNaN() {
        assertEquals(1, IsotropicMixture.dominantLogit(new float[] {1f, 3f, 3f, 2f}, 0, 1, 4));
        assertEquals(2, IsotropicMixture.dominantLogit(new float[] {1f, Float.NaN, 3f}, 0, 1, 3));
        assertEquals(2, IsotropicMixture.dominantLogit(new float[] {Float.NaN, 1f, 3f}, 0, 1, 3));
        assertEquals(0, IsotropicMixture.dominantLogit(new float[] {Float.NaN, Float.NaN}, 0, 1, 2));
        assertEquals(0, IsotropicMixture.dominantLogit(new float[] {5f}, 0, 1, 1));
        // stride: logits at 1, 3, 5
        assertEquals(2, IsotropicMixture.dominantLogit(new float[] {9f, 1f, 9f, 2f, 9f, 4f}, 1, 2, 3));
    }

    @Test
    void aNonFiniteLogitGivesNaNLikeTheSoftmaxTakenLiterally() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            float[] h = {0.5f, bad, -1f, 1f, 2f, 3f, 0f, 0f, 0f};
            double[] pi = new double[3];
            double[] mean = new double[1];
            IsotropicMixture.meanAndMode(h, 0, 1, 3, 1, pi, mean, null);
            assertEquals(Double.NaN, mean[0], "logit " + bad);
            IsotropicMixture.weights(h, 0, 1, 3, pi);
            assertEquals(Double.NaN, pi[1], "logit " + bad);
        }
    }

    /**
     * A head row at offset 2 with the given stride: logits spread wide or close together (ties and
     * underflowing π included), means and log σ anywhere.
     */
    private static float[] randomHead(SplittableRandom random, int k, int l, int stride, int trial) {
        int width = k + k * l + k;
        float[] h = new float[2 + width * stride + stride];
        double spread = switch (trial % 4) {
            case 0 -> 0.01;
            case 1 -> 1;
            case 2 -> 30;
            default -> 800;
        };
        for (int r = 0; r < width; r++) {
            double v = r < k ? spread * (random.nextDouble() * 2 - 1) : random.nextDouble() * 10 - 5;
            h[2 + r * stride] = (float) v;
        }
        if (trial % 7 == 0 && k > 1) {
            h[2 + stride] = h[2];
        }
        return h;
    }
}
