package org.mdn4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
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
 * ({@code x > 0 ? x : 0}) before the vector is stored, the other activations by
 * {@link ScalarKernels#activate} on the row. Immutable after construction, so one instance serves
 * every thread; each caller brings its own two scratch rows of {@link #scratchWidth()} floats.
 *
 * <p>Why one flat array and no copy of the outputs: a call is a few dozen vector operations, so
 * the fixed costs around them — one array load per layer per table, copying the head out of the
 * scratch row — are a measurable share of it (the network alone, side by side in one JMH run:
 * 104 → 91 ns at p50). The layers' tables sit end to end in one array and {@link #forward}
 * hands back the scratch row that holds the outputs instead of copying them. Where every hidden
 * layer is one vector wide with ReLU or no activation, the row does not go through memory between
 * layers at all ({@link #forwardInRegisters}: the whole prediction of the seed's model, side by
 * side in JMH sample mode, p50 152–153 → 136–138 ns with 16 lanes; with 8 lanes, where the
 * seed's 9 head outputs take two vectors, see docs/BENCHMARKS.md).
 */
public final class SimdRowForward {

    private static final VectorSpecies<Float> S = SimdSpecies.SPECIES;
    private static final int LANES = S.length();

    /*
     * B<i> copies lane i to every lane: a layer's input taken from the register that holds it.
     * One static final field each, not an array: the JIT takes a static final field's object as a
     * constant and loads the permutation as such, while an array element is loaded on every use.
     * Lanes past the species' length are never asked for (a row has no more lanes).
     */
    private static final VectorShuffle<Float> B0 = broadcastOf(0);
    private static final VectorShuffle<Float> B1 = broadcastOf(1);
    private static final VectorShuffle<Float> B2 = broadcastOf(2);
    private static final VectorShuffle<Float> B3 = broadcastOf(3);
    private static final VectorShuffle<Float> B4 = broadcastOf(4);
    private static final VectorShuffle<Float> B5 = broadcastOf(5);
    private static final VectorShuffle<Float> B6 = broadcastOf(6);
    private static final VectorShuffle<Float> B7 = broadcastOf(7);
    private static final VectorShuffle<Float> B8 = broadcastOf(8);
    private static final VectorShuffle<Float> B9 = broadcastOf(9);
    private static final VectorShuffle<Float> B10 = broadcastOf(10);
    private static final VectorShuffle<Float> B11 = broadcastOf(11);
    private static final VectorShuffle<Float> B12 = broadcastOf(12);
    private static final VectorShuffle<Float> B13 = broadcastOf(13);
    private static final VectorShuffle<Float> B14 = broadcastOf(14);
    private static final VectorShuffle<Float> B15 = broadcastOf(15);

    private static VectorShuffle<Float> broadcastOf(int lane) {
        return VectorShuffle.fromOp(S, j -> lane % LANES);
    }

    /** Per layer, {@link #META} ints: inputs, outputs, padded outputs, activation code, table offset. */
    private static final int META = 5;

    private final int[] meta;
    private final int layers;
    /**
     * Every layer's table end to end: Wᵀ as {@code inDim} rows of {@code paddedOut} floats, then
     * the bias row; zeros pad each row to whole vectors.
     */
    private final float[] tables;
    private final int scratchWidth;
    /**
     * Every layer's outputs fit one vector and need no scalar activation (ReLU or identity): the
     * rows then pass from layer to layer in a register ({@link #forwardInRegisters}).
     */
    private final boolean inRegisters;

    /**
     * @param params the parameters in {@code org.mdn4j.nn.ParameterLayout}'s order; copied, so
     *               later changes to the array do not reach this pass
     */
    public SimdRowForward(int[] inDims, int[] outDims, int[] activationCodes, float[] params, int[] weightOffsets,
                          int[] biasOffsets) {
        this.layers = inDims.length;
        this.meta = new int[layers * META];
        int total = 0;
        int widest = 0;
        for (int layer = 0; layer < layers; layer++) {
            int padded = BufferAlignment.roundUp(outDims[layer], LANES);
            meta[layer * META] = inDims[layer];
            meta[layer * META + 1] = outDims[layer];
            meta[layer * META + 2] = padded;
            meta[layer * META + 3] = activationCodes[layer];
            meta[layer * META + 4] = total;
            total += (inDims[layer] + 1) * padded;
            widest = Math.max(widest, Math.max(padded, inDims[layer]));
        }
        this.tables = new float[total];
        for (int layer = 0; layer < layers; layer++) {
            int in = inDims[layer];
            int padded = meta[layer * META + 2];
            int at = meta[layer * META + 4];
            for (int j = 0; j < outDims[layer]; j++) {
                for (int i = 0; i < in; i++) {
                    tables[at + i * padded + j] = params[weightOffsets[layer] + j * in + i];
                }
                tables[at + in * padded + j] = params[biasOffsets[layer] + j];
            }
        }
        this.scratchWidth = widest;
        // every layer but the last must hand its row on in one register; the last only stores its
        // outputs, so it may be any number of vectors wide (the seed's 9 head outputs are two
        // vectors of 8 lanes) with any activation, but a network of one layer reads its input
        // from memory and stays on the general path unless that layer is one vector of ReLU or
        // identity
        boolean fits = true;
        for (int layer = 0; layer < layers; layer++) {
            int act = meta[layer * META + 3];
            boolean oneVector = meta[layer * META + 2] == LANES
                    && (act == Activation.CODE_RELU || act == Activation.CODE_IDENTITY);
            fits &= oneVector || (layer == layers - 1 && layer > 0);
        }
        this.inRegisters = fits;
    }

    /** Floats in each of the two scratch rows a caller passes to {@link #forward}. */
    public int scratchWidth() {
        return scratchWidth;
    }

    /**
     * The network's outputs for the row {@code x[xOff .. xOff+inputs)}, computed in the caller's
     * scratch rows {@code a} and {@code b}: returns the one of them that holds the outputs, at
     * {@code [0 .. outputs)} (padding lanes may follow).
     */
    public float[] forward(float[] x, int xOff, float[] a, float[] b) {
        return forward(x, xOff, a, b, Integer.MAX_VALUE);
    }

    /**
     * As {@link #forward(float[], int, float[], float[])}, computing only the first {@code wanted}
     * outputs of the last layer (whole vectors of them; the lanes past those are not written): a
     * prediction of the mean and mode reads the π logits and the means, not the head's scales,
     * which for the seed's model are a second vector of 8 lanes. Each computed output has the
     * bits it has in the full pass.
     */
    public float[] forward(float[] x, int xOff, float[] a, float[] b, int wanted) {
        if (inRegisters) {
            return forwardInRegisters(x, xOff, a, wanted);
        }
        float[] t = tables;
        float[] in = x;
        int inOff = xOff;
        float[] dst = a;
        for (int layer = 0; layer < layers; layer++) {
            int m = layer * META;
            int inDim = meta[m];
            int outDim = meta[m + 1];
            int padded = meta[m + 2];
            int act = meta[m + 3];
            int at = meta[m + 4];
            int bias = at + inDim * padded;
            boolean relu = act == Activation.CODE_RELU;
            int computed = layer == layers - 1 ? Math.min(outDim, wanted) : outDim;
            int end = BufferAlignment.roundUp(computed, LANES);
            for (int j = 0; j < end; j += LANES) {
                FloatVector acc = FloatVector.fromArray(S, t, bias + j);
                for (int i = 0; i < inDim; i++) {
                    acc = acc.add(FloatVector.fromArray(S, t, at + i * padded + j).mul(in[inOff + i]));
                }
                if (relu) {
                    acc = relu(acc);
                }
                acc.intoArray(dst, j);
            }
            activateStoredRow(dst, computed, act);
            in = dst;
            inOff = 0;
            dst = dst == a ? b : a;
        }
        return in;
    }

    /**
     * {@link #forward} for a network whose every layer but the last is one vector wide with ReLU
     * or no activation (the seed's 1-5-5-9 among them, whose 9 head outputs take two vectors of 8
     * lanes on AVX2; the last layer is stored vector by vector and activated like the general
     * path's): each hidden layer's row stays in a register and the
     * next layer broadcasts its lanes from there, instead of storing the row and loading it back
     * one float at a time, which puts a store-to-load round trip on the latency path of every
     * layer. Same operations, same order, same bits. The row is a loop-carried vector that is
     * never null, so C2 keeps it in a register (a nullable one would be boxed).
     */
    private float[] forwardInRegisters(float[] x, int xOff, float[] a, int wanted) {
        float[] t = tables;
        int inDim = meta[0];
        int at = meta[4];
        FloatVector row = FloatVector.fromArray(S, t, at + inDim * LANES);
        for (int i = 0; i < inDim; i++) {
            row = row.add(FloatVector.fromArray(S, t, at + i * LANES).mul(x[xOff + i]));
        }
        if (meta[3] == Activation.CODE_RELU) {
            row = relu(row);
        }
        for (int layer = 1; layer < layers; layer++) {
            int m = layer * META;
            inDim = meta[m];
            int padded = meta[m + 2];
            at = meta[m + 4];
            boolean relu = meta[m + 3] == Activation.CODE_RELU;
            // the last layer stops after the vector that holds output wanted − 1
            int end = layer == layers - 1 ? BufferAlignment.roundUp(Math.min(meta[m + 1], wanted), LANES) : padded;
            FloatVector next = row;
            // one pass for a layer one vector wide; the last layer, which may be wider, stores
            // each of its vectors (the row's lanes are the same broadcasts for every one)
            for (int j = 0; j < end; j += LANES) {
                // bias + Σ_i Wᵀ[i]·row[i] for i = 0 … inDim − 1, in that order, one guarded term
                // per input (at most 16: a row in a register has no more lanes). Straight-line
                // code with a constant shuffle per term, rather than a loop whose trip count is
                // read from the table: the loop's set-up and exit tests were a measurable share
                // of a call this short. Written out here rather than as a method per input count:
                // a method that takes the row and the JIT happened not to inline would box it on
                // every call.
                FloatVector acc = FloatVector.fromArray(S, t, at + inDim * padded + j)
                        .add(FloatVector.fromArray(S, t, at + j).mul(row.rearrange(B0)));
                if (inDim > 1) {
                    acc = acc.add(FloatVector.fromArray(S, t, at + 1 * padded + j).mul(row.rearrange(B1)));
                }
                if (inDim > 2) {
                    acc = acc.add(FloatVector.fromArray(S, t, at + 2 * padded + j).mul(row.rearrange(B2)));
                }
                if (inDim > 3) {
                    acc = acc.add(FloatVector.fromArray(S, t, at + 3 * padded + j).mul(row.rearrange(B3)));
                }
                if (inDim > 4) {
                    acc = acc.add(FloatVector.fromArray(S, t, at + 4 * padded + j).mul(row.rearrange(B4)));
                }
                if (inDim > 5) {
                    acc = acc.add(FloatVector.fromArray(S, t, at + 5 * padded + j).mul(row.rearrange(B5)));
                }
                if (inDim > 6) {
                    acc = acc.add(FloatVector.fromArray(S, t, at + 6 * padded + j).mul(row.rearrange(B6)));
                }
                if (inDim > 7) {
                    acc = acc.add(FloatVector.fromArray(S, t, at + 7 * padded + j).mul(row.rearrange(B7)));
                }
                // lanes 8 to 15 exist only in vectors of 16: with 8 lanes (a constant) the JIT
                // drops these eight tests from every call
                if (LANES > 8) {
                    if (inDim > 8) {
                        acc = acc.add(FloatVector.fromArray(S, t, at + 8 * padded + j).mul(row.rearrange(B8)));
                    }
                    if (inDim > 9) {
                        acc = acc.add(FloatVector.fromArray(S, t, at + 9 * padded + j).mul(row.rearrange(B9)));
                    }
                    if (inDim > 10) {
                        acc = acc.add(FloatVector.fromArray(S, t, at + 10 * padded + j).mul(row.rearrange(B10)));
                    }
                    if (inDim > 11) {
                        acc = acc.add(FloatVector.fromArray(S, t, at + 11 * padded + j).mul(row.rearrange(B11)));
                    }
                    if (inDim > 12) {
                        acc = acc.add(FloatVector.fromArray(S, t, at + 12 * padded + j).mul(row.rearrange(B12)));
                    }
                    if (inDim > 13) {
                        acc = acc.add(FloatVector.fromArray(S, t, at + 13 * padded + j).mul(row.rearrange(B13)));
                    }
                    if (inDim > 14) {
                        acc = acc.add(FloatVector.fromArray(S, t, at + 14 * padded + j).mul(row.rearrange(B14)));
                    }
                    if (inDim > 15) {
                        acc = acc.add(FloatVector.fromArray(S, t, at + 15 * padded + j).mul(row.rearrange(B15)));
                    }
                }
                if (relu) {
                    acc = relu(acc);
                }
                if (padded == LANES) {
                    next = acc;
                } else {
                    acc.intoArray(a, j);
                }
            }
            row = next;
        }
        int last = (layers - 1) * META;
        if (meta[last + 2] == LANES) {
            row.intoArray(a, 0);
        }
        activateStoredRow(a, Math.min(meta[last + 1], wanted), meta[last + 3]);
        return a;
    }

    /**
     * The activations other than ReLU (applied lane-wise before the store) and identity, on a
     * stored row of {@code count} outputs with the scalar kernel's function: its bits.
     */
    private static void activateStoredRow(float[] row, int count, int act) {
        if (act != Activation.CODE_RELU && act != Activation.CODE_IDENTITY) {
            for (int j = 0; j < count; j++) {
                row[j] = ScalarKernels.activate(act, row[j]);
            }
        }
    }

    /** ReLU lane by lane with the scalar kernel's rule, {@code x > 0 ? x : 0} (NaN and −0 give 0). */
    private static FloatVector relu(FloatVector v) {
        return FloatVector.zero(S).blend(v, v.compare(VectorOperators.GT, 0f));
    }
}
