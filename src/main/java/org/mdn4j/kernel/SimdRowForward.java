package org.mdn4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A network's forward pass for one input row with the Vector API: the latency path of a service
 * answering one request at a time. One sample fills no vector along the batch, so this
 * vectorises along each layer's outputs instead, over a transposed copy of the weights made once:
 * {@code out[j..j+LANES) = b[j..] + Σ_i Wᵀ[i][j..]·in[i]}, one broadcast input per step.
 *
 * <p>Each output's sum is the scalar kernel's — the bias, then {@code + w·x} for i = 0, 1, …,
 * each product rounded before it is added (no FMA) — so the results are
 * {@link ScalarKernels#denseForward}'s bits; ReLU is applied lane-wise with the scalar rule
 * ({@code x > 0 ? x : 0}), the other activations by {@link ScalarKernels#activate} on the row.
 * Immutable after construction, so one instance serves every thread; each caller brings its own
 * two scratch rows of {@link #scratchWidth()} floats.
 */
public final class SimdRowForward {

    private static final VectorSpecies<Float> S = SimdSpecies.SPECIES;
    private static final int LANES = S.length();

    private final int[] inDims;
    private final int[] outDims;
    private final int[] paddedOuts;
    private final int[] activations;
    /** Per layer: Wᵀ, {@code inDim} rows of {@code paddedOut} floats, then the bias row; zeros pad. */
    private final float[][] transposed;
    private final int scratchWidth;

    /**
     * @param params the parameters in {@code org.mdn4j.nn.ParameterLayout}'s order; copied, so
     *               later changes to the array do not reach this pass
     */
    public SimdRowForward(int[] inDims, int[] outDims, int[] activationCodes, float[] params, int[] weightOffsets,
                          int[] biasOffsets) {
        int layers = inDims.length;
        this.inDims = inDims.clone();
        this.outDims = outDims.clone();
        this.activations = activationCodes.clone();
        this.paddedOuts = new int[layers];
        this.transposed = new float[layers][];
        int widest = 0;
        for (int layer = 0; layer < layers; layer++) {
            int in = inDims[layer];
            int out = outDims[layer];
            int padded = BufferAlignment.roundUp(out, LANES);
            float[] t = new float[(in + 1) * padded];
            for (int j = 0; j < out; j++) {
                for (int i = 0; i < in; i++) {
                    t[i * padded + j] = params[weightOffsets[layer] + j * in + i];
                }
                t[in * padded + j] = params[biasOffsets[layer] + j];
            }
            paddedOuts[layer] = padded;
            transposed[layer] = t;
            widest = Math.max(widest, Math.max(padded, in));
        }
        this.scratchWidth = widest;
    }

    /** Floats in each of the two scratch rows a caller passes to {@link #forward}. */
    public int scratchWidth() {
        return scratchWidth;
    }

    /**
     * The network's outputs for the row {@code x[xOff .. xOff+inputs)} into
     * {@code out[outOff .. outOff+outputs)}, using the caller's scratch rows {@code a} and {@code b}.
     */
    public void forward(float[] x, int xOff, float[] out, int outOff, float[] a, float[] b) {
        float[] in = x;
        int inOff = xOff;
        float[] dst = a;
        int last = inDims.length - 1;
        for (int layer = 0; layer <= last; layer++) {
            layer(transposed[layer], inDims[layer], paddedOuts[layer], in, inOff, dst);
            activate(activations[layer], dst, outDims[layer]);
            in = dst;
            inOff = 0;
            dst = dst == a ? b : a;
        }
        System.arraycopy(in, 0, out, outOff, outDims[last]);
    }

    /** {@code dst[0 .. padded) = bias + Σ_i Wᵀ[i]·in[i]}, products rounded before each add. */
    private static void layer(float[] t, int inDim, int padded, float[] in, int inOff, float[] dst) {
        int bias = inDim * padded;
        for (int j = 0; j < padded; j += LANES) {
            FloatVector acc = FloatVector.fromArray(S, t, bias + j);
            for (int i = 0; i < inDim; i++) {
                acc = acc.add(FloatVector.fromArray(S, t, i * padded + j).mul(in[inOff + i]));
            }
            acc.intoArray(dst, j);
        }
    }

    private static void activate(int act, float[] row, int count) {
        if (act == Activation.CODE_RELU) {
            for (int j = 0; j < count; j += LANES) {
                FloatVector v = FloatVector.fromArray(S, row, j);
                FloatVector.zero(S).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(row, j);
            }
        } else if (act != Activation.CODE_IDENTITY) {
            for (int j = 0; j < count; j++) {
                row[j] = ScalarKernels.activate(act, row[j]);
            }
        }
    }
}
