package org.mdn4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} written with the Java Vector API.
 *
 * <p>Activations are feature-major (see {@link Kernels}), so every kernel runs its lanes across
 * samples: a vector holds one feature of {@code LANES} consecutive samples. For a batch that is not
 * a multiple of the lane count, the dense forward (and the input gradient), the ReLU derivative
 * and the mixture loss run the last {@code LANES} samples once more as a whole vector: each lane's
 * arithmetic depends on its own sample alone, so the samples computed twice get the same bits
 * again. A batch shorter than one vector takes a lane mask ({@link VectorMath#upTo}) in the dense kernels
 * and the scalar twin in the mixture loss. The weight gradient, a sum over the batch, adds its
 * last partial vector under a mask in a separate small method; softmax, squared error and Adam
 * hand their last {@code batch mod LANES} samples to the scalar twin in {@link ScalarKernels}.
 * ReLU is applied as the matmul stores its sums. Masked code stays
 * out of the big register-blocked loops: C2 inlines less into a method with masks, and a vector op
 * it does not inline is boxed.
 *
 * <h2>One method, one compilation</h2>
 * C2 compiles Vector API code well only while everything that handles a vector is inlined: a
 * vector passed to a call it did not inline is boxed on the heap. So the code is in two kinds:
 * {@link VectorMath} holds the functions of vectors (exp, log, masks, lane sums), which the JVM
 * options inline everywhere ({@code -XX:CompileCommand=inline,org.mdn4j.kernel.VectorMath::*});
 * every method here takes and returns arrays and scalars only, and the options keep C2 from
 * inlining any of them into another ({@code dontinline,org.mdn4j.kernel.SimdBackend::*}). C2
 * stops inlining, forced inlining included, once a compilation holds about 18,000 nodes; a method
 * here holds at most one exp or log, which fits, while a caller with several passes inlined did
 * not: the full head's mixture pass, its log cut off, allocated 7 KB an epoch
 * ({@code TrainerAllocationTest}). Without the options results are the same, slower and allocating.
 *
 * <p>Load this class only after {@link KernelSelector} has checked that
 * {@code jdk.incubator.vector} is readable; it and {@link SimdRowForward} (one input row, for
 * latency) are the places that touch the Vector API.
 */
public final class SimdBackend implements Kernels {

    /** The species, fixed at class initialisation so C2 sees a constant (see {@link SimdSpecies}). */
    private static final VectorSpecies<Float> S = SimdSpecies.SPECIES;
    private static final int LANES = S.length();

    /** Samples per cache tile of the matmul (a multiple of every lane count). */
    private static final int TILE = 512;
    /**
     * Whether the forward product also runs blocks of 4 rows × 3 vectors: 12 accumulators, 3
     * input vectors and a broadcast weight. That fills AVX2's 16 registers exactly, yet C2 keeps
     * it in them, and on a Zen 3 core (8 lanes) it beat the 4 × 2 block by 10–30% in JMH
     * (DenseKernelBenchmark.forward, widths 64 and 256, batches 300 and 4,096, alternated runs);
     * on AVX-512's 32 registers it fits with room to spare. Narrower vectors (tests only) keep
     * the 4 × 2 block. (4 × 4 made C2 box vectors: TrainerAllocationTest.)
     */
    private static final boolean FOUR_BY_THREE = LANES >= 8;
    /**
     * Sums at least this deep take the 4 × 3 block: where FMA latency is what limits the loop.
     * Shallower ones (the seed's layers of 1 and 5 inputs) keep the 4 × 2 path they were tuned on.
     */
    private static final int WIDE_BLOCK_DEPTH = 16;

    /** Where a vector is spilled to sum its lanes in a fixed order (see {@link VectorMath#sumLanes}). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[LANES]);

    public static final SimdBackend INSTANCE = new SimdBackend();

    private SimdBackend() {
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public String describe() {
        return "Vector API kernels, " + S.vectorBitSize() + "-bit, " + LANES + " float lanes, FMA "
                + (VectorMath.FMA ? "on" : "off");
    }

    /** Lanes per vector of the species in use. */
    public static int lanes() {
        return LANES;
    }


    /*
     * A method's inlining budget fits about one exp or log (see the class comment), so each
     * activation is split into loops over arrays: one that prepares exp's argument in a scratch
     * row, expInPlace, and one that finishes (with at most one log). The scratch row is padded to
     * whole vectors, so expInPlace needs no mask. Each 4-row block is activated right after the
     * matmul computes it, while it is still in L1.
     */

    /** Applies activation {@code act} in place to {@code rows} rows of {@code count} samples. */
    static void activateRows(float[] a, int off, int stride, int rows, int count, int act) {
        if (act == Activation.CODE_IDENTITY) {
            return;
        }
        if (act == Activation.CODE_RELU) {
            reluRows(a, off, stride, rows, count);
            return;
        }
        int padded = padded(count);
        float[] s = scratch(padded);
        for (int r = 0; r < rows; r++) {
            int row = off + r * stride;
            switch (act) {
                case Activation.CODE_SIGMOID -> {
                    scaledAbsInto(a, row, count, s, -1f, false);
                    expInPlace(s, padded);
                    sigmoidFinish(a, row, count, s);
                }
                case Activation.CODE_SOFTPLUS -> {
                    scaledAbsInto(a, row, count, s, -1f, true);
                    expInPlace(s, padded);
                    log1pInPlace(s, padded);
                    softplusFinish(a, row, count, s);
                }
                case Activation.CODE_TANH -> {
                    scaledAbsInto(a, row, count, s, -2f, true);
                    expInPlace(s, padded);
                    tanhFinish(a, row, count, s);
                }
                default -> throw new IllegalArgumentException("unknown activation code " + act);
            }
        }
    }

    /**
     * {@code a[i] = e^{a[i]}} for {@code i < n}, n a multiple of the lane count: a loop with exactly
     * one inlined {@link VectorMath#exp}, which is the most a method can hold before C2's inlining budget
     * runs out and vectors start being boxed on the heap.
     */
    private static void expInPlace(float[] a, int n) {
        for (int i = 0; i < n; i += LANES) {
            VectorMath.exp(FloatVector.fromArray(S, a, i)).intoArray(a, i);
        }
    }

    /** {@code a[i] = log1p(a[i])} for {@code i < n}, n a multiple of the lane count; one inlined log. */
    private static void log1pInPlace(float[] a, int n) {
        for (int i = 0; i < n; i += LANES) {
            VectorMath.log1p(FloatVector.fromArray(S, a, i)).intoArray(a, i);
        }
    }

    /** Whole vectors that cover {@code count} lanes. */
    private static int padded(int count) {
        return BufferAlignment.roundUp(count, LANES);
    }

    /**
     * This thread's scratch row of at least {@code size} floats; grows only when a larger batch
     * comes, and then by one vector more than asked: the chunks of one training step differ by at
     * most one sample, so one vector, and whichever chunk a thread claims first, every other
     * chunk of the step then fits (no allocation when a thread later claims a larger one).
     */
    private static float[] scratch(int size) {
        float[][] holder = ROW_SCRATCH.get();
        if (holder[0].length < size) {
            holder[0] = new float[size + LANES];
        }
        return holder[0];
    }

    private static final ThreadLocal<float[][]> ROW_SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    /** {@code s[n] = factor · (abs ? |a[n]| : a[n])}. */
    private static void scaledAbsInto(float[] a, int row, int count, float[] s, float factor, boolean abs) {
        for (int n = 0; n < count; n += LANES) {
            VectorMask<Float> m = VectorMath.upTo(n, count);
            FloatVector x = VectorMath.load(a, row + n, m);
            (abs ? x.abs() : x).mul(factor).intoArray(s, n, m);
        }
    }

    private static void reluRows(float[] a, int off, int stride, int rows, int count) {
        for (int r = 0; r < rows; r++) {
            int row = off + r * stride;
            for (int n = 0; n < count; n += LANES) {
                VectorMask<Float> m = VectorMath.upTo(n, count);
                VectorMath.atLeast(VectorMath.load(a, row + n, m), 0f).intoArray(a, row + n, m);
            }
        }
    }

    /** sigmoid(x) = 1 / (1 + e^{−x}), given {@code s = e^{−x}}. */
    private static void sigmoidFinish(float[] a, int row, int count, float[] s) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int n = 0; n < count; n += LANES) {
            VectorMask<Float> m = VectorMath.upTo(n, count);
            one.div(VectorMath.load(s, n, m).add(1f)).intoArray(a, row + n, m);
        }
    }

    /** softplus(x) = max(x, 0) + log1p(e^{−|x|}), given {@code s = log1p(e^{−|x|})}: no overflow, no underflow. */
    private static void softplusFinish(float[] a, int row, int count, float[] s) {
        for (int n = 0; n < count; n += LANES) {
            VectorMask<Float> m = VectorMath.upTo(n, count);
            VectorMath.atLeast(VectorMath.load(a, row + n, m), 0f).add(VectorMath.load(s, n, m)).intoArray(a, row + n, m);
        }
    }

    /**
     * tanh(x) = sign(x)·(1 − w)/(1 + w) with {@code w = s = e^{−2|x|}}; x itself below 2⁻¹², where
     * tanh(x) = x − x³/3 rounds to x. In between, 1 − w cancels to an absolute error near 6e−8,
     * negligible for an activation; the scalar twin uses Math.tanh.
     */
    private static void tanhFinish(float[] a, int row, int count, float[] s) {
        for (int n = 0; n < count; n += LANES) {
            VectorMask<Float> m = VectorMath.upTo(n, count);
            FloatVector x = VectorMath.load(a, row + n, m);
            FloatVector w = VectorMath.load(s, n, m);
            FloatVector t = w.neg().add(1f).div(w.add(1f));
            t = t.blend(t.neg(), x.compare(VectorOperators.LT, 0f));
            t.blend(x, x.abs().compare(VectorOperators.LT, 0x1p-12f)).intoArray(a, row + n, m);
        }
    }

    /** {@code dOut *= act'(x)} in place, the derivative taken from the output {@code y}. */
    static void backpropRows(float[] y, int yOff, float[] d, int dOff, int stride, int rows, int count, int act) {
        switch (act) {
            case Activation.CODE_RELU -> reluBackprop(y, yOff, d, dOff, stride, rows, count);
            case Activation.CODE_SIGMOID -> sigmoidBackprop(y, yOff, d, dOff, stride, rows, count);
            case Activation.CODE_SOFTPLUS -> {
                int padded = padded(count);
                float[] s = scratch(padded);
                for (int r = 0; r < rows; r++) {
                    scaledAbsInto(y, yOff + r * stride, count, s, -1f, false);
                    expInPlace(s, padded);
                    softplusBackpropFinish(d, dOff + r * stride, count, s);
                }
            }
            case Activation.CODE_TANH -> tanhBackprop(y, yOff, d, dOff, stride, rows, count);
            default -> { }
        }
    }

    /**
     * Zeroes d where y ≤ 0. Whole vectors, then, for a count that is not a multiple of the lane
     * count, the last LANES samples again (zeroing twice changes nothing): no masked loads and
     * stores except for a count below one vector.
     */
    private static void reluBackprop(float[] y, int yOff, float[] d, int dOff, int stride, int rows, int count) {
        if (count >= LANES) {
            int last = count - LANES;
            for (int r = 0; r < rows; r++) {
                int yi = yOff + r * stride;
                int di = dOff + r * stride;
                for (int n = 0; ; n += LANES) {
                    int at = Math.min(n, last);
                    FloatVector.fromArray(S, d, di + at)
                            .blend(0f, FloatVector.fromArray(S, y, yi + at).compare(VectorOperators.LE, 0f))
                            .intoArray(d, di + at);
                    if (at == last) {
                        break;
                    }
                }
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * stride;
            int di = dOff + r * stride;
            for (int n = 0; n < count; n += LANES) {
                VectorMask<Float> m = VectorMath.upTo(n, count);
                VectorMath.load(d, di + n, m).blend(0f, VectorMath.load(y, yi + n, m).compare(VectorOperators.LE, 0f))
                        .intoArray(d, di + n, m);
            }
        }
    }

    private static void sigmoidBackprop(float[] y, int yOff, float[] d, int dOff, int stride, int rows, int count) {
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * stride;
            int di = dOff + r * stride;
            for (int n = 0; n < count; n += LANES) {
                VectorMask<Float> m = VectorMath.upTo(n, count);
                FloatVector v = VectorMath.load(y, yi + n, m);
                VectorMath.load(d, di + n, m).mul(v.mul(v.neg().add(1f))).intoArray(d, di + n, m);
            }
        }
    }

    /**
     * softplus'(x) = sigmoid(x) = 1 − e^{−y} for y = softplus(x), given {@code s = e^{−y}}. Where
     * y is tiny the subtraction cancels, but only to an absolute error of about 6e−8 on a
     * derivative that is itself tiny, which gradient descent does not notice; the scalar twin uses
     * −expm1(−y).
     */
    private static void softplusBackpropFinish(float[] d, int di, int count, float[] s) {
        for (int n = 0; n < count; n += LANES) {
            VectorMask<Float> m = VectorMath.upTo(n, count);
            VectorMath.load(d, di + n, m).mul(VectorMath.load(s, n, m).neg().add(1f)).intoArray(d, di + n, m);
        }
    }

    private static void tanhBackprop(float[] y, int yOff, float[] d, int dOff, int stride, int rows, int count) {
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * stride;
            int di = dOff + r * stride;
            for (int n = 0; n < count; n += LANES) {
                VectorMask<Float> m = VectorMath.upTo(n, count);
                FloatVector v = VectorMath.load(y, yi + n, m);
                VectorMath.load(d, di + n, m).mul(v.mul(v).neg().add(1f)).intoArray(d, di + n, m);
            }
        }
    }

    @Override
    public void denseForward(float[] in, int inOff, int inStride, int inDim, int batch, float[] w, int wOff,
                             float[] b, int bOff, int outDim, int activation, float[] out, int outOff, int outStride) {
        matmul(w, wOff, inDim, 1, outDim, inDim, in, inOff, inStride, batch, b, bOff, activation,
                out, outOff, outStride);
    }

    /**
     * {@code out[r][n] = act(bias[r] + Σ_c A(r, c) · x[c][n])} for {@code n < batch}, where
     * {@code A(r, c) = w[wOff + r·rowStep + c·colStep]}: the forward pass uses W as stored, the
     * backward pass's input gradient uses Wᵀ by swapping the steps. Blocks of 4 rows, then single
     * rows, then the last whole vector of every row again (or, for a batch shorter than a vector,
     * one masked vector), then the activation (ReLU as the sums are stored, any other as a pass
     * over the rows); each piece is its own method so that each stays within C2's inlining
     * budget. {@code out} must not overlap {@code x}.
     */
    private static void matmul(float[] w, int wOff, int rowStep, int colStep, int rows, int cols,
                               float[] x, int xOff, int xStride, int batch,
                               float[] bias, int bOff, int act, float[] out, int outOff, int outStride) {
        int main = batch - batch % LANES;
        // ReLU is applied as the accumulators are stored (max with 0); any other activation is a
        // pass over the rows afterwards. Identity stores max(x, −∞), which is x, NaN included.
        float floor = act == Activation.CODE_RELU ? 0f : Float.NEGATIVE_INFINITY;
        int after = act == Activation.CODE_RELU ? Activation.CODE_IDENTITY : act;
        boolean fourByThree = FOUR_BY_THREE && cols >= WIDE_BLOCK_DEPTH;
        // Tiles of TILE samples: every output row of a tile reads the same input columns, which
        // then stay in L2 (64 inputs × 512 samples is 128 KiB) instead of being streamed from
        // memory once per block of 4 rows.
        for (int t0 = 0; t0 < main; t0 += TILE) {
            int t1 = Math.min(main, t0 + TILE);
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int from = !fourByThree ? t0 : matmulFourByThree(w, wOff + r * rowStep, rowStep, colStep, cols, x,
                        xOff, xStride, t0, t1, bias, bOff + r, floor, out, outOff + r * outStride, outStride);
                int done = matmulFourRows(w, wOff + r * rowStep, rowStep, colStep, cols, x, xOff, xStride, from, t1,
                        bias, bOff + r, floor, out, outOff + r * outStride, outStride);
                if (done < t1) {
                    matmulFourRowsOneVector(w, wOff + r * rowStep, rowStep, colStep, cols, x, xOff, xStride, done,
                            t1, bias, bOff + r, floor, out, outOff + r * outStride, outStride);
                }
            }
            for (; r < rows; r++) {
                matmulOneRow(w, wOff + r * rowStep, colStep, cols, x, xOff, xStride, t0, t1,
                        biasOf(bias, bOff + r), floor, out, outOff + r * outStride);
            }
            activateRows(out, outOff + t0, outStride, rows, t1 - t0, after);
        }
        if (main < batch) {
            if (main > 0) {
                // The last LANES samples once more, as whole vectors: each lane's sum depends on
                // its own sample alone, so the samples computed twice get the same bits again.
                int last = batch - LANES;
                int r = 0;
                for (; r + 4 <= rows; r += 4) {
                    matmulFourRowsOneVector(w, wOff + r * rowStep, rowStep, colStep, cols, x, xOff, xStride, last,
                            batch, bias, bOff + r, floor, out, outOff + r * outStride, outStride);
                }
                for (; r < rows; r++) {
                    matmulOneRow(w, wOff + r * rowStep, colStep, cols, x, xOff, xStride, last, batch,
                            biasOf(bias, bOff + r), floor, out, outOff + r * outStride);
                }
                activateRows(out, outOff + last, outStride, rows, LANES, after);
            } else {
                matmulPartialVector(w, wOff, rowStep, colStep, rows, cols, x, xOff + main, xStride, batch - main,
                        bias, bOff, out, outOff + main, outStride);
                activateRows(out, outOff + main, outStride, rows, batch - main, act);
            }
        }
    }

    /**
     * Four output rows over pairs of whole vectors from {@code from} up to {@code main}; returns
     * where it stopped.
     * Register block: 4 rows × 2 vectors = 8 accumulators, plus 2 input vectors and a broadcast
     * weight, within AVX2's 16 registers; each input vector loaded feeds 4 FMAs.
     */
    private static int matmulFourRows(float[] w, int w0, int rowStep, int colStep, int cols,
                                       float[] x, int xOff, int xStride, int from, int main,
                                       float[] bias, int b, float floor, float[] out, int o0, int outStride) {
        int w1 = w0 + rowStep, w2 = w1 + rowStep, w3 = w2 + rowStep;
        float b0 = biasOf(bias, b), b1 = biasOf(bias, b + 1), b2 = biasOf(bias, b + 2), b3 = biasOf(bias, b + 3);
        int o1 = o0 + outStride, o2 = o1 + outStride, o3 = o2 + outStride;
        int n = from;
        for (; n + 2 * LANES <= main; n += 2 * LANES) {
            FloatVector a00 = FloatVector.broadcast(S, b0), a01 = a00;
            FloatVector a10 = FloatVector.broadcast(S, b1), a11 = a10;
            FloatVector a20 = FloatVector.broadcast(S, b2), a21 = a20;
            FloatVector a30 = FloatVector.broadcast(S, b3), a31 = a30;
            for (int c = 0; c < cols; c++) {
                int xi = xOff + c * xStride + n;
                FloatVector x0 = FloatVector.fromArray(S, x, xi);
                FloatVector x1 = FloatVector.fromArray(S, x, xi + LANES);
                int cw = c * colStep;
                FloatVector v0 = FloatVector.broadcast(S, w[w0 + cw]);
                a00 = VectorMath.mulAdd(x0, v0, a00);
                a01 = VectorMath.mulAdd(x1, v0, a01);
                FloatVector v1 = FloatVector.broadcast(S, w[w1 + cw]);
                a10 = VectorMath.mulAdd(x0, v1, a10);
                a11 = VectorMath.mulAdd(x1, v1, a11);
                FloatVector v2 = FloatVector.broadcast(S, w[w2 + cw]);
                a20 = VectorMath.mulAdd(x0, v2, a20);
                a21 = VectorMath.mulAdd(x1, v2, a21);
                FloatVector v3 = FloatVector.broadcast(S, w[w3 + cw]);
                a30 = VectorMath.mulAdd(x0, v3, a30);
                a31 = VectorMath.mulAdd(x1, v3, a31);
            }
            VectorMath.atLeast(a00, floor).intoArray(out, o0 + n);
            VectorMath.atLeast(a01, floor).intoArray(out, o0 + n + LANES);
            VectorMath.atLeast(a10, floor).intoArray(out, o1 + n);
            VectorMath.atLeast(a11, floor).intoArray(out, o1 + n + LANES);
            VectorMath.atLeast(a20, floor).intoArray(out, o2 + n);
            VectorMath.atLeast(a21, floor).intoArray(out, o2 + n + LANES);
            VectorMath.atLeast(a30, floor).intoArray(out, o3 + n);
            VectorMath.atLeast(a31, floor).intoArray(out, o3 + n + LANES);
        }
        return n;
    }

    /**
     * Four output rows over triples of whole vectors from {@code from} up to {@code main}; returns
     * where it stopped (the rest goes to {@link #matmulFourRows}). Register block: 4 rows × 3
     * vectors = 12 accumulators, 3 input vectors and a broadcast weight: 12 FMAs for 7 loads (the
     * 4 × 2 block: 8 for 6), which leaves FMA latency more slack. Every sum still adds its terms
     * in order of c: the same bits.
     */
    private static int matmulFourByThree(float[] w, int w0, int rowStep, int colStep, int cols,
                                         float[] x, int xOff, int xStride, int from, int main,
                                         float[] bias, int b, float floor, float[] out, int o0, int outStride) {
        int w1 = w0 + rowStep, w2 = w1 + rowStep, w3 = w2 + rowStep;
        float b0 = biasOf(bias, b), b1 = biasOf(bias, b + 1), b2 = biasOf(bias, b + 2), b3 = biasOf(bias, b + 3);
        int o1 = o0 + outStride, o2 = o1 + outStride, o3 = o2 + outStride;
        int n = from;
        for (; n + 3 * LANES <= main; n += 3 * LANES) {
            FloatVector a00 = FloatVector.broadcast(S, b0), a01 = a00, a02 = a00;
            FloatVector a10 = FloatVector.broadcast(S, b1), a11 = a10, a12 = a10;
            FloatVector a20 = FloatVector.broadcast(S, b2), a21 = a20, a22 = a20;
            FloatVector a30 = FloatVector.broadcast(S, b3), a31 = a30, a32 = a30;
            for (int c = 0; c < cols; c++) {
                int xi = xOff + c * xStride + n;
                FloatVector x0 = FloatVector.fromArray(S, x, xi);
                FloatVector x1 = FloatVector.fromArray(S, x, xi + LANES);
                FloatVector x2 = FloatVector.fromArray(S, x, xi + 2 * LANES);
                int cw = c * colStep;
                FloatVector v = FloatVector.broadcast(S, w[w0 + cw]);
                a00 = VectorMath.mulAdd(x0, v, a00);
                a01 = VectorMath.mulAdd(x1, v, a01);
                a02 = VectorMath.mulAdd(x2, v, a02);
                v = FloatVector.broadcast(S, w[w1 + cw]);
                a10 = VectorMath.mulAdd(x0, v, a10);
                a11 = VectorMath.mulAdd(x1, v, a11);
                a12 = VectorMath.mulAdd(x2, v, a12);
                v = FloatVector.broadcast(S, w[w2 + cw]);
                a20 = VectorMath.mulAdd(x0, v, a20);
                a21 = VectorMath.mulAdd(x1, v, a21);
                a22 = VectorMath.mulAdd(x2, v, a22);
                v = FloatVector.broadcast(S, w[w3 + cw]);
                a30 = VectorMath.mulAdd(x0, v, a30);
                a31 = VectorMath.mulAdd(x1, v, a31);
                a32 = VectorMath.mulAdd(x2, v, a32);
            }
            a00.max(floor).intoArray(out, o0 + n);
            a01.max(floor).intoArray(out, o0 + n + LANES);
            a02.max(floor).intoArray(out, o0 + n + 2 * LANES);
            a10.max(floor).intoArray(out, o1 + n);
            a11.max(floor).intoArray(out, o1 + n + LANES);
            a12.max(floor).intoArray(out, o1 + n + 2 * LANES);
            a20.max(floor).intoArray(out, o2 + n);
            a21.max(floor).intoArray(out, o2 + n + LANES);
            a22.max(floor).intoArray(out, o2 + n + 2 * LANES);
            a30.max(floor).intoArray(out, o3 + n);
            a31.max(floor).intoArray(out, o3 + n + LANES);
            a32.max(floor).intoArray(out, o3 + n + 2 * LANES);
        }
        return n;
    }

    /**
     * Four output rows over single whole vectors from {@code from} to {@code to}: what the blocks
     * above leave of a tile (one vector) and a batch's last vector computed again. Register
     * block: 4 rows × 1 vector, four independent sums where one row at a time
     * ({@link #matmulOneRow}) is a single chain of {@code cols} dependent fused multiply-adds,
     * which its latency, not the FMA units, limits: on a 64-wide layer with batches of 500 those
     * chains took 13% of a training step. Each sum adds its terms in order of c: the same bits.
     */
    private static void matmulFourRowsOneVector(float[] w, int w0, int rowStep, int colStep, int cols,
                                                float[] x, int xOff, int xStride, int from, int to,
                                                float[] bias, int b, float floor, float[] out, int o0,
                                                int outStride) {
        int w1 = w0 + rowStep, w2 = w1 + rowStep, w3 = w2 + rowStep;
        int o1 = o0 + outStride, o2 = o1 + outStride, o3 = o2 + outStride;
        for (int n = from; n < to; n += LANES) {
            FloatVector a0 = FloatVector.broadcast(S, biasOf(bias, b));
            FloatVector a1 = FloatVector.broadcast(S, biasOf(bias, b + 1));
            FloatVector a2 = FloatVector.broadcast(S, biasOf(bias, b + 2));
            FloatVector a3 = FloatVector.broadcast(S, biasOf(bias, b + 3));
            for (int c = 0; c < cols; c++) {
                FloatVector xv = FloatVector.fromArray(S, x, xOff + c * xStride + n);
                int cw = c * colStep;
                a0 = VectorMath.mulAdd(xv, FloatVector.broadcast(S, w[w0 + cw]), a0);
                a1 = VectorMath.mulAdd(xv, FloatVector.broadcast(S, w[w1 + cw]), a1);
                a2 = VectorMath.mulAdd(xv, FloatVector.broadcast(S, w[w2 + cw]), a2);
                a3 = VectorMath.mulAdd(xv, FloatVector.broadcast(S, w[w3 + cw]), a3);
            }
            VectorMath.atLeast(a0, floor).intoArray(out, o0 + n);
            VectorMath.atLeast(a1, floor).intoArray(out, o1 + n);
            VectorMath.atLeast(a2, floor).intoArray(out, o2 + n);
            VectorMath.atLeast(a3, floor).intoArray(out, o3 + n);
        }
    }

    /** Row {@code at}'s bias, or 0 for a product without one (the input gradient). */
    private static float biasOf(float[] bias, int at) {
        return bias == null ? 0f : bias[at];
    }

    /** One output row over whole vectors of samples {@code from .. to}, stored as max(sum, floor). */
    private static void matmulOneRow(float[] w, int w0, int colStep, int cols, float[] x, int xOff, int xStride,
                                     int from, int to, float bias, float floor, float[] out, int o0) {
        for (int n = from; n < to; n += LANES) {
            FloatVector a0 = FloatVector.broadcast(S, bias);
            for (int c = 0; c < cols; c++) {
                a0 = VectorMath.mulAdd(FloatVector.fromArray(S, x, xOff + c * xStride + n),
                        FloatVector.broadcast(S, w[w0 + c * colStep]), a0);
            }
            VectorMath.atLeast(a0, floor).intoArray(out, o0 + n);
        }
    }

    /** The matmul for the last {@code count < LANES} samples of every row, one masked vector each. */
    private static void matmulPartialVector(float[] w, int wOff, int rowStep, int colStep, int rows, int cols,
                                            float[] x, int xOff, int xStride, int count,
                                            float[] bias, int bOff, float[] out, int outOff, int outStride) {
        VectorMask<Float> m = VectorMath.upTo(0, count);
        for (int r = 0; r < rows; r++) {
            int w0 = wOff + r * rowStep;
            FloatVector a0 = FloatVector.broadcast(S, biasOf(bias, bOff + r));
            for (int c = 0; c < cols; c++) {
                a0 = VectorMath.mulAdd(VectorMath.load(x, xOff + c * xStride, m), FloatVector.broadcast(S, w[w0 + c * colStep]), a0);
            }
            a0.intoArray(out, outOff + r * outStride, m);
        }
    }

    @Override
    public void denseBackward(float[] in, int inOff, int inStride, int inDim, int batch, float[] w, int wOff,
                              int outDim, int activation, float[] out, int outOff, float[] dOut, int dOutOff,
                              int outStride, float[] dW, int dWOff, float[] dB, int dBOff,
                              float[] dIn, int dInOff, int dInStride) {
        // 1. dPre = dOut · act'(out), in place.
        backpropRows(out, outOff, dOut, dOutOff, outStride, outDim, batch, activation);
        // 2. dW and db: dot products over the batch, lanes reduced at the end.
        weightGradient(in, inOff, inStride, inDim, batch, outDim, dOut, dOutOff, outStride, dW, dWOff, dB, dBOff);
        // 3. dIn = Wᵀ · dPre: the forward matmul with the weight steps swapped.
        if (dIn != null) {
            matmul(w, wOff, 1, inDim, inDim, outDim, dOut, dOutOff, outStride, batch, null, 0,
                    Activation.CODE_IDENTITY, dIn, dInOff, dInStride);
        }
    }

    /**
     * {@code dW[j][i] += Σ_n d[j][n]·in[i][n]} and {@code db[j] += Σ_n d[j][n]}: 2×4 tiles of
     * (output row, input row), then the leftover pairs and the bias sums four at a time, then the
     * masked partial vector (its lane sums in registers). Lanes are summed in a fixed order
     * ({@link VectorMath#sumLanes}) through one scratch array, looked up once per call rather than
     * once per sum.
     *
     * <p>Tried and withdrawn, both measured on the seed epoch: ending each sum with the batch's last
     * whole vector, its lanes already counted multiplied by 0, in the same accumulators (no masked
     * pass, half the lane sums). Added after the loop under an if (+3%), C2 in two runs of three
     * kept the kernels in a boxing fallback once a batch without a partial vector had run
     * (TrainerAllocationTest: 100–200 KB per epoch, never settling); inside the loop, a multiplier
     * loaded for every vector, it allocated nothing but was 8% slower.
     */
    private static void weightGradient(float[] in, int inOff, int inStride, int inDim, int batch, int outDim,
                                       float[] d, int dOff, int dStride, float[] dW, int dWOff,
                                       float[] dB, int dBOff) {
        float[] sc = SCRATCH.get();
        int main = batch - batch % LANES;
        int outTiled = outDim - outDim % 2;
        int inTiled = inDim - inDim % 4;
        for (int j = 0; j < outTiled; j += 2) {
            for (int i = 0; i < inTiled; i += 4) {
                weightGradientTile(in, inOff + i * inStride, inStride, d, dOff + j * dStride, dStride, main,
                        dW, dWOff + j * inDim + i, inDim, sc);
            }
        }
        // The pairs the tiles left (the inputs past inTiled for the tiled rows, every input of a
        // last odd row), then the bias sums, four independent sums at a time: one sum alone waits
        // on its own chain of additions, and the seed problem has forty-six of them in a step.
        for (int i = inTiled; i < inDim; i++) {
            int x = inOff + i * inStride;
            int j = 0;
            for (; j + 4 <= outTiled; j += 4) {
                int g = dOff + j * dStride;
                int r = dWOff + j * inDim + i;
                dotFour(d, g, g + dStride, g + 2 * dStride, g + 3 * dStride, in, x, x, x, x, main,
                        dW, r, r + inDim, r + 2 * inDim, r + 3 * inDim, sc);
            }
            for (; j < outTiled; j++) {
                dW[dWOff + j * inDim + i] += dot(d, dOff + j * dStride, in, x, main, sc);
            }
        }
        for (int j = outTiled; j < outDim; j++) {
            int g = dOff + j * dStride;
            int i = 0;
            for (; i + 4 <= inDim; i += 4) {
                int x = inOff + i * inStride;
                int r = dWOff + j * inDim + i;
                dotFour(d, g, g, g, g, in, x, x + inStride, x + 2 * inStride, x + 3 * inStride, main,
                        dW, r, r + 1, r + 2, r + 3, sc);
            }
            for (; i < inDim; i++) {
                dW[dWOff + j * inDim + i] += dot(d, g, in, inOff + i * inStride, main, sc);
            }
        }
        int j = 0;
        for (; j + 4 <= outDim; j += 4) {
            int g = dOff + j * dStride;
            rowSumFour(d, g, dStride, main, dB, dBOff + j, sc);
        }
        for (; j < outDim; j++) {
            dB[dBOff + j] += rowSum(d, dOff + j * dStride, main, sc);
        }
        if (main < batch) {
            weightGradientPartialVector(in, inOff + main, inStride, inDim, batch - main, outDim, d, dOff + main,
                    dStride, dW, dWOff, dB, dBOff, sc);
        }
    }

    /**
     * One 2×4 tile of dW over {@code main} samples: 8 accumulators fed by 6 loads per step (2
     * gradient rows, 4 input rows), each loaded vector used by 2 or 4 FMAs.
     */
    private static void weightGradientTile(float[] in, int x0, int inStride, float[] d, int g0, int dStride, int main,
                                           float[] dW, int r0, int inDim, float[] sc) {
        int x1 = x0 + inStride;
        int x2 = x1 + inStride;
        int x3 = x2 + inStride;
        int g1 = g0 + dStride;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        for (int n = 0; n < main; n += LANES) {
            FloatVector d0 = FloatVector.fromArray(S, d, g0 + n);
            FloatVector d1 = FloatVector.fromArray(S, d, g1 + n);
            FloatVector v = FloatVector.fromArray(S, in, x0 + n);
            c00 = VectorMath.mulAdd(d0, v, c00);
            c10 = VectorMath.mulAdd(d1, v, c10);
            v = FloatVector.fromArray(S, in, x1 + n);
            c01 = VectorMath.mulAdd(d0, v, c01);
            c11 = VectorMath.mulAdd(d1, v, c11);
            v = FloatVector.fromArray(S, in, x2 + n);
            c02 = VectorMath.mulAdd(d0, v, c02);
            c12 = VectorMath.mulAdd(d1, v, c12);
            v = FloatVector.fromArray(S, in, x3 + n);
            c03 = VectorMath.mulAdd(d0, v, c03);
            c13 = VectorMath.mulAdd(d1, v, c13);
        }
        int r1 = r0 + inDim;
        dW[r0] += VectorMath.sumLanes(c00, sc);
        dW[r0 + 1] += VectorMath.sumLanes(c01, sc);
        dW[r0 + 2] += VectorMath.sumLanes(c02, sc);
        dW[r0 + 3] += VectorMath.sumLanes(c03, sc);
        dW[r1] += VectorMath.sumLanes(c10, sc);
        dW[r1 + 1] += VectorMath.sumLanes(c11, sc);
        dW[r1 + 2] += VectorMath.sumLanes(c12, sc);
        dW[r1 + 3] += VectorMath.sumLanes(c13, sc);
    }

    /**
     * Four {@link #dot}s side by side, {@code out[o_q] += Σ_n a[a_q + n]·b[b_q + n]}: each sum in
     * the same order as dot's, so the same bits, with four chains of additions in flight.
     */
    private static void dotFour(float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2,
                                int b3, int main, float[] out, int o0, int o1, int o2, int o3, float[] sc) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int n = 0; n < main; n += LANES) {
            c0 = VectorMath.mulAdd(FloatVector.fromArray(S, a, a0 + n), FloatVector.fromArray(S, b, b0 + n), c0);
            c1 = VectorMath.mulAdd(FloatVector.fromArray(S, a, a1 + n), FloatVector.fromArray(S, b, b1 + n), c1);
            c2 = VectorMath.mulAdd(FloatVector.fromArray(S, a, a2 + n), FloatVector.fromArray(S, b, b2 + n), c2);
            c3 = VectorMath.mulAdd(FloatVector.fromArray(S, a, a3 + n), FloatVector.fromArray(S, b, b3 + n), c3);
        }
        out[o0] += VectorMath.sumLanes(c0, sc);
        out[o1] += VectorMath.sumLanes(c1, sc);
        out[o2] += VectorMath.sumLanes(c2, sc);
        out[o3] += VectorMath.sumLanes(c3, sc);
    }

    /** Four {@link #rowSum}s of rows {@code stride} apart into {@code out[o .. o+4)}, each in rowSum's order. */
    private static void rowSumFour(float[] a, int off, int stride, int main, float[] out, int o, float[] sc) {
        int a1 = off + stride;
        int a2 = a1 + stride;
        int a3 = a2 + stride;
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int n = 0; n < main; n += LANES) {
            c0 = c0.add(FloatVector.fromArray(S, a, off + n));
            c1 = c1.add(FloatVector.fromArray(S, a, a1 + n));
            c2 = c2.add(FloatVector.fromArray(S, a, a2 + n));
            c3 = c3.add(FloatVector.fromArray(S, a, a3 + n));
        }
        out[o] += VectorMath.sumLanes(c0, sc);
        out[o + 1] += VectorMath.sumLanes(c1, sc);
        out[o + 2] += VectorMath.sumLanes(c2, sc);
        out[o + 3] += VectorMath.sumLanes(c3, sc);
    }

    /** {@code Σ_n a[aOff + n]·b[bOff + n]} over {@code main} samples (whole vectors). */
    private static float dot(float[] a, int aOff, float[] b, int bOff, int main, float[] sc) {
        FloatVector acc = FloatVector.zero(S);
        for (int n = 0; n < main; n += LANES) {
            acc = VectorMath.mulAdd(FloatVector.fromArray(S, a, aOff + n), FloatVector.fromArray(S, b, bOff + n), acc);
        }
        return VectorMath.sumLanes(acc, sc);
    }

    /** {@code Σ_n a[off + n]} over {@code main} samples (whole vectors). */
    private static float rowSum(float[] a, int off, int main, float[] sc) {
        FloatVector acc = FloatVector.zero(S);
        for (int n = 0; n < main; n += LANES) {
            acc = acc.add(FloatVector.fromArray(S, a, off + n));
        }
        return VectorMath.sumLanes(acc, sc);
    }

    /**
     * The weight and bias gradients' share of the last {@code count < LANES} samples, one masked
     * vector: {@code dW[j][i] += sumLanes(d_j ⊙ in_i)} for every pair, the lanes summed in
     * {@link VectorMath#sumLanes}' order. Sixteen pairs at a time along i, from a transposed
     * copy of the block ({@code inT[l][i] = in[i][l]}, zero past count and past inDim): lane
     * l's products of sixteen pairs are one vector, {@code inT[l] · d_j[l]}, and adding those
     * vectors in sumLanes' order (lanes l ≡ p mod 4 left to right into four sums, then
     * {@code (s0 + s1) + (s2 + s3)}) gives each pair's sum with the same bits as summing its own
     * vector's lanes. One pair at a time took five shuffles a pair, all on one port of the core:
     * 5% of a step on a 64-wide layer.
     */
    private static void weightGradientPartialVector(float[] in, int inOff, int inStride, int inDim, int count,
                                                    int outDim, float[] d, int dOff, int dStride, float[] dW,
                                                    int dWOff, float[] dB, int dBOff, float[] sc) {
        if (LANES < 4) {
            VectorMask<Float> m = VectorMath.upTo(0, count);
            for (int j = 0; j < outDim; j++) {
                FloatVector dj = VectorMath.load(d, dOff + j * dStride, m);
                for (int i = 0; i < inDim; i++) {
                    dW[dWOff + j * inDim + i] += VectorMath.sumLanes(dj.mul(VectorMath.load(in, inOff + i * inStride, m)), sc);
                }
                dB[dBOff + j] += VectorMath.sumLanes(dj, sc);
            }
            return;
        }
        int width = BufferAlignment.roundUp(inDim, LANES);
        float[] t = scratch(LANES * width + 2 * LANES);
        int djAt = LANES * width;
        for (int l = 0; l < LANES; l++) {
            for (int i = 0; i < width; i++) {
                t[l * width + i] = l < count && i < inDim ? in[inOff + i * inStride + l] : 0f;
            }
        }
        for (int j = 0; j < outDim; j++) {
            int g = dOff + j * dStride;
            for (int l = 0; l < LANES; l++) {
                t[djAt + l] = l < count ? d[g + l] : 0f;
            }
            int row = dWOff + j * inDim;
            for (int i = 0; i < inDim; i += LANES) {
                weightGradientPartialRow(t, width, i, djAt, dW, row, inDim);
            }
            // d_j's lanes as copied, zero past count: what a masked load of them gives
            dB[dBOff + j] += VectorMath.sumLanesInRegisters(FloatVector.fromArray(S, t, djAt), sc);
        }
    }

    /**
     * {@code dW[row + i .. row + min(i + LANES, inDim))} += the lane sums of sixteen (LANES) pairs,
     * from the transposed block {@code t} (rows of {@code width}) and d_j's lanes at
     * {@code t[djAt ..]}; {@code t[djAt + LANES ..]} is free for the last, partial group.
     */
    private static void weightGradientPartialRow(float[] t, int width, int i, int djAt, float[] dW, int row,
                                                 int inDim) {
        FloatVector s0 = FloatVector.fromArray(S, t, i).mul(t[djAt]);
        FloatVector s1 = FloatVector.fromArray(S, t, width + i).mul(t[djAt + 1]);
        FloatVector s2 = FloatVector.fromArray(S, t, 2 * width + i).mul(t[djAt + 2]);
        FloatVector s3 = FloatVector.fromArray(S, t, 3 * width + i).mul(t[djAt + 3]);
        for (int l = 4; l < LANES; l += 4) {
            s0 = s0.add(FloatVector.fromArray(S, t, l * width + i).mul(t[djAt + l]));
            s1 = s1.add(FloatVector.fromArray(S, t, (l + 1) * width + i).mul(t[djAt + l + 1]));
            s2 = s2.add(FloatVector.fromArray(S, t, (l + 2) * width + i).mul(t[djAt + l + 2]));
            s3 = s3.add(FloatVector.fromArray(S, t, (l + 3) * width + i).mul(t[djAt + l + 3]));
        }
        FloatVector sums = s0.add(s1).add(s2.add(s3));
        if (i + LANES <= inDim) {
            FloatVector.fromArray(S, dW, row + i).add(sums).intoArray(dW, row + i);
        } else {
            // Lane by lane, not a masked load and store: at the end of the gradient array those run
            // past its end, where C2 leaves the Vector API's fallback, which allocates, in place.
            int at = djAt + LANES;
            sums.intoArray(t, at);
            for (int k = 0; k < inDim - i; k++) {
                dW[row + i + k] += t[at + k];
            }
        }
    }

    @Override
    public void softmax(float[] x, int off, int stride, int k, int batch, float[] out, int outOff, int outStride) {
        float[] sums = SCRATCH.get();
        int main = batch - batch % LANES;
        for (int n = 0; n < main; n += LANES) {
            expRowsAndSum(x, off + n, stride, k, LANES, out, outOff + n, outStride, sums, 0, sums, 0);
            divideRows(out, outOff + n, outStride, k, sums);
        }
        if (main < batch) {
            ScalarKernels.softmax(x, off + main, stride, k, batch - main, out, outOff + main, outStride);
        }
    }

    /**
     * Softmax's second half for one block: the rows hold exp(x − max) (the max, not the log-sum,
     * subtracted before exp), {@code sums} their sum; each row is divided by it.
     */
    private static void divideRows(float[] out, int outAt, int outStride, int k, float[] sums) {
        FloatVector inv = FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, sums, 0));
        for (int r = 0; r < k; r++) {
            int o = outAt + r * outStride;
            FloatVector.fromArray(S, out, o).mul(inv).intoArray(out, o);
        }
    }

    @Override
    public void logSoftmax(float[] x, int off, int stride, int k, int batch, float[] out, int outOff, int outStride) {
        // the exponentials go to scratch rows, not to out, which may be x itself; the row maxima
        // follow them, for logSoftmaxBlock
        float[] exps = scratch(k * LANES + LANES);
        float[] sums = SCRATCH.get();
        int main = batch - batch % LANES;
        for (int n = 0; n < main; n += LANES) {
            expRowsAndSum(x, off + n, stride, k, LANES, exps, 0, LANES, exps, k * LANES, sums, 0);
            logSoftmaxBlock(x, off + n, stride, k, exps, k * LANES, sums, out, outOff + n, outStride);
        }
        if (main < batch) {
            ScalarKernels.logSoftmax(x, off + main, stride, k, batch - main, out, outOff + main, outStride);
        }
    }

    /**
     * (x − max) − log(sum) for one block, the row maxima taken from {@code maxima[maxAt..]} and the
     * sum of exponentials from {@code sums}.
     */
    private static void logSoftmaxBlock(float[] x, int at, int stride, int k, float[] maxima, int maxAt, float[] sums,
                                        float[] out, int outAt, int outStride) {
        FloatVector max = FloatVector.fromArray(S, maxima, maxAt);
        FloatVector logSum = VectorMath.log(FloatVector.fromArray(S, sums, 0));
        for (int r = 0; r < k; r++) {
            FloatVector.fromArray(S, x, at + r * stride).sub(max).sub(logSum).intoArray(out, outAt + r * outStride);
        }
    }

    /** Which head {@link #mixtureLoss} runs. */
    private static final int ISOTROPIC = 0;
    private static final int DIAGONAL = 1;
    private static final int FULL = 2;

    @Override
    public void mixtureNll(float[] head, int headOff, int hs, int k, int l, int batch, float[] target,
                           int tOff, int ts, float logSigmaFloor, float scale, float[] dHead, int dOff,
                           int ds, float[] nllOut, int nllOff) {
        mixtureLoss(ISOTROPIC, head, headOff, hs, k, l, batch, target, tOff, ts, logSigmaFloor, scale, dHead, dOff, ds,
                nllOut, nllOff);
    }

    @Override
    public void mixtureNllDiagonal(float[] head, int headOff, int hs, int k, int l, int batch, float[] target,
                                   int tOff, int ts, float logSigmaFloor, float scale, float[] dHead, int dOff,
                                   int ds, float[] nllOut, int nllOff) {
        mixtureLoss(DIAGONAL, head, headOff, hs, k, l, batch, target, tOff, ts, logSigmaFloor, scale, dHead, dOff, ds,
                nllOut, nllOff);
    }

    @Override
    public void mixtureNllFull(float[] head, int headOff, int hs, int k, int l, int batch, float[] target,
                               int tOff, int ts, float logSigmaFloor, float scale, float[] dHead, int dOff,
                               int ds, float[] nllOut, int nllOff) {
        mixtureLoss(FULL, head, headOff, hs, k, l, batch, target, tOff, ts, logSigmaFloor, scale, dHead, dOff, ds,
                nllOut, nllOff);
    }

    /**
     * The mixture loss of every head in small passes with one exp or log each (see activateRows
     * for why), each pass looping over the blocks of LANES samples of one span of up to
     * {@link #SPAN} samples. They hand intermediate rows to each other through dHead
     * and nllOut, which end up holding the gradient and the NLL: log π_k and then γ_k sit in
     * component k's first mean row, the log joints c_k in the logit rows, sums of exponentials in
     * nllOut; π_k, e^{c_k − max c} and (isotropic) 1/σ_k in this thread's scratch rows
     * ({@link #MIXTURE_SCRATCH_ROWS}). Per head, the scale rows of dHead carry: the squared distances q_k (isotropic); 1/σ_kd
     * (diagonal); U_ii = exp(min(b_i, −log floor)) in the log-diagonal rows (full), each until the
     * last pass turns them into their gradient. A batch shorter than LANES goes to the scalar twin.
     * dHead and nllOut must not overlap head or target (the last block's passes read them again).
     */
    private static void mixtureLoss(int kind, float[] head, int headOff, int hs, int k, int l, int batch,
                                    float[] target, int tOff, int ts, float logSigmaFloor, float scale, float[] dHead,
                                    int dOff, int ds, float[] nllOut, int nllOff) {
        if (batch < LANES) {
            switch (kind) {
                case ISOTROPIC -> ScalarKernels.mixtureNll(head, headOff, hs, k, l, batch, target, tOff, ts,
                        logSigmaFloor, scale, dHead, dOff, ds, nllOut, nllOff);
                case DIAGONAL -> ScalarKernels.mixtureNllDiagonal(head, headOff, hs, k, l, batch, target, tOff, ts,
                        logSigmaFloor, scale, dHead, dOff, ds, nllOut, nllOff);
                default -> ScalarKernels.mixtureNllFull(head, headOff, hs, k, l, batch, target, tOff, ts,
                        logSigmaFloor, scale, dHead, dOff, ds, nllOut, nllOff);
            }
            return;
        }
        // Every pass over a span of whole blocks, then, for a batch that is not a multiple of the
        // lane count, every pass over the last LANES samples once more: each lane's arithmetic
        // depends on its own sample alone, so the samples computed twice get the same bits both
        // times, and no sample takes the scalar path (which costs as much as the blocks on the
        // seed problem: 12 of its 300 samples). Pass by pass rather than block by block: on the
        // seed problem an epoch's mixture is 19 blocks of a few hundred operations each, and
        // calling seven passes per block cost more than their arithmetic. A span holds at most
        // SPAN samples, so its rows stay in the core's caches however long the batch.
        int main = batch - batch % LANES;
        float[] rows = scratch(MIXTURE_SCRATCH_ROWS * k * SPAN + MIXTURE_TEMP_ROWS * SPAN);
        for (int from = 0; from < main; from += SPAN) {
            int count = Math.min(SPAN, main - from);
            mixtureSpan(kind, head, headOff + from, hs, k, l, count, target, tOff + from, ts, logSigmaFloor, scale,
                    dHead, dOff + from, ds, nllOut, nllOff + from, rows);
        }
        if (main < batch) {
            int last = batch - LANES;
            mixtureSpan(kind, head, headOff + last, hs, k, l, LANES, target, tOff + last, ts, logSigmaFloor, scale,
                    dHead, dOff + last, ds, nllOut, nllOff + last, rows);
        }
    }

    /**
     * Samples per span of the mixture passes (a multiple of every lane count), and the row step of
     * their scratch rows: the seed problem's 300 samples are one span.
     */
    private static final int SPAN = 512;

    /**
     * Scratch rows of one span, each K rows of SPAN floats: π_k (first e^{a_k − max}), e^{c_k − max c},
     * and 1/σ_k (isotropic head). Kept so that no exponential is computed twice: 3K exp and 2 log
     * per block for the isotropic head (6K + 2 before).
     */
    private static final int MIXTURE_SCRATCH_ROWS = 3;

    /**
     * One-row values of a block that a pass computes once and then uses for every component (the
     * row maxima, log Σ, 1/Σ), after the scratch rows: the passes loop over components outside and
     * samples inside (see {@link #mixtureLogJoints}), so these wait in memory between the loops.
     */
    private static final int MIXTURE_TEMP_ROWS = 2;

    /**
     * Every pass of one span of {@code count} samples (whole blocks of LANES); {@code rows} holds
     * the scratch rows. Each pass loops over the span's blocks itself.
     */
    private static void mixtureSpan(int kind, float[] head, int h, int hs, int k, int l, int count, float[] target,
                                    int t, int ts, float logSigmaFloor, float scale, float[] dHead, int d, int ds,
                                    float[] nllOut, int at, float[] rows) {
        int pi = 0;
        int joint = k * SPAN;
        int inverseSigma = 2 * k * SPAN;
        int temp = MIXTURE_SCRATCH_ROWS * k * SPAN;
        expRowsAndSum(head, h, hs, k, count, rows, pi, SPAN, rows, temp, nllOut, at);
        mixtureLogWeights(head, h, hs, k, l, count, nllOut, at, dHead, d, ds, rows, pi, temp);
        switch (kind) {
            case ISOTROPIC -> {
                mixtureInverseSigma(head, h, hs, k, l, count, logSigmaFloor, rows, inverseSigma);
                mixtureLogJoints(head, h, hs, k, l, count, target, t, ts, logSigmaFloor, rows, inverseSigma,
                        dHead, d, ds);
                mixtureNormalise(k, l, count, scale, dHead, d, ds, nllOut, at, rows, pi, joint, temp);
                mixtureComponentGradient(head, h, hs, k, l, count, target, t, ts, logSigmaFloor, scale, rows,
                        inverseSigma, dHead, d, ds);
            }
            case DIAGONAL -> {
                expOfRows(head, h, hs, k + k * l, k * l, count, logSigmaFloor, true, dHead, d, ds);
                diagonalLogJoints(head, h, hs, k, l, count, target, t, ts, logSigmaFloor, dHead, d, ds);
                mixtureNormalise(k, l, count, scale, dHead, d, ds, nllOut, at, rows, pi, joint, temp);
                diagonalComponentGradient(head, h, hs, k, l, count, target, t, ts, logSigmaFloor, scale, dHead, d,
                        ds);
            }
            default -> fullSpan(head, h, hs, k, l, count, target, t, ts, -logSigmaFloor, scale, dHead, d, ds,
                    nllOut, at, rows, pi, joint, temp);
        }
    }

    /** The full head's passes after log π for one span; {@code ceiling} caps U's log-diagonal. */
    private static void fullSpan(float[] head, int h, int hs, int k, int l, int count, float[] target, int t, int ts,
                                 float ceiling, float scale, float[] dHead, int d, int ds, float[] nll, int at,
                                 float[] rows, int pi, int joint, int temp) {
        int width = l * (l + 1) / 2;
        for (int c = 0; c < k; c++) {
            expOfRows(head, h, hs, k + k * l + c * width, l, count, ceiling, false, dHead, d, ds);
        }
        fullLogJoints(head, h, hs, k, l, count, target, t, ts, ceiling, dHead, d, ds);
        mixtureNormalise(k, l, count, scale, dHead, d, ds, nll, at, rows, pi, joint, temp);
        for (int c = 0; c < k; c++) {
            int u = k + k * l + c * width;
            int mean = k + c * l;
            fullComponentGradient(head, h + u * hs, h + mean * hs, hs, target, t, ts, l, count, ceiling, scale,
                    dHead, d + u * ds, d + mean * ds, ds);
        }
    }

    /**
     * The passes every head shares once the log joints c_k sit in dHead's logit rows (and π_k in the
     * scratch rows at {@code pi}): the NLL into {@code nll}, then scale·(π_k − γ_k) into the logit
     * rows and γ_k into the first mean rows. Each pass is its own method with one exp or log;
     * nothing vector-typed crosses between them.
     */
    private static void mixtureNormalise(int k, int l, int count, float scale, float[] dHead, int d, int ds,
                                         float[] nll, int at, float[] rows, int pi, int joint, int temp) {
        expRowsAndSum(dHead, d, ds, k, count, rows, joint, SPAN, rows, temp, nll, at);
        mixtureResponsibilities(k, l, count, scale, dHead, d, ds, nll, at, rows, pi, joint, temp);
    }

    /**
     * For {@code rows} head rows from {@code first}: {@code exp(−max(a, bound))} when {@code negate}
     * (1/σ from a floored log σ), else {@code exp(min(a, bound))} (U_ii from a capped log-diagonal),
     * into the same rows of dHead.
     */
    private static void expOfRows(float[] head, int h, int hs, int first, int rows, int count, float bound,
                                  boolean negate, float[] dHead, int d, int ds) {
        for (int r = first; r < first + rows; r++) {
            for (int n = 0; n < count; n += LANES) {
                FloatVector a = FloatVector.fromArray(S, head, h + r * hs + n);
                VectorMath.exp(negate ? VectorMath.atLeast(a, bound).neg() : VectorMath.atMost(a, bound))
                        .intoArray(dHead, d + r * ds + n);
            }
        }
    }

    /** c_k = log π_k − ½Σ_d z_kd² − Σ_d log σ_kd − (L/2)·log 2π into the logit rows, 1/σ_kd taken from dHead. */
    private static void diagonalLogJoints(float[] head, int h0, int hs, int k, int l, int count, float[] target,
                                          int t0, int ts, float logSigmaFloor, float[] dHead, int d0, int ds) {
        int sigmaRow = k + k * l;
        float norm = l * ScalarKernels.HALF_LOG_2PI;
        for (int n = 0; n < count; n += LANES) {
            int h = h0 + n;
            int t = t0 + n;
            int d = d0 + n;
            for (int c = 0; c < k; c++) {
                FloatVector q = FloatVector.zero(S);
                FloatVector logDet = FloatVector.zero(S);
                for (int j = 0; j < l; j++) {
                    int row = sigmaRow + c * l + j;
                    FloatVector z = FloatVector.fromArray(S, target, t + j * ts)
                            .sub(FloatVector.fromArray(S, head, h + (k + c * l + j) * hs))
                            .mul(FloatVector.fromArray(S, dHead, d + row * ds));
                    q = z.fma(z, q);
                    logDet = logDet.add(FloatVector.fromArray(S, head, h + row * hs).max(logSigmaFloor));
                }
                FloatVector.fromArray(S, dHead, d + (k + c * l) * ds).sub(q.mul(0.5f)).sub(logDet).sub(norm)
                        .intoArray(dHead, d + c * ds);
            }
        }
    }

    /** ∂/∂μ_kj = −scale·γ_k·z_kj/σ_kj and ∂/∂log σ_kj = scale·γ_k·(1 − z_kj²), zero where σ is clamped. */
    private static void diagonalComponentGradient(float[] head, int h0, int hs, int k, int l, int count,
                                                  float[] target, int t0, int ts, float logSigmaFloor, float scale,
                                                  float[] dHead, int d0, int ds) {
        int sigmaRow = k + k * l;
        for (int n = 0; n < count; n += LANES) {
            int h = h0 + n;
            int t = t0 + n;
            int d = d0 + n;
            for (int c = 0; c < k; c++) {
                FloatVector g = FloatVector.fromArray(S, dHead, d + (k + c * l) * ds).mul(scale);
                for (int j = 0; j < l; j++) {
                    int row = sigmaRow + c * l + j;
                    int mean = k + c * l + j;
                    FloatVector invSigma = FloatVector.fromArray(S, dHead, d + row * ds);
                    FloatVector z = FloatVector.fromArray(S, target, t + j * ts)
                            .sub(FloatVector.fromArray(S, head, h + mean * hs)).mul(invSigma);
                    g.neg().mul(z).mul(invSigma).intoArray(dHead, d + mean * ds);
                    g.mul(z.neg().fma(z, FloatVector.broadcast(S, 1f)))
                            .blend(0f, FloatVector.fromArray(S, head, h + row * hs).compare(VectorOperators.LE,
                                    logSigmaFloor))
                            .intoArray(dHead, d + row * ds);
                }
            }
        }
    }

    /** c_k = log π_k − ½|r|² + Σ_i min(b_i, ceiling) − (L/2)·log 2π into the logit rows, r = U(t − μ_k). */
    private static void fullLogJoints(float[] head, int h0, int hs, int k, int l, int count, float[] target, int t0,
                                      int ts, float ceiling, float[] dHead, int d0, int ds) {
        int width = l * (l + 1) / 2;
        float norm = l * ScalarKernels.HALF_LOG_2PI;
        for (int n = 0; n < count; n += LANES) {
            int h = h0 + n;
            int t = t0 + n;
            int d = d0 + n;
            for (int c = 0; c < k; c++) {
                int u = k + k * l + c * width;
                int mean = h + (k + c * l) * hs;
                FloatVector q = FloatVector.zero(S);
                FloatVector logDet = FloatVector.zero(S);
                for (int i = 0; i < l; i++) {
                    logDet = logDet.add(FloatVector.fromArray(S, head, h + (u + i) * hs).min(ceiling));
                    FloatVector r = VectorMath.residual(head, h + u * hs, mean, hs, target, t, ts, l, i,
                            FloatVector.fromArray(S, dHead, d + (u + i) * ds));
                    q = r.fma(r, q);
                }
                FloatVector.fromArray(S, dHead, d + (k + c * l) * ds).sub(q.mul(0.5f)).add(logDet).sub(norm)
                        .intoArray(dHead, d + c * ds);
            }
        }
    }


    /**
     * One component's gradient (see {@link ScalarKernels#mixtureNllFull}): with g = scale·γ,
     * ∂/∂U_ij = g r_i e_j, ∂/∂b_i = g (r_i e_i U_ii − 1) (zero where capped), ∂/∂μ_j = −g (Uᵀr)_j.
     * γ is read from the first mean row before the residuals r_i are parked in the mean rows; the
     * mean gradients replace them from the last dimension down, since (Uᵀr)_j needs only r_0..r_j.
     */
    private static void fullComponentGradient(float[] head, int u0, int mean0, int hs, float[] target, int t0, int ts,
                                              int l, int count, float ceiling, float scale, float[] dHead, int du0,
                                              int dMean0, int ds) {
        for (int n = 0; n < count; n += LANES) {
            int u = u0 + n;
            int mean = mean0 + n;
            int t = t0 + n;
            int du = du0 + n;
            int dMean = dMean0 + n;
            FloatVector g = FloatVector.fromArray(S, dHead, dMean).mul(scale);
            for (int i = 0; i < l; i++) {
                VectorMath.residual(head, u, mean, hs, target, t, ts, l, i, FloatVector.fromArray(S, dHead, du + i * ds))
                        .intoArray(dHead, dMean + i * ds);
            }
            for (int i = 0; i < l; i++) {
                FloatVector gr = g.mul(FloatVector.fromArray(S, dHead, dMean + i * ds));
                for (int j = i + 1; j < l; j++) {
                    FloatVector e = FloatVector.fromArray(S, target, t + j * ts)
                            .sub(FloatVector.fromArray(S, head, mean + j * hs));
                    gr.mul(e).intoArray(dHead, du + (l + ScalarKernels.upperIndex(i, j, l)) * ds);
                }
            }
            for (int j = l - 1; j >= 0; j--) {
                FloatVector ujj = FloatVector.fromArray(S, dHead, du + j * ds);
                FloatVector rj = FloatVector.fromArray(S, dHead, dMean + j * ds);
                FloatVector utr = ujj.mul(rj);
                for (int i = 0; i < j; i++) {
                    utr = FloatVector.fromArray(S, head, u + (l + ScalarKernels.upperIndex(i, j, l)) * hs)
                            .fma(FloatVector.fromArray(S, dHead, dMean + i * ds), utr);
                }
                FloatVector ej = FloatVector.fromArray(S, target, t + j * ts)
                        .sub(FloatVector.fromArray(S, head, mean + j * hs));
                g.mul(rj.mul(ej).fma(ujj, FloatVector.broadcast(S, -1f)))
                        .blend(0f, FloatVector.fromArray(S, head, u + j * hs).compare(VectorOperators.GE, ceiling))
                        .intoArray(dHead, du + j * ds);
                g.neg().mul(utr).intoArray(dHead, dMean + j * ds);
            }
        }
    }


    /**
     * {@code e_r = exp(x_r − max_r x_r)} into {@code rows[first + r·rowStep]} and
     * {@code sums[sumAt..] = Σ_r e_r}, for the {@code count} samples (whole blocks) from {@code at}:
     * softmax's numerators, and the mixture loss's π and γ before they are divided. The row maxima
     * go to {@code maxima[maxAt..]}, where the next pass reads them; {@code maxima} may be
     * {@code sums} itself (at {@code sumAt}) for a caller that does not need them, but no row of
     * x or of {@code rows}. Row r of x is read before row r of {@code rows} is written, so
     * {@code rows} may be x itself.
     */
    private static void expRowsAndSum(float[] x, int at, int stride, int k, int count, float[] rows, int first,
                                      int rowStep, float[] maxima, int maxAt, float[] sums, int sumAt) {
        // rows outside, samples inside (see mixtureLogJoints); each lane's operations and their
        // order as before
        for (int n = 0; n < count; n += LANES) {
            VectorMath.maxRows(x, at + n, stride, k).intoArray(maxima, maxAt + n);
        }
        for (int r = 0; r < k; r++) {
            int xr = at + r * stride;
            int er = first + r * rowStep;
            for (int n = 0; n < count; n += LANES) {
                VectorMath.exp(FloatVector.fromArray(S, x, xr + n).sub(FloatVector.fromArray(S, maxima, maxAt + n)))
                        .intoArray(rows, er + n);
            }
        }
        for (int n = 0; n < count; n += LANES) {
            FloatVector sum = FloatVector.zero(S);
            for (int r = 0; r < k; r++) {
                sum = sum.add(FloatVector.fromArray(S, rows, first + r * rowStep + n));
            }
            sum.intoArray(sums, sumAt + n);
        }
    }

    /**
     * log π_k = (a_k − max) − log Σ exp(a − max) into component k's first mean row, the max taken
     * from the temp row at {@code temp} and the sum from {@code sums} (both left by
     * expRowsAndSum), and π_k = e^{a_k − max} / Σ in place in the scratch rows at {@code pi}. Max and
     * log-sum stay apart: {@code max + log(sum)} would be rounded at the logits' magnitude (see
     * {@link ScalarKernels#sumExpColumn}).
     */
    private static void mixtureLogWeights(float[] head, int h, int hs, int k, int l, int count, float[] sums, int at,
                                          float[] dHead, int d, int ds, float[] rows, int pi, int temp) {
        // per block: log Σ into the second temp row (the first holds the maxima expRowsAndSum
        // left), 1/Σ over Σ (not read again)
        int maxAt = temp;
        int logSumAt = temp + SPAN;
        for (int n = 0; n < count; n += LANES) {
            FloatVector sum = FloatVector.fromArray(S, sums, at + n);
            VectorMath.log(sum).intoArray(rows, logSumAt + n);
            FloatVector.broadcast(S, 1f).div(sum).intoArray(sums, at + n);
        }
        for (int c = 0; c < k; c++) {
            int logitAt = h + c * hs;
            int logPiAt = d + (k + c * l) * ds;
            int piAt = pi + c * SPAN;
            for (int n = 0; n < count; n += LANES) {
                FloatVector.fromArray(S, head, logitAt + n).sub(FloatVector.fromArray(S, rows, maxAt + n))
                        .sub(FloatVector.fromArray(S, rows, logSumAt + n)).intoArray(dHead, logPiAt + n);
                FloatVector.fromArray(S, rows, piAt + n).mul(FloatVector.fromArray(S, sums, at + n))
                        .intoArray(rows, piAt + n);
            }
        }
    }

    /** 1/σ_k = exp(−max(log σ_k, floor)) into the scratch rows at {@code inv}. */
    private static void mixtureInverseSigma(float[] head, int h, int hs, int k, int l, int count, float logSigmaFloor,
                                            float[] rows, int inv) {
        int sigmaRow = k + k * l;
        for (int c = 0; c < k; c++) {
            for (int n = 0; n < count; n += LANES) {
                FloatVector logSigma = FloatVector.fromArray(S, head, h + (sigmaRow + c) * hs + n);
                VectorMath.exp(VectorMath.atLeast(logSigma, logSigmaFloor).neg())
                        .intoArray(rows, inv + c * SPAN + n);
            }
        }
    }

    /**
     * c_k = log π_k − q_k/2 − L·log σ_k − (L/2)·log 2π into the logit rows, and q_k (the squared
     * distance) into the log σ rows; 1/σ_k from the scratch rows at {@code inv}.
     */
    private static void mixtureLogJoints(float[] head, int h0, int hs, int k, int l, int count, float[] target,
                                         int t0, int ts, float logSigmaFloor, float[] rows, int inv, float[] dHead,
                                         int d0, int ds) {
        int sigmaRow = k + k * l;
        float norm = l * ScalarKernels.HALF_LOG_2PI;
        // Components outside, samples inside: each row's offset is computed once per component and
        // the inner loop's indices step with n alone, which C2 range-checks once per loop rather
        // than once per load. Every (component, block) is computed as before, so the same bits.
        for (int c = 0; c < k; c++) {
            int logSigmaAt = h0 + (sigmaRow + c) * hs;
            int invAt = inv + c * SPAN;
            int meanAt = h0 + (k + c * l) * hs;
            int logPiAt = d0 + (k + c * l) * ds;
            int jointAt = d0 + c * ds;
            int qAt = d0 + (sigmaRow + c) * ds;
            for (int n = 0; n < count; n += LANES) {
                FloatVector logSigma = VectorMath.atLeast(FloatVector.fromArray(S, head, logSigmaAt + n),
                        logSigmaFloor);
                FloatVector invSigma = FloatVector.fromArray(S, rows, invAt + n);
                FloatVector q = FloatVector.zero(S);
                for (int j = 0; j < l; j++) {
                    FloatVector z = FloatVector.fromArray(S, target, t0 + j * ts + n)
                            .sub(FloatVector.fromArray(S, head, meanAt + j * hs + n)).mul(invSigma);
                    q = z.fma(z, q);
                }
                FloatVector.fromArray(S, dHead, logPiAt + n).sub(q.mul(0.5f)).sub(logSigma.mul((float) l))
                        .sub(norm).intoArray(dHead, jointAt + n);
                q.intoArray(dHead, qAt + n);
            }
        }
    }

    /**
     * NLL = −(max_k c_k + log Σ_k e^{c_k − max}), the max taken from the temp row at {@code temp}
     * and the sum from {@code nll} (both left by expRowsAndSum), the sum replaced by the NLL;
     * γ_k = e^{c_k − max} / Σ from the scratch rows at {@code joint}; then the logit rows get
     * {@code scale·(π_k − γ_k)} (π_k from the scratch rows at {@code pi}) and the first mean rows γ_k.
     */
    private static void mixtureResponsibilities(int k, int l, int count, float scale, float[] dHead, int d0, int ds,
                                                float[] nll, int at, float[] rows, int pi, int joint, int temp) {
        // per block: the NLL over Σ (the maxima from expRowsAndSum's first temp row) and 1/Σ into the
        // second; then component by component
        int maxAt = temp;
        int inverseAt = temp + SPAN;
        for (int n = 0; n < count; n += LANES) {
            FloatVector max = FloatVector.fromArray(S, rows, maxAt + n);
            FloatVector sum = FloatVector.fromArray(S, nll, at + n);
            max.add(VectorMath.log(sum)).neg().intoArray(nll, at + n);
            FloatVector.broadcast(S, 1f).div(sum).intoArray(rows, inverseAt + n);
        }
        for (int c = 0; c < k; c++) {
            int jointAt = joint + c * SPAN;
            int piAt = pi + c * SPAN;
            int logitAt = d0 + c * ds;
            int gammaAt = d0 + (k + c * l) * ds;
            for (int n = 0; n < count; n += LANES) {
                FloatVector gamma = FloatVector.fromArray(S, rows, jointAt + n)
                        .mul(FloatVector.fromArray(S, rows, inverseAt + n));
                FloatVector.fromArray(S, rows, piAt + n).sub(gamma).mul(scale).intoArray(dHead, logitAt + n);
                gamma.intoArray(dHead, gammaAt + n);
            }
        }
    }

    /** ∂/∂μ_kj = −scale·γ_k·z_kj/σ_k and ∂/∂log σ_k = scale·γ_k·(L − q_k), zero where σ is clamped. */
    private static void mixtureComponentGradient(float[] head, int h0, int hs, int k, int l, int count,
                                                 float[] target, int t0, int ts, float logSigmaFloor, float scale,
                                                 float[] rows, int inv, float[] dHead, int d0, int ds) {
        int sigmaRow = k + k * l;
        // Components outside, samples inside, as in mixtureLogJoints. γ_k sits in the first mean
        // row, which the μ gradient overwrites: the σ gradient is taken first, then the mean rows
        // from the last dimension down, the first last.
        for (int c = 0; c < k; c++) {
            int rawAt = h0 + (sigmaRow + c) * hs;
            int invAt = inv + c * SPAN;
            int gammaAt = d0 + (k + c * l) * ds;
            int sigmaAt = d0 + (sigmaRow + c) * ds;
            for (int n = 0; n < count; n += LANES) {
                FloatVector gamma = FloatVector.fromArray(S, dHead, gammaAt + n);
                FloatVector q = FloatVector.fromArray(S, dHead, sigmaAt + n);
                gamma.mul(scale).mul(q.neg().add((float) l))
                        .blend(0f, FloatVector.fromArray(S, head, rawAt + n).compare(VectorOperators.LE, logSigmaFloor))
                        .intoArray(dHead, sigmaAt + n);
            }
            for (int j = l - 1; j >= 0; j--) {
                int targetAt = t0 + j * ts;
                int meanAt = h0 + (k + c * l + j) * hs;
                int dMeanAt = d0 + (k + c * l + j) * ds;
                for (int n = 0; n < count; n += LANES) {
                    FloatVector invSigma = FloatVector.fromArray(S, rows, invAt + n);
                    FloatVector gs = FloatVector.fromArray(S, dHead, gammaAt + n).mul(invSigma).mul(-scale);
                    FloatVector z = FloatVector.fromArray(S, target, targetAt + n)
                            .sub(FloatVector.fromArray(S, head, meanAt + n)).mul(invSigma);
                    gs.mul(z).intoArray(dHead, dMeanAt + n);
                }
            }
        }
    }

    @Override
    public float mseLoss(float[] pred, int pOff, int ps, float[] target, int tOff, int ts, int rows, int batch,
                         float scale, float[] grad, int gOff, int gs) {
        float[] sc = SCRATCH.get();
        int main = batch - batch % LANES;
        FloatVector acc = FloatVector.zero(S);
        float twoScale = 2f * scale;
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < main; n += LANES) {
                FloatVector e = FloatVector.fromArray(S, pred, pOff + r * ps + n)
                        .sub(FloatVector.fromArray(S, target, tOff + r * ts + n));
                acc = VectorMath.mulAdd(e, e, acc);
                e.mul(twoScale).intoArray(grad, gOff + r * gs + n);
            }
        }
        float sum = VectorMath.sumLanes(acc, sc);
        if (main < batch) {
            sum += ScalarKernels.mseLoss(pred, pOff + main, ps, target, tOff + main, ts, rows, batch - main, scale,
                    grad, gOff + main, gs);
        }
        return sum;
    }


    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, int off, int n, float lr, float beta1,
                     float beta2, float eps, float bc1, float bc2) {
        int main = n - n % LANES;
        float stepSize = lr / bc1;
        float invSqrtBc2 = 1f / (float) Math.sqrt(bc2);
        float oneMinusB1 = 1f - beta1;
        float oneMinusB2 = 1f - beta2;
        for (int i = off; i < off + main; i += LANES) {
            FloatVector gi = FloatVector.fromArray(S, g, i);
            FloatVector mi = VectorMath.flushSubnormal(FloatVector.fromArray(S, m, i).mul(beta1).add(gi.mul(oneMinusB1)));
            FloatVector vi = VectorMath.flushSubnormal(FloatVector.fromArray(S, v, i).mul(beta2).add(gi.mul(gi).mul(oneMinusB2)));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector denom = vi.lanewise(VectorOperators.SQRT).mul(invSqrtBc2).add(eps);
            FloatVector.fromArray(S, p, i).sub(mi.mul(stepSize).div(denom)).intoArray(p, i);
        }
        if (main < n) {
            ScalarKernels.adam(p, g, m, v, off + main, n - main, lr, beta1, beta2, eps, bc1, bc2);
        }
    }
}
