package org.mdn4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} written with the Java Vector API.
 *
 * <p>Activations are feature-major (see {@link Kernels}), so every kernel runs its lanes across
 * samples: a vector holds one feature of {@code LANES} consecutive samples. Each kernel has a
 * vector main loop and hands the last {@code batch mod LANES} samples to its scalar twin in
 * {@link ScalarKernels} by shifting the offsets, so the tail is, by construction, the reference.
 *
 * <p>Load this class only after {@link KernelSelector} has checked that
 * {@code jdk.incubator.vector} is readable: it is the one place that touches the Vector API.
 */
public final class SimdBackend implements Kernels {

    /** The species, fixed at class initialisation so C2 sees a constant (see {@link SimdSpecies}). */
    private static final VectorSpecies<Float> S = SimdSpecies.SPECIES;
    private static final int LANES = S.length();
    /** The FMA policy, one switch (property {@code mdn4j.fma}, default on). */
    private static final boolean FMA = !"false".equals(System.getProperty("mdn4j.fma"));

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
                + (FMA ? "on" : "off");
    }

    /** Lanes per vector of the species in use. */
    public static int lanes() {
        return LANES;
    }

    private static FloatVector mulAdd(FloatVector a, FloatVector b, FloatVector acc) {
        return FMA ? a.fma(b, acc) : a.mul(b).add(acc);
    }

    private static FloatVector exp(FloatVector x) {
        return x.lanewise(VectorOperators.EXP);
    }

    private static FloatVector log(FloatVector x) {
        return x.lanewise(VectorOperators.LOG);
    }

    /*
     * Activations run as separate row-wise loops, one small method per activation, rather than
     * inside the matmul's register block: C2 inlines the Vector API's transcendental operations
     * only into small methods, and a vector that crosses a call it did not inline is boxed on the
     * heap. Each 4-row block is activated right after it is computed, while it is still in L1.
     */

    /** Applies activation {@code act} in place to {@code rows} rows of {@code count} samples. */
    static void activateRows(float[] a, int off, int stride, int rows, int count, int act) {
        switch (act) {
            case Activation.CODE_RELU -> reluRows(a, off, stride, rows, count);
            case Activation.CODE_SIGMOID -> sigmoidRows(a, off, stride, rows, count);
            case Activation.CODE_SOFTPLUS -> softplusRows(a, off, stride, rows, count);
            case Activation.CODE_TANH -> tanhRows(a, off, stride, rows, count);
            default -> { }
        }
    }

    private static void reluRows(float[] a, int off, int stride, int rows, int count) {
        for (int r = 0; r < rows; r++) {
            for (int n = off + r * stride, end = n + count; n < end; n += LANES) {
                FloatVector.fromArray(S, a, n).max(0f).intoArray(a, n);
            }
        }
    }

    private static void sigmoidRows(float[] a, int off, int stride, int rows, int count) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int r = 0; r < rows; r++) {
            for (int n = off + r * stride, end = n + count; n < end; n += LANES) {
                one.div(exp(FloatVector.fromArray(S, a, n).neg()).add(1f)).intoArray(a, n);
            }
        }
    }

    private static void softplusRows(float[] a, int off, int stride, int rows, int count) {
        for (int r = 0; r < rows; r++) {
            for (int n = off + r * stride, end = n + count; n < end; n += LANES) {
                FloatVector x = FloatVector.fromArray(S, a, n);
                // max(x, 0) + log1p(exp(-|x|)): no overflow for large x, no underflow for small x.
                x.max(0f).add(exp(x.abs().neg()).lanewise(VectorOperators.LOG1P)).intoArray(a, n);
            }
        }
    }

    private static void tanhRows(float[] a, int off, int stride, int rows, int count) {
        for (int r = 0; r < rows; r++) {
            for (int n = off + r * stride, end = n + count; n < end; n += LANES) {
                FloatVector.fromArray(S, a, n).lanewise(VectorOperators.TANH).intoArray(a, n);
            }
        }
    }

    /** {@code dOut *= act'(x)} in place, the derivative taken from the output {@code y}. */
    static void backpropRows(float[] y, int yOff, float[] d, int dOff, int stride, int rows, int count, int act) {
        switch (act) {
            case Activation.CODE_RELU -> reluBackprop(y, yOff, d, dOff, stride, rows, count);
            case Activation.CODE_SIGMOID -> sigmoidBackprop(y, yOff, d, dOff, stride, rows, count);
            case Activation.CODE_SOFTPLUS -> softplusBackprop(y, yOff, d, dOff, stride, rows, count);
            case Activation.CODE_TANH -> tanhBackprop(y, yOff, d, dOff, stride, rows, count);
            default -> { }
        }
    }

    private static void reluBackprop(float[] y, int yOff, float[] d, int dOff, int stride, int rows, int count) {
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < count; n += LANES) {
                int yi = yOff + r * stride + n;
                int di = dOff + r * stride + n;
                FloatVector.fromArray(S, d, di)
                        .blend(0f, FloatVector.fromArray(S, y, yi).compare(VectorOperators.LE, 0f))
                        .intoArray(d, di);
            }
        }
    }

    private static void sigmoidBackprop(float[] y, int yOff, float[] d, int dOff, int stride, int rows, int count) {
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < count; n += LANES) {
                int yi = yOff + r * stride + n;
                int di = dOff + r * stride + n;
                FloatVector v = FloatVector.fromArray(S, y, yi);
                FloatVector.fromArray(S, d, di).mul(v.mul(v.neg().add(1f))).intoArray(d, di);
            }
        }
    }

    private static void softplusBackprop(float[] y, int yOff, float[] d, int dOff, int stride, int rows, int count) {
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < count; n += LANES) {
                int yi = yOff + r * stride + n;
                int di = dOff + r * stride + n;
                // softplus'(x) = sigmoid(x) = 1 - exp(-softplus(x)) = -expm1(-y)
                FloatVector s = FloatVector.fromArray(S, y, yi).neg().lanewise(VectorOperators.EXPM1).neg();
                FloatVector.fromArray(S, d, di).mul(s).intoArray(d, di);
            }
        }
    }

    private static void tanhBackprop(float[] y, int yOff, float[] d, int dOff, int stride, int rows, int count) {
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < count; n += LANES) {
                int yi = yOff + r * stride + n;
                int di = dOff + r * stride + n;
                FloatVector v = FloatVector.fromArray(S, y, yi);
                FloatVector.fromArray(S, d, di).mul(v.mul(v).neg().add(1f)).intoArray(d, di);
            }
        }
    }

    @Override
    public void denseForward(float[] in, int inOff, int inStride, int inDim, int batch, float[] w, int wOff,
                             float[] b, int bOff, int outDim, int activation, float[] out, int outOff, int outStride) {
        int main = batch - batch % LANES;
        matmul(w, wOff, inDim, 1, outDim, inDim, in, inOff, inStride, main, b, bOff, activation,
                out, outOff, outStride);
        if (main < batch) {
            ScalarKernels.denseForward(in, inOff + main, inStride, inDim, batch - main, w, wOff, b, bOff, outDim,
                    activation, out, outOff + main, outStride);
        }
    }

    /**
     * {@code out[r][n] = act(bias[r] + Σ_c A(r, c) · x[c][n])} for {@code n < batch} (a multiple
     * of LANES), where {@code A(r, c) = w[wOff + r·rowStep + c·colStep]}: the forward pass uses
     * W as stored, the backward pass's input gradient uses Wᵀ by swapping the steps.
     *
     * <p>Register block: 4 output rows × 2 vectors of samples = 8 accumulators, plus 2 input
     * vectors and the broadcast weights, within AVX2's 16 registers; each input vector loaded
     * is used by 4 FMAs.
     */
    private static void matmul(float[] w, int wOff, int rowStep, int colStep, int rows, int cols,
                               float[] x, int xOff, int xStride, int batch,
                               float[] bias, int bOff, int act, float[] out, int outOff, int outStride) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int w0 = wOff + r * rowStep;
            int w1 = w0 + rowStep;
            int w2 = w1 + rowStep;
            int w3 = w2 + rowStep;
            float b0 = bias == null ? 0f : bias[bOff + r];
            float b1 = bias == null ? 0f : bias[bOff + r + 1];
            float b2 = bias == null ? 0f : bias[bOff + r + 2];
            float b3 = bias == null ? 0f : bias[bOff + r + 3];
            int o0 = outOff + r * outStride;
            int o1 = o0 + outStride;
            int o2 = o1 + outStride;
            int o3 = o2 + outStride;
            int n = 0;
            for (; n + 2 * LANES <= batch; n += 2 * LANES) {
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
                    a00 = mulAdd(x0, v0, a00);
                    a01 = mulAdd(x1, v0, a01);
                    FloatVector v1 = FloatVector.broadcast(S, w[w1 + cw]);
                    a10 = mulAdd(x0, v1, a10);
                    a11 = mulAdd(x1, v1, a11);
                    FloatVector v2 = FloatVector.broadcast(S, w[w2 + cw]);
                    a20 = mulAdd(x0, v2, a20);
                    a21 = mulAdd(x1, v2, a21);
                    FloatVector v3 = FloatVector.broadcast(S, w[w3 + cw]);
                    a30 = mulAdd(x0, v3, a30);
                    a31 = mulAdd(x1, v3, a31);
                }
                a00.intoArray(out, o0 + n);
                a01.intoArray(out, o0 + n + LANES);
                a10.intoArray(out, o1 + n);
                a11.intoArray(out, o1 + n + LANES);
                a20.intoArray(out, o2 + n);
                a21.intoArray(out, o2 + n + LANES);
                a30.intoArray(out, o3 + n);
                a31.intoArray(out, o3 + n + LANES);
            }
            for (; n < batch; n += LANES) {
                FloatVector a0 = FloatVector.broadcast(S, b0);
                FloatVector a1 = FloatVector.broadcast(S, b1);
                FloatVector a2 = FloatVector.broadcast(S, b2);
                FloatVector a3 = FloatVector.broadcast(S, b3);
                for (int c = 0; c < cols; c++) {
                    FloatVector x0 = FloatVector.fromArray(S, x, xOff + c * xStride + n);
                    int cw = c * colStep;
                    a0 = mulAdd(x0, FloatVector.broadcast(S, w[w0 + cw]), a0);
                    a1 = mulAdd(x0, FloatVector.broadcast(S, w[w1 + cw]), a1);
                    a2 = mulAdd(x0, FloatVector.broadcast(S, w[w2 + cw]), a2);
                    a3 = mulAdd(x0, FloatVector.broadcast(S, w[w3 + cw]), a3);
                }
                a0.intoArray(out, o0 + n);
                a1.intoArray(out, o1 + n);
                a2.intoArray(out, o2 + n);
                a3.intoArray(out, o3 + n);
            }
            activateRows(out, o0, outStride, 4, batch, act);
        }
        for (; r < rows; r++) {
            int w0 = wOff + r * rowStep;
            float b0 = bias == null ? 0f : bias[bOff + r];
            int o0 = outOff + r * outStride;
            for (int n = 0; n < batch; n += LANES) {
                FloatVector a0 = FloatVector.broadcast(S, b0);
                for (int c = 0; c < cols; c++) {
                    a0 = mulAdd(FloatVector.fromArray(S, x, xOff + c * xStride + n),
                            FloatVector.broadcast(S, w[w0 + c * colStep]), a0);
                }
                a0.intoArray(out, o0 + n);
            }
            activateRows(out, o0, outStride, 1, batch, act);
        }
    }

    @Override
    public void denseBackward(float[] in, int inOff, int inStride, int inDim, int batch, float[] w, int wOff,
                              int outDim, int activation, float[] out, int outOff, float[] dOut, int dOutOff,
                              int outStride, float[] dW, int dWOff, float[] dB, int dBOff,
                              float[] dIn, int dInOff, int dInStride) {
        int main = batch - batch % LANES;
        // 1. dPre = dOut · act'(out), in place.
        if (activation != Activation.CODE_IDENTITY) {
            backpropRows(out, outOff, dOut, dOutOff, outStride, outDim, main, activation);
            for (int j = 0; j < outDim; j++) {
                int row = j * outStride;
                for (int n = main; n < batch; n++) {
                    dOut[dOutOff + row + n] *= ScalarKernels.derivativeFromOutput(activation, out[outOff + row + n]);
                }
            }
        }
        // 2. dW and db: dot products over the batch; one dPre vector feeds 4 input rows (4 accumulators),
        //    lanes reduced at the end, then the scalar tail added in order.
        for (int j = 0; j < outDim; j++) {
            int g = dOutOff + j * outStride;
            int i = 0;
            for (; i + 4 <= inDim; i += 4) {
                int x0 = inOff + i * inStride;
                int x1 = x0 + inStride;
                int x2 = x1 + inStride;
                int x3 = x2 + inStride;
                FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
                for (int n = 0; n < main; n += LANES) {
                    FloatVector d = FloatVector.fromArray(S, dOut, g + n);
                    c0 = mulAdd(d, FloatVector.fromArray(S, in, x0 + n), c0);
                    c1 = mulAdd(d, FloatVector.fromArray(S, in, x1 + n), c1);
                    c2 = mulAdd(d, FloatVector.fromArray(S, in, x2 + n), c2);
                    c3 = mulAdd(d, FloatVector.fromArray(S, in, x3 + n), c3);
                }
                int wRow = dWOff + j * inDim + i;
                dW[wRow] += c0.reduceLanes(VectorOperators.ADD) + tailDot(dOut, g, in, x0, main, batch);
                dW[wRow + 1] += c1.reduceLanes(VectorOperators.ADD) + tailDot(dOut, g, in, x1, main, batch);
                dW[wRow + 2] += c2.reduceLanes(VectorOperators.ADD) + tailDot(dOut, g, in, x2, main, batch);
                dW[wRow + 3] += c3.reduceLanes(VectorOperators.ADD) + tailDot(dOut, g, in, x3, main, batch);
            }
            for (; i < inDim; i++) {
                int x0 = inOff + i * inStride;
                FloatVector c0 = FloatVector.zero(S);
                for (int n = 0; n < main; n += LANES) {
                    FloatVector d = FloatVector.fromArray(S, dOut, g + n);
                    c0 = mulAdd(d, FloatVector.fromArray(S, in, x0 + n), c0);
                }
                dW[dWOff + j * inDim + i] += c0.reduceLanes(VectorOperators.ADD) + tailDot(dOut, g, in, x0, main, batch);
            }
            FloatVector accB = FloatVector.zero(S);
            for (int n = 0; n < main; n += LANES) {
                accB = accB.add(FloatVector.fromArray(S, dOut, g + n));
            }
            float db = accB.reduceLanes(VectorOperators.ADD);
            for (int n = main; n < batch; n++) {
                db += dOut[g + n];
            }
            dB[dBOff + j] += db;
        }
        // 3. dIn = Wᵀ · dPre: the forward matmul with the weight steps swapped.
        if (dIn != null) {
            matmul(w, wOff, 1, inDim, inDim, outDim, dOut, dOutOff, outStride, main, null, 0,
                    Activation.CODE_IDENTITY, dIn, dInOff, dInStride);
            for (int n = main; n < batch; n++) {
                for (int i = 0; i < inDim; i++) {
                    float acc = 0f;
                    for (int j = 0; j < outDim; j++) {
                        acc += w[wOff + j * inDim + i] * dOut[dOutOff + j * outStride + n];
                    }
                    dIn[dInOff + i * dInStride + n] = acc;
                }
            }
        }
    }

    private static float tailDot(float[] a, int aOff, float[] b, int bOff, int from, int to) {
        float s = 0f;
        for (int n = from; n < to; n++) {
            s += a[aOff + n] * b[bOff + n];
        }
        return s;
    }

    /** The lane-wise max of {@code k} rows at one block of samples. */
    private static FloatVector maxRows(float[] x, int at, int stride, int k) {
        FloatVector max = FloatVector.fromArray(S, x, at);
        for (int r = 1; r < k; r++) {
            max = max.max(FloatVector.fromArray(S, x, at + r * stride));
        }
        return max;
    }

    /** {@code Σ_r exp(x_r − max)}; see {@link ScalarKernels#sumExpColumn} for why max and sum stay apart. */
    private static FloatVector sumExpRows(float[] x, int at, int stride, int k, FloatVector max) {
        FloatVector sum = FloatVector.zero(S);
        for (int r = 0; r < k; r++) {
            sum = sum.add(exp(FloatVector.fromArray(S, x, at + r * stride).sub(max)));
        }
        return sum;
    }

    @Override
    public void softmax(float[] x, int off, int stride, int k, int batch, float[] out, int outOff, int outStride) {
        int main = batch - batch % LANES;
        for (int n = 0; n < main; n += LANES) {
            FloatVector max = maxRows(x, off + n, stride, k);
            FloatVector sum = FloatVector.zero(S);
            for (int r = 0; r < k; r++) {
                FloatVector e = exp(FloatVector.fromArray(S, x, off + r * stride + n).sub(max));
                e.intoArray(out, outOff + r * outStride + n);
                sum = sum.add(e);
            }
            FloatVector inv = FloatVector.broadcast(S, 1f).div(sum);
            for (int r = 0; r < k; r++) {
                int o = outOff + r * outStride + n;
                FloatVector.fromArray(S, out, o).mul(inv).intoArray(out, o);
            }
        }
        if (main < batch) {
            ScalarKernels.softmax(x, off + main, stride, k, batch - main, out, outOff + main, outStride);
        }
    }

    @Override
    public void logSoftmax(float[] x, int off, int stride, int k, int batch, float[] out, int outOff, int outStride) {
        int main = batch - batch % LANES;
        for (int n = 0; n < main; n += LANES) {
            FloatVector max = maxRows(x, off + n, stride, k);
            FloatVector logSum = log(sumExpRows(x, off + n, stride, k, max));
            for (int r = 0; r < k; r++) {
                FloatVector.fromArray(S, x, off + r * stride + n).sub(max).sub(logSum)
                        .intoArray(out, outOff + r * outStride + n);
            }
        }
        if (main < batch) {
            ScalarKernels.logSoftmax(x, off + main, stride, k, batch - main, out, outOff + main, outStride);
        }
    }

    @Override
    public void mixtureNll(float[] head, int headOff, int hs, int k, int l, int batch, float[] target,
                           int tOff, int ts, float logSigmaFloor, float scale, float[] dHead, int dOff,
                           int ds, float[] nllOut, int nllOff) {
        int main = batch - batch % LANES;
        // Two methods per block of LANES samples, each small enough for C2 to inline the Vector
        // API's EXP and LOG (see activateRows); they communicate through dHead and nllOut only.
        for (int n = 0; n < main; n += LANES) {
            mixtureLogJoints(head, headOff + n, hs, k, l, target, tOff + n, ts, logSigmaFloor,
                    dHead, dOff + n, ds, nllOut, nllOff + n);
            mixtureGradient(head, headOff + n, hs, k, l, target, tOff + n, ts, logSigmaFloor, scale,
                    dHead, dOff + n, ds, nllOut, nllOff + n);
        }
        if (main < batch) {
            ScalarKernels.mixtureNll(head, headOff + main, hs, k, l, batch - main, target, tOff + main, ts,
                    logSigmaFloor, scale, dHead, dOff + main, ds, nllOut, nllOff + main);
        }
    }

    /**
     * Pass 1 for one block: each component's log joint {@code c_k = log π_k + log N(t | μ_k, σ_k²I)}
     * into dHead's logit rows, its squared distance {@code q_k} into dHead's log σ rows, and
     * {@code −logsumexp_k c_k} (the NLL) into {@code nll}.
     */
    private static void mixtureLogJoints(float[] head, int h, int hs, int k, int l, float[] target, int t, int ts,
                                         float logSigmaFloor, float[] dHead, int d, int ds, float[] nll, int at) {
        int muRow = k;
        int sigmaRow = k + k * l;
        float norm = l * ScalarKernels.HALF_LOG_2PI;
        FloatVector maxLogit = maxRows(head, h, hs, k);
        FloatVector logSum = log(sumExpRows(head, h, hs, k, maxLogit));
        FloatVector maxC = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int c = 0; c < k; c++) {
            FloatVector logSigma = FloatVector.fromArray(S, head, h + (sigmaRow + c) * hs).max(logSigmaFloor);
            FloatVector invSigma = exp(logSigma.neg());
            FloatVector q = FloatVector.zero(S);
            for (int j = 0; j < l; j++) {
                FloatVector z = FloatVector.fromArray(S, target, t + j * ts)
                        .sub(FloatVector.fromArray(S, head, h + (muRow + c * l + j) * hs)).mul(invSigma);
                q = mulAdd(z, z, q);
            }
            FloatVector logJoint = FloatVector.fromArray(S, head, h + c * hs).sub(maxLogit).sub(logSum)
                    .sub(q.mul(0.5f)).sub(logSigma.mul((float) l)).sub(norm);
            logJoint.intoArray(dHead, d + c * ds);
            q.intoArray(dHead, d + (sigmaRow + c) * ds);
            maxC = maxC.max(logJoint);
        }
        FloatVector sum = FloatVector.zero(S);
        for (int c = 0; c < k; c++) {
            sum = sum.add(exp(FloatVector.fromArray(S, dHead, d + c * ds).sub(maxC)));
        }
        maxC.add(log(sum)).neg().intoArray(nll, at);
    }

    /** Pass 2 for one block: responsibilities γ_k and {@code scale · ∂nll/∂head} into dHead. */
    private static void mixtureGradient(float[] head, int h, int hs, int k, int l, float[] target, int t, int ts,
                                        float logSigmaFloor, float scale, float[] dHead, int d, int ds,
                                        float[] nll, int at) {
        int muRow = k;
        int sigmaRow = k + k * l;
        FloatVector maxLogit = maxRows(head, h, hs, k);
        FloatVector logSum = log(sumExpRows(head, h, hs, k, maxLogit));
        FloatVector lse = FloatVector.fromArray(S, nll, at).neg();
        for (int c = 0; c < k; c++) {
            FloatVector rawLogSigma = FloatVector.fromArray(S, head, h + (sigmaRow + c) * hs);
            FloatVector invSigma = exp(rawLogSigma.max(logSigmaFloor).neg());
            FloatVector gamma = exp(FloatVector.fromArray(S, dHead, d + c * ds).sub(lse));
            FloatVector pi = exp(FloatVector.fromArray(S, head, h + c * hs).sub(maxLogit).sub(logSum));
            FloatVector q = FloatVector.fromArray(S, dHead, d + (sigmaRow + c) * ds);
            pi.sub(gamma).mul(scale).intoArray(dHead, d + c * ds);
            FloatVector gs = gamma.mul(invSigma).mul(-scale);
            for (int j = 0; j < l; j++) {
                FloatVector z = FloatVector.fromArray(S, target, t + j * ts)
                        .sub(FloatVector.fromArray(S, head, h + (muRow + c * l + j) * hs)).mul(invSigma);
                gs.mul(z).intoArray(dHead, d + (muRow + c * l + j) * ds);
            }
            gamma.mul(scale).mul(q.neg().add((float) l))
                    .blend(0f, rawLogSigma.compare(VectorOperators.LE, logSigmaFloor))
                    .intoArray(dHead, d + (sigmaRow + c) * ds);
        }
    }

    @Override
    public float mseLoss(float[] pred, int pOff, int ps, float[] target, int tOff, int ts, int rows, int batch,
                         float scale, float[] grad, int gOff, int gs) {
        int main = batch - batch % LANES;
        FloatVector acc = FloatVector.zero(S);
        float twoScale = 2f * scale;
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < main; n += LANES) {
                FloatVector e = FloatVector.fromArray(S, pred, pOff + r * ps + n)
                        .sub(FloatVector.fromArray(S, target, tOff + r * ts + n));
                acc = mulAdd(e, e, acc);
                e.mul(twoScale).intoArray(grad, gOff + r * gs + n);
            }
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
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
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(gi.mul(oneMinusB1));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(gi.mul(gi).mul(oneMinusB2));
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
