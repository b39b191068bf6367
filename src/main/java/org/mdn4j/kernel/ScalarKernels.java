package org.mdn4j.kernel;

/**
 * The reference kernels: plain loops, one sample at a time.
 *
 * <p>Every method is a public static method over primitive arrays and ints, allocates nothing,
 * throws nothing, does not recurse and touches no object but its arrays: TornadoVM's kernel
 * rules. The outer loop of each data-parallel kernel runs over the batch index, so a TaskGraph
 * could take these methods unchanged (see {@code kernels/README.md}). {@link ScalarBackend}
 * exposes them through the {@link Kernels} interface.
 */
public final class ScalarKernels {

    /** {@code ½·log(2π)}, the Gaussian normaliser per target dimension. */
    public static final float HALF_LOG_2PI = 0.9189385332046727f;

    private ScalarKernels() {
    }

    /** Applies activation {@code act} (an {@link Activation} code) to a pre-activation. */
    public static float activate(int act, float x) {
        if (act == Activation.CODE_RELU) {
            return x > 0f ? x : 0f;
        } else if (act == Activation.CODE_SIGMOID) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        } else if (act == Activation.CODE_SOFTPLUS) {
            // max(x, 0) + log1p(exp(-|x|)): no overflow for large x, no underflow to 0 for small x.
            return (float) (Math.max(x, 0f) + Math.log1p(Math.exp(-Math.abs(x))));
        } else if (act == Activation.CODE_TANH) {
            return (float) Math.tanh(x);
        }
        return x;
    }

    /** The activation's derivative expressed through its output {@code y = act(x)}. */
    public static float derivativeFromOutput(int act, float y) {
        if (act == Activation.CODE_RELU) {
            return y > 0f ? 1f : 0f;
        } else if (act == Activation.CODE_SIGMOID) {
            return y * (1f - y);
        } else if (act == Activation.CODE_SOFTPLUS) {
            // softplus'(x) = sigmoid(x) = 1 - exp(-softplus(x))
            return (float) -Math.expm1(-y);
        } else if (act == Activation.CODE_TANH) {
            return 1f - y * y;
        }
        return 1f;
    }

    public static void denseForward(float[] in, int inOff, int inStride, int inDim, int batch,
                                    float[] w, int wOff, float[] b, int bOff, int outDim, int activation,
                                    float[] out, int outOff, int outStride) {
        for (int n = 0; n < batch; n++) {
            for (int j = 0; j < outDim; j++) {
                float acc = b[bOff + j];
                int wRow = wOff + j * inDim;
                for (int i = 0; i < inDim; i++) {
                    acc += w[wRow + i] * in[inOff + i * inStride + n];
                }
                out[outOff + j * outStride + n] = activate(activation, acc);
            }
        }
    }

    public static void denseBackward(float[] in, int inOff, int inStride, int inDim, int batch,
                                     float[] w, int wOff, int outDim, int activation,
                                     float[] out, int outOff, float[] dOut, int dOutOff, int outStride,
                                     float[] dW, int dWOff, float[] dB, int dBOff,
                                     float[] dIn, int dInOff, int dInStride) {
        for (int j = 0; j < outDim; j++) {
            for (int n = 0; n < batch; n++) {
                int at = j * outStride + n;
                dOut[dOutOff + at] *= derivativeFromOutput(activation, out[outOff + at]);
            }
        }
        for (int j = 0; j < outDim; j++) {
            float db = 0f;
            for (int n = 0; n < batch; n++) {
                db += dOut[dOutOff + j * outStride + n];
            }
            dB[dBOff + j] += db;
            for (int i = 0; i < inDim; i++) {
                float acc = 0f;
                for (int n = 0; n < batch; n++) {
                    acc += dOut[dOutOff + j * outStride + n] * in[inOff + i * inStride + n];
                }
                dW[dWOff + j * inDim + i] += acc;
            }
        }
        if (dIn != null) {
            for (int n = 0; n < batch; n++) {
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

    public static void softmax(float[] x, int off, int stride, int k, int batch,
                               float[] out, int outOff, int outStride) {
        for (int n = 0; n < batch; n++) {
            float max = x[off + n];
            for (int r = 1; r < k; r++) {
                max = Math.max(max, x[off + r * stride + n]);
            }
            float sum = 0f;
            for (int r = 0; r < k; r++) {
                float e = (float) Math.exp(x[off + r * stride + n] - max);
                out[outOff + r * outStride + n] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int r = 0; r < k; r++) {
                out[outOff + r * outStride + n] *= inv;
            }
        }
    }

    public static void logSoftmax(float[] x, int off, int stride, int k, int batch,
                                  float[] out, int outOff, int outStride) {
        for (int n = 0; n < batch; n++) {
            float max = maxColumn(x, off + n, stride, k);
            float logSum = (float) Math.log(sumExpColumn(x, off + n, stride, k, max));
            for (int r = 0; r < k; r++) {
                out[outOff + r * outStride + n] = (x[off + r * stride + n] - max) - logSum;
            }
        }
    }

    /** {@code max_r x[at + r·stride]}. */
    public static float maxColumn(float[] x, int at, int stride, int k) {
        float max = x[at];
        for (int r = 1; r < k; r++) {
            max = Math.max(max, x[at + r * stride]);
        }
        return max;
    }

    /**
     * {@code Σ_r exp(x[at + r·stride] − max)}. Callers keep the max and the log of this sum
     * apart, {@code (x − max) − log(sum)}, rather than forming {@code max + log(sum)}: that sum
     * would be rounded at the logits' magnitude and cost half a float step of it (5e−4 at 1e4).
     */
    public static float sumExpColumn(float[] x, int at, int stride, int k, float max) {
        float sum = 0f;
        for (int r = 0; r < k; r++) {
            sum += (float) Math.exp(x[at + r * stride] - max);
        }
        return sum;
    }

    /**
     * γ = exp(c − lse) from the log joint c in dHead's logit cell, which it replaces with the logit
     * gradient scale·(π − γ), π = exp((logit − maxLogit) − logSum); returns γ.
     */
    public static float weightGradient(float[] head, int logit, float maxLogit, float logSum, float lse, float scale,
                                        float[] dHead, int dLogit) {
        float gamma = (float) Math.exp(dHead[dLogit] - lse);
        float pi = (float) Math.exp((head[logit] - maxLogit) - logSum);
        dHead[dLogit] = scale * (pi - gamma);
        return gamma;
    }

    /** Head kinds of {@link #mixtureLoss}, in {@code nn.Head}'s order (the model file's head byte). */
    public static final int ISOTROPIC = 0;
    public static final int DIAGONAL = 1;
    public static final int FULL = 2;

    /** Isotropic Gaussian mixture NLL and its gradient (see {@code Kernels#mixtureNll}): the scale part holds K log σ. */
    public static void mixtureNll(float[] head, int headOff, int hs, int k, int l, int batch,
                                  float[] target, int tOff, int ts, float logSigmaFloor, float scale,
                                  float[] dHead, int dOff, int ds, float[] nllOut, int nllOff) {
        mixtureLoss(ISOTROPIC, head, headOff, hs, k, l, batch, target, tOff, ts, logSigmaFloor, scale, dHead, dOff,
                ds, nllOut, nllOff);
    }

    /**
     * Diagonal Gaussian mixture NLL and its gradient (see {@code Kernels#mixtureNllDiagonal}): the
     * scale part holds K×L log σ, component-major, each floored at {@code logSigmaFloor} with a
     * zero gradient where clamped, as in {@link #mixtureNll}.
     */
    public static void mixtureNllDiagonal(float[] head, int headOff, int hs, int k, int l, int batch,
                                          float[] target, int tOff, int ts, float logSigmaFloor, float scale,
                                          float[] dHead, int dOff, int ds, float[] nllOut, int nllOff) {
        mixtureLoss(DIAGONAL, head, headOff, hs, k, l, batch, target, tOff, ts, logSigmaFloor, scale, dHead, dOff,
                ds, nllOut, nllOff);
    }

    /**
     * Where the strictly upper entry U_ij (i < j) of an L×L upper-triangular factor sits among the
     * L(L−1)/2 off-diagonal entries stored row by row: U_01, U_02, …, U_12, ….
     */
    public static int upperIndex(int i, int j, int l) {
        return i * l - i * (i + 1) / 2 + (j - i - 1);
    }

    /**
     * Full-covariance Gaussian mixture NLL and its gradient (see {@code Kernels#mixtureNllFull}).
     * Per component the scale part holds the upper-triangular Cholesky factor U of the precision
     * Σ⁻¹ = UᵀU: L entries b_i with U_ii = exp(min(b_i, −logSigmaFloor)), then the strictly upper
     * U_ij row by row. With e = t − μ and r = Ue, log N = Σ_i min(b_i, −log floor) − ½|r|² − (L/2)·log 2π.
     */
    public static void mixtureNllFull(float[] head, int headOff, int hs, int k, int l, int batch,
                                      float[] target, int tOff, int ts, float logSigmaFloor, float scale,
                                      float[] dHead, int dOff, int ds, float[] nllOut, int nllOff) {
        mixtureLoss(FULL, head, headOff, hs, k, l, batch, target, tOff, ts, logSigmaFloor, scale, dHead, dOff,
                ds, nllOut, nllOff);
    }

    /** Scale entries per component of a head kind: 1, L or L(L+1)/2. */
    public static int scaleWidth(int kind, int l) {
        return kind == ISOTROPIC ? 1 : kind == DIAGONAL ? l : l * (l + 1) / 2;
    }

    /**
     * The three heads' loss, one sample at a time: log π by log-softmax; pass 1 puts each
     * component's log joint c_k = log π_k + log N(t | μ_k, Σ_k) in dHead's logit rows
     * ({@link #componentLogJoint}); NLL = −log Σ_k exp c_k; pass 2 turns c_k into γ_k and the logit
     * gradient ({@link #weightGradient}) and writes the component's other gradients
     * ({@link #componentGradient}). The head kind is an int, not an object, under TornadoVM's rules.
     */
    public static void mixtureLoss(int kind, float[] head, int headOff, int hs, int k, int l, int batch,
                                   float[] target, int tOff, int ts, float logSigmaFloor, float scale,
                                   float[] dHead, int dOff, int ds, float[] nllOut, int nllOff) {
        float norm = l * HALF_LOG_2PI;
        for (int n = 0; n < batch; n++) {
            float maxLogit = maxColumn(head, headOff + n, hs, k);
            float logSum = (float) Math.log(sumExpColumn(head, headOff + n, hs, k, maxLogit));
            for (int c = 0; c < k; c++) {
                float logPi = (head[headOff + c * hs + n] - maxLogit) - logSum;
                dHead[dOff + c * ds + n] = componentLogJoint(kind, head, headOff + n, hs, k, l, c, target, tOff + n,
                        ts, logSigmaFloor, logPi, norm, dHead, dOff + n, ds);
            }
            float maxC = maxColumn(dHead, dOff + n, ds, k);
            float lse = maxC + (float) Math.log(sumExpColumn(dHead, dOff + n, ds, k, maxC));
            nllOut[nllOff + n] = -lse;
            for (int c = 0; c < k; c++) {
                float gamma = weightGradient(head, headOff + c * hs + n, maxLogit, logSum, lse, scale, dHead,
                        dOff + c * ds + n);
                componentGradient(kind, head, headOff + n, hs, k, l, c, target, tOff + n, ts, logSigmaFloor,
                        scale * gamma, dHead, dOff + n, ds);
            }
        }
    }

    /**
     * Component c's log joint log π_c + log N(t | μ_c, Σ_c) of one sample (the head and dHead
     * offsets include the sample's column), by head kind. The isotropic head also parks its squared
     * distance q in dHead's log σ row for {@link #componentGradient}, which overwrites it.
     */
    public static float componentLogJoint(int kind, float[] head, int h, int hs, int k, int l, int c,
                                          float[] target, int t, int ts, float logSigmaFloor, float logPi, float norm,
                                          float[] dHead, int d, int ds) {
        int mu = h + (k + c * l) * hs;
        int scaleAt = k + k * l + c * scaleWidth(kind, l);
        if (kind == ISOTROPIC) {
            float logSigma = Math.max(head[h + scaleAt * hs], logSigmaFloor);
            float invSigma = (float) Math.exp(-logSigma);
            float q = 0f;
            for (int i = 0; i < l; i++) {
                float z = (target[t + i * ts] - head[mu + i * hs]) * invSigma;
                q += z * z;
            }
            dHead[d + scaleAt * ds] = q;
            return logPi - 0.5f * q - l * logSigma - norm;
        }
        float q = 0f;
        float logDet = 0f;
        if (kind == DIAGONAL) {
            // Σ_d log σ_d, the log-determinant of the component's standard deviations
            for (int i = 0; i < l; i++) {
                float logSigma = Math.max(head[h + (scaleAt + i) * hs], logSigmaFloor);
                float z = (target[t + i * ts] - head[mu + i * hs]) * (float) Math.exp(-logSigma);
                q += z * z;
                logDet += logSigma;
            }
            return logPi - 0.5f * q - logDet - norm;
        }
        // Σ_i log U_ii, the log-determinant of the precision's factor
        int u = h + scaleAt * hs;
        float ceiling = -logSigmaFloor;
        for (int i = 0; i < l; i++) {
            float b = Math.min(head[u + i * hs], ceiling);
            logDet += b;
            float r = residual(head, u, mu, hs, target, t, ts, l, i, (float) Math.exp(b));
            q += r * r;
        }
        return logPi - 0.5f * q + logDet - norm;
    }

    /**
     * Component c's gradients of −log p but the logit's, with g = scale·γ_c, by head kind: isotropic
     * ∂/∂μ_d = −g z_d/σ, ∂/∂log σ = g (L − q); diagonal ∂/∂μ_d = −g z_d/σ_d, ∂/∂log σ_d = g (1 − z_d²);
     * full {@link #fullComponentGradient}; a clamped log σ (or capped log U_ii) gets zero.
     */
    public static void componentGradient(int kind, float[] head, int h, int hs, int k, int l, int c,
                                         float[] target, int t, int ts, float logSigmaFloor, float g,
                                         float[] dHead, int d, int ds) {
        int muRow = k + c * l;
        int scaleAt = k + k * l + c * scaleWidth(kind, l);
        if (kind == FULL) {
            fullComponentGradient(head, h + scaleAt * hs, h + muRow * hs, hs, target, t, ts, l, -logSigmaFloor, g,
                    dHead, d + scaleAt * ds, d + muRow * ds, ds);
            return;
        }
        if (kind == ISOTROPIC) {
            float rawLogSigma = head[h + scaleAt * hs];
            float invSigma = (float) Math.exp(-Math.max(rawLogSigma, logSigmaFloor));
            float q = dHead[d + scaleAt * ds];
            float gs = g * invSigma;
            for (int i = 0; i < l; i++) {
                float z = (target[t + i * ts] - head[h + (muRow + i) * hs]) * invSigma;
                dHead[d + (muRow + i) * ds] = -gs * z;
            }
            dHead[d + scaleAt * ds] = rawLogSigma > logSigmaFloor ? g * (l - q) : 0f;
            return;
        }
        for (int i = 0; i < l; i++) {
            int sigma = scaleAt + i;
            int mu = muRow + i;
            float raw = head[h + sigma * hs];
            float invSigma = (float) Math.exp(-Math.max(raw, logSigmaFloor));
            float z = (target[t + i * ts] - head[h + mu * hs]) * invSigma;
            dHead[d + mu * ds] = -g * z * invSigma;
            dHead[d + sigma * ds] = raw > logSigmaFloor ? g * (1f - z * z) : 0f;
        }
    }

    /** r_i = U_ii e_i + Σ_{j>i} U_ij e_j of one sample, e = t − μ, given U_ii. */
    public static float residual(float[] head, int u, int mu, int hs, float[] target, int t, int ts, int l, int i,
                                  float uii) {
        float r = uii * (target[t + i * ts] - head[mu + i * hs]);
        for (int j = i + 1; j < l; j++) {
            r += head[u + (l + upperIndex(i, j, l)) * hs] * (target[t + j * ts] - head[mu + j * hs]);
        }
        return r;
    }

    /**
     * One component's gradient of −log p, with g = scale·γ: ∂/∂U_ij = g r_i e_j (i < j),
     * ∂/∂b_i = g (r_i e_i U_ii − 1) (zero where b_i is clamped), ∂/∂μ_j = −g (Uᵀr)_j. The residuals
     * r_i are parked in the component's mean rows of dHead; the mean gradients then replace them
     * from the last dimension down, since (Uᵀr)_j needs only r_0..r_j.
     */
    public static void fullComponentGradient(float[] head, int u, int mu, int hs, float[] target, int t, int ts,
                                              int l, float ceiling, float g, float[] dHead, int du, int dmu, int ds) {
        for (int i = 0; i < l; i++) {
            float uii = (float) Math.exp(Math.min(head[u + i * hs], ceiling));
            dHead[dmu + i * ds] = residual(head, u, mu, hs, target, t, ts, l, i, uii);
        }
        for (int i = 0; i < l; i++) {
            for (int j = i + 1; j < l; j++) {
                int off = (l + upperIndex(i, j, l));
                dHead[du + off * ds] = g * dHead[dmu + i * ds] * (target[t + j * ts] - head[mu + j * hs]);
            }
        }
        for (int j = l - 1; j >= 0; j--) {
            float raw = head[u + j * hs];
            float ujj = (float) Math.exp(Math.min(raw, ceiling));
            float rj = dHead[dmu + j * ds];
            float utr = ujj * rj;
            for (int i = 0; i < j; i++) {
                utr += head[u + (l + upperIndex(i, j, l)) * hs] * dHead[dmu + i * ds];
            }
            float ej = target[t + j * ts] - head[mu + j * hs];
            dHead[du + j * ds] = raw < ceiling ? g * (rj * ej * ujj - 1f) : 0f;
            dHead[dmu + j * ds] = -g * utr;
        }
    }

    public static float mseLoss(float[] pred, int pOff, int ps, float[] target, int tOff, int ts,
                                int rows, int batch, float scale, float[] grad, int gOff, int gs) {
        float sum = 0f;
        for (int n = 0; n < batch; n++) {
            for (int r = 0; r < rows; r++) {
                float e = pred[pOff + r * ps + n] - target[tOff + r * ts + n];
                sum += e * e;
                grad[gOff + r * gs + n] = scale * 2f * e;
            }
        }
        return sum;
    }

    public static void adam(float[] p, float[] g, float[] m, float[] v, int off, int n,
                            float lr, float beta1, float beta2, float eps, float bc1, float bc2) {
        float stepSize = lr / bc1;
        float sqrtBc2 = (float) Math.sqrt(bc2);
        for (int i = off; i < off + n; i++) {
            float gi = g[i];
            float mi = flushSubnormal(beta1 * m[i] + (1f - beta1) * gi);
            float vi = flushSubnormal(beta2 * v[i] + (1f - beta2) * gi * gi);
            m[i] = mi;
            v[i] = vi;
            p[i] -= stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + eps);
        }
    }

    /**
     * 0 for a moment under the smallest normal float (1.2e−38), else the moment: Adam's moments
     * are kept out of the subnormal range. A parameter whose gradient has gone to zero (a ReLU
     * unit dead on every sample) has its first moment multiplied by β1 every step, and once
     * subnormal it never reaches zero: 0.9 × m rounds back to m for the last few subnormal values.
     * Every later update would then run on subnormal numbers, which x86 cores handle in microcode
     * at around a hundred times the cost of an ordinary operation: the seed's problem had 13 of its
     * 94 first moments stuck there from epoch 1,000 on (β2 = 0.999 takes the second moments there
     * after about 80,000 steps). With Adam's defaults (β1 0.9, β2 0.999, ε 1e−8) such a moment moves
     * no parameter in the step that flushes it: a first moment's step is at most
     * lr/(1 − β1)·1.2e−38/ε ≈ 1.2e−29·lr, and a second moment's √v/√(1 − β2ᵗ) ≤ 3.5e−18 is lost when
     * added to ε (it would be down to ε ≈ 1e−10), so only a parameter within about 1e−22·lr of zero
     * could change. The steps after start their moments from 0 rather than from a subnormal; that
     * those too keep every bit was checked, not derived: 30,000-epoch seed runs, both kernel
     * families, hashed before and after (docs/BENCHMARKS.md).
     */
    public static float flushSubnormal(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }
}
