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

    public static void mixtureNll(float[] head, int headOff, int hs, int k, int l, int batch,
                                  float[] target, int tOff, int ts, float logSigmaFloor, float scale,
                                  float[] dHead, int dOff, int ds, float[] nllOut, int nllOff) {
        int muRow = k;
        int sigmaRow = k + k * l;
        float norm = l * HALF_LOG_2PI;
        for (int n = 0; n < batch; n++) {
            float maxLogit = maxColumn(head, headOff + n, hs, k);
            float logSum = (float) Math.log(sumExpColumn(head, headOff + n, hs, k, maxLogit));
            // Pass 1: each component's log joint c_k = log π_k + log N(t | μ_k, σ_k²I), kept in
            // dHead's logit rows, and its squared Mahalanobis distance q_k, kept in dHead's
            // log σ rows; both are overwritten by the gradient in pass 2.
            float maxC = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                float logSigma = Math.max(head[headOff + (sigmaRow + c) * hs + n], logSigmaFloor);
                float invSigma = (float) Math.exp(-logSigma);
                float q = 0f;
                for (int d = 0; d < l; d++) {
                    float z = (target[tOff + d * ts + n] - head[headOff + (muRow + c * l + d) * hs + n]) * invSigma;
                    q += z * z;
                }
                float logPi = (head[headOff + c * hs + n] - maxLogit) - logSum;
                float logJoint = logPi - 0.5f * q - l * logSigma - norm;
                dHead[dOff + c * ds + n] = logJoint;
                dHead[dOff + (sigmaRow + c) * ds + n] = q;
                maxC = Math.max(maxC, logJoint);
            }
            float lse = maxC + (float) Math.log(sumExpColumn(dHead, dOff + n, ds, k, maxC));
            nllOut[nllOff + n] = -lse;
            // Pass 2: responsibilities γ_k and the gradient of −log p.
            for (int c = 0; c < k; c++) {
                float rawLogSigma = head[headOff + (sigmaRow + c) * hs + n];
                float logSigma = Math.max(rawLogSigma, logSigmaFloor);
                float invSigma = (float) Math.exp(-logSigma);
                float q = dHead[dOff + (sigmaRow + c) * ds + n];
                float gamma = weightGradient(head, headOff + c * hs + n, maxLogit, logSum, lse, scale, dHead,
                        dOff + c * ds + n);
                float gs = scale * gamma * invSigma;
                for (int d = 0; d < l; d++) {
                    float z = (target[tOff + d * ts + n] - head[headOff + (muRow + c * l + d) * hs + n]) * invSigma;
                    dHead[dOff + (muRow + c * l + d) * ds + n] = -gs * z;
                }
                dHead[dOff + (sigmaRow + c) * ds + n] = rawLogSigma > logSigmaFloor ? scale * gamma * (l - q) : 0f;
            }
        }
    }

    /**
     * Diagonal Gaussian mixture NLL and its gradient (see {@code Kernels#mixtureNllDiagonal}): the
     * scale part holds K×L log σ, component-major, each floored at {@code logSigmaFloor} with a
     * zero gradient where clamped, as in {@link #mixtureNll}.
     */
    public static void mixtureNllDiagonal(float[] head, int headOff, int hs, int k, int l, int batch,
                                          float[] target, int tOff, int ts, float logSigmaFloor, float scale,
                                          float[] dHead, int dOff, int ds, float[] nllOut, int nllOff) {
        int muRow = k;
        int sigmaRow = k + k * l;
        float norm = l * HALF_LOG_2PI;
        for (int n = 0; n < batch; n++) {
            float maxLogit = maxColumn(head, headOff + n, hs, k);
            float logSum = (float) Math.log(sumExpColumn(head, headOff + n, hs, k, maxLogit));
            // Pass 1: each component's log joint c_k = log π_k − ½Σ_d z_d² − Σ_d log σ_kd − (L/2)·log 2π,
            // kept in dHead's logit rows until pass 2 turns it into the gradient.
            float maxC = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                float q = 0f;
                float logDet = 0f;
                for (int d = 0; d < l; d++) {
                    float logSigma = Math.max(head[headOff + (sigmaRow + c * l + d) * hs + n], logSigmaFloor);
                    float z = (target[tOff + d * ts + n] - head[headOff + (muRow + c * l + d) * hs + n])
                            * (float) Math.exp(-logSigma);
                    q += z * z;
                    logDet += logSigma;
                }
                float logPi = (head[headOff + c * hs + n] - maxLogit) - logSum;
                float logJoint = logPi - 0.5f * q - logDet - norm;
                dHead[dOff + c * ds + n] = logJoint;
                maxC = Math.max(maxC, logJoint);
            }
            float lse = maxC + (float) Math.log(sumExpColumn(dHead, dOff + n, ds, k, maxC));
            nllOut[nllOff + n] = -lse;
            // Pass 2: ∂/∂μ_kd = −γ_k z_kd/σ_kd, ∂/∂log σ_kd = γ_k (1 − z_kd²), zero where clamped.
            for (int c = 0; c < k; c++) {
                float gamma = weightGradient(head, headOff + c * hs + n, maxLogit, logSum, lse, scale, dHead,
                        dOff + c * ds + n);
                float g = scale * gamma;
                for (int d = 0; d < l; d++) {
                    int sigma = (sigmaRow + c * l + d);
                    int mu = (muRow + c * l + d);
                    float raw = head[headOff + sigma * hs + n];
                    float invSigma = (float) Math.exp(-Math.max(raw, logSigmaFloor));
                    float z = (target[tOff + d * ts + n] - head[headOff + mu * hs + n]) * invSigma;
                    dHead[dOff + mu * ds + n] = -g * z * invSigma;
                    dHead[dOff + sigma * ds + n] = raw > logSigmaFloor ? g * (1f - z * z) : 0f;
                }
            }
        }
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
        int muRow = k;
        int uRow = k + k * l;
        int width = l * (l + 1) / 2;
        float ceiling = -logSigmaFloor;
        float norm = l * HALF_LOG_2PI;
        for (int n = 0; n < batch; n++) {
            float maxLogit = maxColumn(head, headOff + n, hs, k);
            float logSum = (float) Math.log(sumExpColumn(head, headOff + n, hs, k, maxLogit));
            float maxC = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                int u = headOff + (uRow + c * width) * hs + n;
                int mu = headOff + (muRow + c * l) * hs + n;
                float q = 0f;
                float logDet = 0f;
                for (int i = 0; i < l; i++) {
                    float b = Math.min(head[u + i * hs], ceiling);
                    logDet += b;
                    float r = residual(head, u, mu, hs, target, tOff + n, ts, l, i, (float) Math.exp(b));
                    q += r * r;
                }
                float logPi = (head[headOff + c * hs + n] - maxLogit) - logSum;
                float logJoint = logPi - 0.5f * q + logDet - norm;
                dHead[dOff + c * ds + n] = logJoint;
                maxC = Math.max(maxC, logJoint);
            }
            float lse = maxC + (float) Math.log(sumExpColumn(dHead, dOff + n, ds, k, maxC));
            nllOut[nllOff + n] = -lse;
            for (int c = 0; c < k; c++) {
                float gamma = weightGradient(head, headOff + c * hs + n, maxLogit, logSum, lse, scale, dHead,
                        dOff + c * ds + n);
                fullComponentGradient(head, headOff + (uRow + c * width) * hs + n, headOff + (muRow + c * l) * hs + n,
                        hs, target, tOff + n, ts, l, ceiling, scale * gamma,
                        dHead, dOff + (uRow + c * width) * ds + n, dOff + (muRow + c * l) * ds + n, ds);
            }
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
            float mi = beta1 * m[i] + (1f - beta1) * gi;
            float vi = beta2 * v[i] + (1f - beta2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] -= stepSize * mi / ((float) Math.sqrt(vi) / sqrtBc2 + eps);
        }
    }
}
