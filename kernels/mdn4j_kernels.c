/*
 * mdn4j's device kernels, written once in the subset of C that OpenCL C and CUDA C share; the
 * host prepends mdn4j_device.h. Each kernel mirrors a method of org.mdn4j.kernel.ScalarKernels
 * (same buffers, same layouts, same order of float operations) with one work-item per output
 * element: the loops ScalarKernels runs over the batch index become THREAD_ID.
 *
 * Layouts (see README.md): activations feature-major, feature f of sample n at f*stride + n;
 * weights W[j][i] at wOff + j*in + i, bias at bOff + j (org.mdn4j.nn.ParameterLayout); the
 * mixture head of sample n is the column [pi logits K | means K*L | scale part].
 *
 * Every reduction runs in a fixed order, long ones in fixed chunks and then over the chunks'
 * partial sums: no float atomics, so a run repeats bit for bit on one device. Every kernel takes its work-item count and returns early past it,
 * so the host may round the launch up to a work-group multiple.
 */

DEVICE_FN float activate(int act, float x) {
    if (act == ACT_RELU) {
        return x > 0.0f ? x : 0.0f;
    } else if (act == ACT_SIGMOID) {
        return 1.0f / (1.0f + F_EXP(-x));
    } else if (act == ACT_SOFTPLUS) {
        /* max(x, 0) + log1p(exp(-|x|)): no overflow for large x, no underflow for small x */
        return F_MAX(x, 0.0f) + F_LOG1P(F_EXP(-F_ABS(x)));
    } else if (act == ACT_TANH) {
        return F_TANH(x);
    }
    return x;
}

/* The activation's derivative through its output y = act(x). */
DEVICE_FN float derivative_from_output(int act, float y) {
    if (act == ACT_RELU) {
        return y > 0.0f ? 1.0f : 0.0f;
    } else if (act == ACT_SIGMOID) {
        return y * (1.0f - y);
    } else if (act == ACT_SOFTPLUS) {
        return -F_EXPM1(-y);
    } else if (act == ACT_TANH) {
        return 1.0f - y * y;
    }
    return 1.0f;
}

/* Copies rows order[start + n] of a row-major matrix (width columns) to a feature-major batch.
 * Work-items: width * count. */
KERNEL gather_rows(GLOBAL const float *src, int width, GLOBAL const int *order, int start, int count,
                   GLOBAL float *dst, int stride) {
    int id = THREAD_ID;
    if (id >= width * count) {
        return;
    }
    int f = id / count;
    int n = id - f * count;
    dst[f * stride + n] = src[order[start + n] * width + f];
}

/* out[j][n] = act(b[j] + sum_i W[j][i] * in[i][n]). Work-items: outDim * batch. */
KERNEL dense_forward(GLOBAL const float *in, int inStride, int inDim, int batch,
                     GLOBAL const float *p, int wOff, int bOff, int outDim, int act,
                     GLOBAL float *out, int outStride) {
    int id = THREAD_ID;
    if (id >= outDim * batch) {
        return;
    }
    int j = id / batch;
    int n = id - j * batch;
    float acc = p[bOff + j];
    int wRow = wOff + j * inDim;
    for (int i = 0; i < inDim; i++) {
        acc += p[wRow + i] * in[i * inStride + n];
    }
    out[j * outStride + n] = activate(act, acc);
}

/* dOut <- dOut * act'(out), from the output. Work-items: rows * batch. */
KERNEL activation_backward(GLOBAL float *dOut, GLOBAL const float *out, int rows, int batch, int stride, int act) {
    int id = THREAD_ID;
    if (id >= rows * batch) {
        return;
    }
    int j = id / batch;
    int n = id - j * batch;
    int at = j * stride + n;
    dOut[at] *= derivative_from_output(act, out[at]);
}

/* The weight and bias gradients in two stages, so that a large batch still gives every
 * work-item a short loop: stage 1 sums each weight over one chunk of the batch, stage 2 sums a
 * weight's chunk partials in chunk order. Weight w = j*(inDim+1) + i of the layer stands for
 * W[j][i], and i == inDim for the bias b[j].
 *
 * Stage 1: partial[c*weights + w] = sum over n in chunk c of dOut[j][n] * in[i][n] (dOut[j][n]
 * alone for the bias), in order of n. Work-items: chunks * weights, the weight index fastest. */
KERNEL dense_weight_grad_partial(GLOBAL const float *in, int inStride, int inDim, int batch,
                                 GLOBAL const float *dOut, int dStride, int outDim, int chunk,
                                 GLOBAL float *partial) {
    int id = THREAD_ID;
    int weights = outDim * (inDim + 1);
    int chunks = (batch + chunk - 1) / chunk;
    if (id >= weights * chunks) {
        return;
    }
    int c = id / weights;
    int w = id - c * weights;
    int j = w / (inDim + 1);
    int i = w - j * (inDim + 1);
    int lo = c * chunk;
    int hi = lo + chunk < batch ? lo + chunk : batch;
    float acc = 0.0f;
    if (i == inDim) {
        for (int n = lo; n < hi; n++) {
            acc += dOut[j * dStride + n];
        }
    } else {
        for (int n = lo; n < hi; n++) {
            acc += dOut[j * dStride + n] * in[i * inStride + n];
        }
    }
    partial[id] = acc;
}

/* Stage 2: g[W[j][i]] (or g[b[j]]) = sum_c partial[c*weights + w], in chunk order. The gradient
 * is written, not accumulated: one device step holds one batch. Work-items: weights. */
KERNEL dense_weight_grad_sum(GLOBAL const float *partial, int chunks, int inDim, int outDim,
                             GLOBAL float *g, int wOff, int bOff) {
    int w = THREAD_ID;
    int weights = outDim * (inDim + 1);
    if (w >= weights) {
        return;
    }
    float acc = 0.0f;
    for (int c = 0; c < chunks; c++) {
        acc += partial[c * weights + w];
    }
    int j = w / (inDim + 1);
    int i = w - j * (inDim + 1);
    if (i == inDim) {
        g[bOff + j] = acc;
    } else {
        g[wOff + j * inDim + i] = acc;
    }
}

/* dIn[i][n] = sum_j W[j][i] * dOut[j][n]. Work-items: inDim * batch. */
KERNEL dense_input_grad(GLOBAL const float *p, int wOff, int inDim, int outDim,
                        GLOBAL const float *dOut, int dStride, int batch,
                        GLOBAL float *dIn, int dInStride) {
    int id = THREAD_ID;
    if (id >= inDim * batch) {
        return;
    }
    int i = id / batch;
    int n = id - i * batch;
    float acc = 0.0f;
    for (int j = 0; j < outDim; j++) {
        acc += p[wOff + j * inDim + i] * dOut[j * dStride + n];
    }
    dIn[i * dInStride + n] = acc;
}

/* max_r x[at + r*stride] over k rows. */
DEVICE_FN float max_column(GLOBAL const float *x, int at, int stride, int k) {
    float max = x[at];
    for (int r = 1; r < k; r++) {
        max = F_MAX(max, x[at + r * stride]);
    }
    return max;
}

/* sum_r exp(x[at + r*stride] - max); callers keep (x - max) - log(sum) apart, as ScalarKernels. */
DEVICE_FN float sum_exp_column(GLOBAL const float *x, int at, int stride, int k, float max) {
    float sum = 0.0f;
    for (int r = 0; r < k; r++) {
        sum += F_EXP(x[at + r * stride] - max);
    }
    return sum;
}

/* gamma = exp(c - lse) from the log joint c parked in dHead's logit row c, which it replaces
 * with the logit gradient scale * (pi - gamma), pi = exp((logit - maxLogit) - logSum); returns
 * gamma (ScalarKernels.weightGradient). */
DEVICE_FN float weight_gradient(GLOBAL const float *head, int hs, int n, int c, float maxLogit, float logSum,
                                float lse, float scale, GLOBAL float *dHead, int ds) {
    float gamma = F_EXP(dHead[c * ds + n] - lse);
    float pi = F_EXP((head[c * hs + n] - maxLogit) - logSum);
    dHead[c * ds + n] = scale * (pi - gamma);
    return gamma;
}

/* Pass 1 of the isotropic head for component c: the squared Mahalanobis distance
 * q = sum_d ((t_d - mu_cd) / sigma_c)^2, parked in dHead's log-sigma row c for pass 2, and
 * L * log sigma_c, the log determinant's half, into *logDet. */
DEVICE_FN float isotropic_distance(GLOBAL const float *head, int hs, int n, int k, int l, int c,
                                   GLOBAL const float *target, int ts, float logSigmaFloor,
                                   GLOBAL float *dHead, int ds, float *logDet) {
    int muRow = k;
    int sigmaRow = k + k * l;
    float logSigma = F_MAX(head[(sigmaRow + c) * hs + n], logSigmaFloor);
    float invSigma = F_EXP(-logSigma);
    float q = 0.0f;
    for (int d = 0; d < l; d++) {
        float z = (target[d * ts + n] - head[(muRow + c * l + d) * hs + n]) * invSigma;
        q += z * z;
    }
    dHead[(sigmaRow + c) * ds + n] = q;
    *logDet = l * logSigma;
    return q;
}

/* Pass 1 of the diagonal head for component c: q = sum_d ((t_d - mu_cd) / sigma_cd)^2 and
 * sum_d log sigma_cd into *logDet, each log sigma floored. */
DEVICE_FN float diagonal_distance(GLOBAL const float *head, int hs, int n, int k, int l, int c,
                                  GLOBAL const float *target, int ts, float logSigmaFloor, float *logDet) {
    int muRow = k;
    int sigmaRow = k + k * l;
    float q = 0.0f;
    float sum = 0.0f;
    for (int d = 0; d < l; d++) {
        float logSigma = F_MAX(head[(sigmaRow + c * l + d) * hs + n], logSigmaFloor);
        float z = (target[d * ts + n] - head[(muRow + c * l + d) * hs + n]) * F_EXP(-logSigma);
        q += z * z;
        sum += logSigma;
    }
    *logDet = sum;
    return q;
}

/* Pass 2 of the isotropic head for component c with responsibility gamma: d/dmu = -g z / sigma,
 * d/dlog sigma = g (L - q), zero where the floor clamped, g = scale * gamma. */
DEVICE_FN void isotropic_gradient(GLOBAL const float *head, int hs, int n, int k, int l, int c,
                                  GLOBAL const float *target, int ts, float logSigmaFloor, float scale,
                                  float gamma, GLOBAL float *dHead, int ds) {
    int muRow = k;
    int sigmaRow = k + k * l;
    float rawLogSigma = head[(sigmaRow + c) * hs + n];
    float invSigma = F_EXP(-F_MAX(rawLogSigma, logSigmaFloor));
    float q = dHead[(sigmaRow + c) * ds + n];
    float gs = scale * gamma * invSigma;
    for (int d = 0; d < l; d++) {
        float z = (target[d * ts + n] - head[(muRow + c * l + d) * hs + n]) * invSigma;
        dHead[(muRow + c * l + d) * ds + n] = -gs * z;
    }
    dHead[(sigmaRow + c) * ds + n] = rawLogSigma > logSigmaFloor ? scale * gamma * (l - q) : 0.0f;
}

/* Pass 2 of the diagonal head for component c: d/dmu_cd = -g z_cd / sigma_cd,
 * d/dlog sigma_cd = g (1 - z_cd^2), zero where the floor clamped, g = scale * gamma. */
DEVICE_FN void diagonal_gradient(GLOBAL const float *head, int hs, int n, int k, int l, int c,
                                 GLOBAL const float *target, int ts, float logSigmaFloor, float scale,
                                 float gamma, GLOBAL float *dHead, int ds) {
    float g = scale * gamma;
    for (int d = 0; d < l; d++) {
        int sigma = k + k * l + c * l + d;
        int mu = k + c * l + d;
        float raw = head[sigma * hs + n];
        float invSigma = F_EXP(-F_MAX(raw, logSigmaFloor));
        float z = (target[d * ts + n] - head[mu * hs + n]) * invSigma;
        dHead[mu * ds + n] = -g * z * invSigma;
        dHead[sigma * ds + n] = raw > logSigmaFloor ? g * (1.0f - z * z) : 0.0f;
    }
}

/* The mixture's NLL per sample (log-sum-exp form) and scale * dNLL/dhead, for the head that
 * headCode names (HEAD_ISOTROPIC: ScalarKernels.mixtureNll; HEAD_DIAGONAL:
 * ScalarKernels.mixtureNllDiagonal). The head is [pi logits K | means K*L | log sigma K or K*L],
 * each log sigma floored at logSigmaFloor with a zero gradient where clamped. As in
 * ScalarKernels, pass 1 parks each component's log joint
 * c_k = log pi_k - q_k/2 - log det_k - (L/2) log 2pi in dHead's logit rows (the isotropic head
 * its q_k in the log-sigma rows too); pass 2 overwrites them with the gradient. The head code is
 * the same for every work-item, so the branches do not diverge. Work-items: batch. */
KERNEL mixture_nll(GLOBAL const float *head, int hs, int k, int l, int headCode, int batch,
                   GLOBAL const float *target, int ts, float logSigmaFloor, float scale,
                   GLOBAL float *dHead, int ds, GLOBAL float *nll) {
    int n = THREAD_ID;
    if (n >= batch) {
        return;
    }
    float norm = l * HALF_LOG_2PI;
    float maxLogit = max_column(head, n, hs, k);
    float logSum = F_LOG(sum_exp_column(head, n, hs, k, maxLogit));
    float maxC = F_NEG_INFINITY;
    for (int c = 0; c < k; c++) {
        float logDet;
        float q = headCode == HEAD_DIAGONAL
                ? diagonal_distance(head, hs, n, k, l, c, target, ts, logSigmaFloor, &logDet)
                : isotropic_distance(head, hs, n, k, l, c, target, ts, logSigmaFloor, dHead, ds, &logDet);
        float logPi = (head[c * hs + n] - maxLogit) - logSum;
        float logJoint = logPi - 0.5f * q - logDet - norm;
        dHead[c * ds + n] = logJoint;
        maxC = F_MAX(maxC, logJoint);
    }
    float lse = maxC + F_LOG(sum_exp_column(dHead, n, ds, k, maxC));
    nll[n] = -lse;
    for (int c = 0; c < k; c++) {
        float gamma = weight_gradient(head, hs, n, c, maxLogit, logSum, lse, scale, dHead, ds);
        if (headCode == HEAD_DIAGONAL) {
            diagonal_gradient(head, hs, n, k, l, c, target, ts, logSigmaFloor, scale, gamma, dHead, ds);
        } else {
            isotropic_gradient(head, hs, n, k, l, c, target, ts, logSigmaFloor, scale, gamma, dHead, ds);
        }
    }
}

/* The L2 baseline's squared error (ScalarKernels.mseLoss for one sample): loss[n] = sum_r e_r^2
 * with e_r = pred[r][n] - target[r][n], in order of r, and grad[r][n] = scale * 2 * e_r.
 * Work-items: batch. */
KERNEL mse_loss(GLOBAL const float *pred, int ps, GLOBAL const float *target, int ts, int rows, int batch,
                float scale, GLOBAL float *grad, int gs, GLOBAL float *loss) {
    int n = THREAD_ID;
    if (n >= batch) {
        return;
    }
    float sum = 0.0f;
    for (int r = 0; r < rows; r++) {
        float e = pred[r * ps + n] - target[r * ts + n];
        sum += e * e;
        grad[r * gs + n] = scale * 2.0f * e;
    }
    loss[n] = sum;
}

/* out[outOff + id] = sum over x[xOff + id*chunk .. xOff + min((id+1)*chunk, count)) of x * factor,
 * in index order. factor 1 sums; factor 0 probes finiteness (x*0 is 0 for finite x, NaN
 * otherwise). The host runs it level by level, partial sums of partial sums, until one value
 * is left: a fixed-order total. Work-items: ceil(count / chunk). */
KERNEL reduce_sum(GLOBAL const float *x, int xOff, int count, int chunk, float factor, GLOBAL float *out, int outOff) {
    int id = THREAD_ID;
    int lo = id * chunk;
    if (lo >= count) {
        return;
    }
    int hi = lo + chunk < count ? lo + chunk : count;
    float acc = 0.0f;
    for (int i = lo; i < hi; i++) {
        acc += x[xOff + i] * factor;
    }
    out[outOff + id] = acc;
}

/* PyTorch's Adam with bias correction. state holds the parameters, then Adam's first moments,
 * then its second moments, n floats each, so that one probe covers all three; the update copies
 * the state it overwrites into backup (same layout) so the host can undo a step whose update
 * overflowed. bc1, bc2 = 1 - beta^t come from the host, computed as the CPU trainer does.
 * Work-items: n. */
KERNEL adam(GLOBAL float *state, GLOBAL const float *g, int n,
            float lr, float beta1, float beta2, float eps, float bc1, float bc2, GLOBAL float *backup) {
    int i = THREAD_ID;
    if (i >= n) {
        return;
    }
    float stepSize = lr / bc1;
    float sqrtBc2 = F_SQRT(bc2);
    float gi = g[i];
    float pOld = state[i];
    float mOld = state[n + i];
    float vOld = state[2 * n + i];
    backup[i] = pOld;
    backup[n + i] = mOld;
    backup[2 * n + i] = vOld;
    float mi = beta1 * mOld + (1.0f - beta1) * gi;
    float vi = beta2 * vOld + (1.0f - beta2) * gi * gi;
    state[n + i] = mi;
    state[2 * n + i] = vi;
    state[i] = pOld - stepSize * mi / (F_SQRT(vi) / sqrtBc2 + eps);
}
