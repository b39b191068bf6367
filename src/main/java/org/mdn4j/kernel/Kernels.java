package org.mdn4j.kernel;

/**
 * The compute kernels of one training step, behind one interface so that the scalar reference
 * ({@link ScalarKernels}) and the Vector API implementation ({@link SimdKernels}) are
 * interchangeable and comparable.
 *
 * <h2>Layout: feature-major batches</h2>
 * Every activation buffer holds a batch <em>feature-major</em>: feature {@code f} of sample
 * {@code n} is at {@code off + f * stride + n}, with {@code stride >= batch}. The batch index is
 * therefore the contiguous, innermost one, and every kernel vectorises across samples. MDNs are
 * narrow (the seed's network is 1-5-5-9) and batches are long, so lanes are always full even when
 * a layer has five units; wide layers get register blocking over output rows on top.
 *
 * <p>Weights keep PyTorch's {@code nn.Linear} layout: {@code W[j][i]} (out × in, row-major) at
 * {@code wOff + j * inDim + i}, bias {@code b[j]} at {@code bOff + j}.
 *
 * <h2>Head layout</h2>
 * A Gaussian mixture head with K components over L-dimensional targets has
 * {@code K (π logits) + K·L (means, component-major) + K·S (scale part)} rows, with S = 1 (isotropic,
 * log σ), S = L (diagonal, log σ per dimension, component-major) or S = L(L+1)/2 (full: per component
 * the log-diagonal and then the strictly upper entries, row by row, of the Cholesky factor U of the
 * precision Σ⁻¹ = UᵀU). Each head has its own fused loss kernel with the same arguments.
 */
public interface Kernels {

    /** A short name: {@code scalar} or {@code simd}. */
    String name();

    /** One line describing the implementation (lane count, bit size, FMA use). */
    String describe();

    /**
     * Fused dense forward: {@code out[j][n] = act(b[j] + Σ_i W[j][i] · in[i][n])} for
     * {@code n < batch}, {@code j < outDim}.
     */
    void denseForward(float[] in, int inOff, int inStride, int inDim, int batch,
                      float[] w, int wOff, float[] b, int bOff, int outDim, int activation,
                      float[] out, int outOff, int outStride);

    /**
     * Fused dense backward. On entry {@code dOut} holds ∂E/∂out; it is overwritten with
     * ∂E/∂(pre-activation) (the activation derivative is taken from {@code out}). Then
     * {@code dW[j][i] += Σ_n dPre[j][n] · in[i][n]}, {@code db[j] += Σ_n dPre[j][n]} and, when
     * {@code dIn} is not null, {@code dIn[i][n] = Σ_j W[j][i] · dPre[j][n]} (overwritten).
     */
    void denseBackward(float[] in, int inOff, int inStride, int inDim, int batch,
                       float[] w, int wOff, int outDim, int activation,
                       float[] out, int outOff, float[] dOut, int dOutOff, int outStride,
                       float[] dW, int dWOff, float[] dB, int dBOff,
                       float[] dIn, int dInOff, int dInStride);

    /**
     * Softmax over {@code k} logit rows for each of {@code batch} samples, max-subtracted:
     * {@code out[r][n] = exp(x[r][n] − max) / Σ exp(x[·][n] − max)}.
     */
    void softmax(float[] logits, int off, int stride, int k, int batch, float[] out, int outOff, int outStride);

    /** Log-softmax over {@code k} logit rows: {@code out[r][n] = x[r][n] − logsumexp(x[·][n])}. */
    void logSoftmax(float[] logits, int off, int stride, int k, int batch, float[] out, int outOff, int outStride);

    /**
     * Isotropic Gaussian mixture negative log-likelihood and its gradient, in one fused pass,
     * log-sum-exp throughout.
     *
     * <p>For each sample: {@code nll[n] = −log Σ_k π_k N(t | μ_k, σ_k² I)} with
     * {@code π = softmax(logits)}, {@code log σ_k = max(head log σ row, logSigmaFloor)}.
     * {@code dHead} receives {@code scale · ∂nll/∂head} for every head row (zero for a clamped
     * log σ); it may not alias {@code head}.
     *
     * @param target feature-major targets, L rows
     * @param nllOut per-sample NLL at {@code nllOff + n}
     */
    void mixtureNll(float[] head, int headOff, int headStride, int k, int l, int batch,
                    float[] target, int tOff, int tStride, float logSigmaFloor, float scale,
                    float[] dHead, int dOff, int dStride, float[] nllOut, int nllOff);

    /**
     * Diagonal Gaussian mixture NLL and its gradient, as {@link #mixtureNll} but with K×L scale rows:
     * {@code log σ_kd = max(head row, logSigmaFloor)}, Σ_k = diag(σ_kd²); a clamped log σ gets a zero
     * gradient. A backend without its own version runs the scalar reference.
     */
    default void mixtureNllDiagonal(float[] head, int headOff, int headStride, int k, int l, int batch,
                                    float[] target, int tOff, int tStride, float logSigmaFloor, float scale,
                                    float[] dHead, int dOff, int dStride, float[] nllOut, int nllOff) {
        ScalarKernels.mixtureNllDiagonal(head, headOff, headStride, k, l, batch, target, tOff, tStride,
                logSigmaFloor, scale, dHead, dOff, dStride, nllOut, nllOff);
    }

    /**
     * Full-covariance Gaussian mixture NLL and its gradient, as {@link #mixtureNll} but with
     * K·L(L+1)/2 scale rows: per component the log-diagonal b_i of U, then U's strictly upper entries
     * row by row, Σ_k⁻¹ = UᵀU. {@code log N = Σ_i min(b_i, −logSigmaFloor) − ½|U(t − μ)|² − (L/2)·log 2π}:
     * the diagonal of U is capped at 1/σ_floor, the full head's counterpart of the σ floor (in one
     * dimension it is that floor exactly), and a capped b_i gets a zero gradient. A backend without
     * its own version runs the scalar reference.
     */
    default void mixtureNllFull(float[] head, int headOff, int headStride, int k, int l, int batch,
                                float[] target, int tOff, int tStride, float logSigmaFloor, float scale,
                                float[] dHead, int dOff, int dStride, float[] nllOut, int nllOff) {
        ScalarKernels.mixtureNllFull(head, headOff, headStride, k, l, batch, target, tOff, tStride,
                logSigmaFloor, scale, dHead, dOff, dStride, nllOut, nllOff);
    }

    /**
     * Squared error and its gradient: returns {@code Σ_n Σ_r (pred − t)²} and writes
     * {@code grad[r][n] = scale · 2 (pred − t)}.
     */
    float mseLoss(float[] pred, int pOff, int pStride, float[] target, int tOff, int tStride,
                  int rows, int batch, float scale, float[] grad, int gOff, int gStride);

    /**
     * One Adam step with bias correction over {@code n} parameters from {@code off}, as PyTorch's
     * {@code torch.optim.Adam}: {@code m ← β1 m + (1−β1) g}, {@code v ← β2 v + (1−β2) g²},
     * {@code p ← p − (lr / bc1) · m / (√v / √bc2 + ε)} with {@code bcX = 1 − βX^step}.
     */
    void adam(float[] p, float[] g, float[] m, float[] v, int off, int n,
              float lr, float beta1, float beta2, float eps, float biasCorrection1, float biasCorrection2);
}
