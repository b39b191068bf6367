package org.mdn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.kernel.KernelTestSupport.Layout;

/**
 * The SIMD weight gradient of a batch shorter than one vector, bit for bit: each
 * {@code dW[j][i] += Σ_n d[j][n]·in[i][n]} and {@code dB[j] += Σ_n d[j][n]} must be the products,
 * each rounded to float, summed in {@link VectorMath#sumLanes}' order (lanes l ≡ p mod 4 left to
 * right into four sums, then {@code (s0 + s1) + (s2 + s3)}), the lanes past the batch counting as
 * +0, then added to the value already there. The kernel takes sixteen pairs at a time from a
 * transposed copy of the block, so this pins that it still adds in the order the rest of the
 * kernel (and every earlier build) used: the same model bits for the same seed. Input widths
 * below, at and past a vector, and with a last partial group; any lane count of 4 or more.
 */
class WeightGradientLaneOrderTest {

    @ParameterizedTest(name = "batch={0} inDim={1} outDim={2}")
    @CsvSource({"1, 1, 1", "5, 5, 3", "7, 16, 2", "3, 17, 5", "6, 64, 4", "2, 13, 9"})
    void partialVectorSumsInTheLaneOrder(int batchBelowLanes, int inDim, int outDim) {
        Kernels simd = KernelTestSupport.simd();
        int lanes = SimdSpecies.SPECIES.length();
        assumeTrue(lanes >= 4, "the lane order under test needs at least 4 lanes");
        int batch = Math.min(batchBelowLanes, lanes - 1);
        SplittableRandom random = new SplittableRandom(KernelTestSupport.seed(batch, inDim, outDim, lanes));
        // NaN past the batch in every row: a lane the kernel must not read would poison the sums
        Layout lay = Layout.padded(batch, 1);
        float[] in = KernelTestSupport.featureMajor(random, lay, inDim, batch, -2, 2);
        float[] out = KernelTestSupport.featureMajor(random, lay, outDim, batch, -2, 2);
        float[] dOut = KernelTestSupport.featureMajor(random, lay, outDim, batch, -2, 2);
        float[] w = values(outDim * inDim, random);
        // dW ends with the last row, so the last group of a row that is not whole vectors sits at the array's end
        float[] dW = values(1 + outDim * inDim, random);
        float[] dB = values(outDim + 1, random);
        float[] expectedW = dW.clone();
        float[] expectedB = dB.clone();
        for (int j = 0; j < outDim; j++) {
            for (int i = 0; i < inDim; i++) {
                float[] products = new float[lanes];
                for (int n = 0; n < batch; n++) {
                    products[n] = dOut[lay.at(j, n)] * in[lay.at(i, n)];
                }
                expectedW[1 + j * inDim + i] += laneOrderSum(products);
            }
            float[] d = new float[lanes];
            System.arraycopy(dOut, lay.at(j, 0), d, 0, batch);
            expectedB[1 + j] += laneOrderSum(d);
        }
        simd.denseBackward(in, lay.off(), lay.stride(), inDim, batch, w, 0, outDim, Activation.CODE_IDENTITY, out,
                lay.off(), dOut, lay.off(), lay.stride(), dW, 1, dB, 1, null, 0, 0);
        for (int k = 0; k < dW.length; k++) {
            assertEquals(Float.floatToRawIntBits(expectedW[k]), Float.floatToRawIntBits(dW[k]),
                    "dW[" + k + "]: " + expectedW[k] + " expected, " + dW[k] + " computed");
        }
        for (int k = 0; k < dB.length; k++) {
            assertEquals(Float.floatToRawIntBits(expectedB[k]), Float.floatToRawIntBits(dB[k]),
                    "dB[" + k + "]: " + expectedB[k] + " expected, " + dB[k] + " computed");
        }
    }

    /** {@link VectorMath#sumLanes}' order, written out on its own. */
    private static float laneOrderSum(float[] v) {
        float[] s = {v[0], v[1], v[2], v[3]};
        for (int l = 4; l < v.length; l++) {
            s[l % 4] += v[l];
        }
        return (s[0] + s[1]) + (s[2] + s[3]);
    }

    private static float[] values(int length, SplittableRandom random) {
        float[] a = new float[length];
        for (int i = 0; i < a.length; i++) {
            a[i] = KernelTestSupport.uniform(random, -2, 2);
        }
        return a;
    }
}
