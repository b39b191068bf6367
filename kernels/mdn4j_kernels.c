/*
 * mdn4j's device kernels, written once in the subset of C that OpenCL C and CUDA C share; the
 * host prepends mdn4j_device.h. Each kernel mirrors a method of org.mdn4j.kernel.ScalarKernels
 * (same buffers, same layouts, same order of float operations): the element-wise ones with one
 * work-item per output element (the loops ScalarKernels runs over the batch index become
 * THREAD_ID), the products (matmul_tiles, dense_weight_grad_partial) with a work-group per
 * 64 x 64 output tile through shared memory, each output still summed term by term in order.
 *
 * Layouts (see README.md): activations feature-major, feature f of sample n at f*stride + n;
 * weights W[j][i] at wOff + j*in + i, bias at bOff + j (org.mdn4j.nn.ParameterLayout); the
 * mixture head of sample n is the column [pi logits K | means K*L | scale part].
 *
 * Every reduction runs in a fixed order, long ones in fixed chunks and then over the chunks'
 * partial sums: no float atomics, so a run repeats bit for bit on one device. Every kernel
 * launched by work-item count returns early past it, so the host may round the launch up to a
 * work-group multiple; the tiled ones are launched as whole work-groups of TILE_THREADS.
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

/* Tiled products, shared by the dense forward and the input gradient:
 *
 *   c[r][n] = act(init[r] + sum over d in order of A[r][d] * b[d][n]) * dact'(y[r][n]),
 *
 * for r < rows, n < batch. A[r][d] = a[aOff + r*aRowStep + d*aColStep] (the weights, or their
 * transpose: no copy); b feature-major (b[d][n] at d*bStride + n); init[r] = a[biasOff + r], or
 * 0 when biasOff < 0; the factor dact'(y) (the derivative of the layer below through its output
 * y, which turns the input gradient into that layer's pre-activation gradient) only when dact
 * is not the identity. Each work-group of TILE_THREADS computes a TILE x TILE block of c; each
 * work-item a MICRO x MICRO block of it (rows 4*tr + u, samples 4*tn + v: neighbouring floats, so
 * the shared loads can be vector loads), and a tile of A and of b loaded once into shared memory
 * serves 64 outputs. Every output adds its terms one by one in order of d, starting from init,
 * with no zero padding past the depth: the order of ScalarKernels.denseForward.
 * Work-groups: ceil(rows / TILE) * ceil(batch / TILE), the sample tile fastest. */
#define TILE 64
#define TILE_DEPTH 16
#define TILE_THREADS 256
#define MICRO 4

KERNEL matmul_tiles(GLOBAL const float *a, int aOff, int aRowStep, int aColStep, int rows, int depth,
                    GLOBAL const float *b, int bStride, int batch, int biasOff, int act,
                    GLOBAL float *c, int cStride, int dact, GLOBAL const float *y, int yStride) {
    SHARED float as[TILE_DEPTH][TILE];
    SHARED float bs[TILE_DEPTH][TILE];
    int lt = LOCAL_ID;
    int sampleTiles = (batch + TILE - 1) / TILE;
    int group = GROUP_ID;
    int r0 = (group / sampleTiles) * TILE;
    int n0 = (group - (group / sampleTiles) * sampleTiles) * TILE;
    int tr = lt / 16;
    int tn = lt - tr * 16;
    float acc[MICRO][MICRO];
    for (int u = 0; u < MICRO; u++) {
        int r = r0 + MICRO * tr + u;
        float init = biasOff >= 0 && r < rows ? a[biasOff + r] : 0.0f;
        for (int v = 0; v < MICRO; v++) {
            acc[u][v] = init;
        }
    }
    for (int d0 = 0; d0 < depth; d0 += TILE_DEPTH) {
        for (int e = lt; e < TILE_DEPTH * TILE; e += TILE_THREADS) {
            int dd = e / TILE;
            int x = e - dd * TILE;
            int d = d0 + dd;
            /* b along the samples: neighbouring work-items read neighbouring floats */
            bs[dd][x] = d < depth && n0 + x < batch ? b[d * bStride + n0 + x] : 0.0f;
            as[dd][x] = d < depth && r0 + x < rows ? a[aOff + (r0 + x) * aRowStep + d * aColStep] : 0.0f;
        }
        BARRIER;
        int count = depth - d0 < TILE_DEPTH ? depth - d0 : TILE_DEPTH;
        for (int dd = 0; dd < count; dd++) {
            float av[MICRO];
            float bv[MICRO];
            for (int u = 0; u < MICRO; u++) {
                av[u] = as[dd][MICRO * tr + u];
                bv[u] = bs[dd][MICRO * tn + u];
            }
            for (int u = 0; u < MICRO; u++) {
                for (int v = 0; v < MICRO; v++) {
                    acc[u][v] += av[u] * bv[v];
                }
            }
        }
        BARRIER;
    }
    for (int u = 0; u < MICRO; u++) {
        int r = r0 + MICRO * tr + u;
        for (int v = 0; v < MICRO; v++) {
            int n = n0 + MICRO * tn + v;
            if (r < rows && n < batch) {
                float value = activate(act, acc[u][v]);
                if (dact != ACT_IDENTITY) {
                    value *= derivative_from_output(dact, y[r * yStride + n]);
                }
                c[r * cStride + n] = value;
            }
        }
    }
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
 * alone for the bias), in order of n. */
KERNEL dense_weight_grad_partial(GLOBAL const float *in, int inStride, int inDim, int batch,
                                 GLOBAL const float *dOut, int dStride, int outDim, int chunk,
                                 GLOBAL float *partial, int direct, GLOBAL float *g, int wOff, int bOff) {
    /* One work-group per (chunk, TILE outputs j, TILE inputs i); each work-item sums a 4 x 4
     * block of weights (j = 4*tj + u, i = 4*ti + v) over the chunk, TILE_DEPTH samples at a time
     * through shared memory (rows padded by 4 floats: fewer bank conflicts as the tile is
     * stored, still 16-byte aligned for vector loads), and the work-items with ti == 0 of the
     * first input tile the biases of their four rows too. Each sum adds its samples one by one in
     * order of n from 0.0f. With one chunk (direct != 0) the sums are the gradient itself: they
     * go straight to g (0.0f + sum, the second stage's arithmetic) and the second stage is not
     * launched. Work-groups: chunks * ceil(outDim / TILE) * ceil(inDim / TILE), input tile fastest. */
    SHARED float ds[TILE_DEPTH][TILE + 4];
    SHARED float xs[TILE_DEPTH][TILE + 4];
    int lt = LOCAL_ID;
    int inTiles = (inDim + TILE - 1) / TILE;
    int outTiles = (outDim + TILE - 1) / TILE;
    int group = GROUP_ID;
    int c = group / (inTiles * outTiles);
    int rest = group - c * (inTiles * outTiles);
    int jt = rest / inTiles;
    int j0 = jt * TILE;
    int i0 = (rest - jt * inTiles) * TILE;
    int tj = lt / 16;
    int ti = lt - tj * 16;
    int lo = c * chunk;
    int hi = lo + chunk < batch ? lo + chunk : batch;
    int biases = i0 == 0 && ti == 0;
    float acc[MICRO][MICRO];
    float bacc[MICRO];
    for (int u = 0; u < MICRO; u++) {
        bacc[u] = 0.0f;
        for (int v = 0; v < MICRO; v++) {
            acc[u][v] = 0.0f;
        }
    }
    for (int n0 = lo; n0 < hi; n0 += TILE_DEPTH) {
        for (int e = lt; e < TILE_DEPTH * TILE; e += TILE_THREADS) {
            int x = e / TILE_DEPTH;
            int nn = e - x * TILE_DEPTH;
            int n = n0 + nn;
            /* along the samples: neighbouring work-items read neighbouring floats */
            ds[nn][x] = n < hi && j0 + x < outDim ? dOut[(j0 + x) * dStride + n] : 0.0f;
            xs[nn][x] = n < hi && i0 + x < inDim ? in[(i0 + x) * inStride + n] : 0.0f;
        }
        BARRIER;
        int count = hi - n0 < TILE_DEPTH ? hi - n0 : TILE_DEPTH;
        for (int nn = 0; nn < count; nn++) {
            float dv[MICRO];
            float xv[MICRO];
            for (int u = 0; u < MICRO; u++) {
                dv[u] = ds[nn][MICRO * tj + u];
                xv[u] = xs[nn][MICRO * ti + u];
            }
            for (int u = 0; u < MICRO; u++) {
                for (int v = 0; v < MICRO; v++) {
                    acc[u][v] += dv[u] * xv[v];
                }
            }
            if (biases) {
                for (int u = 0; u < MICRO; u++) {
                    bacc[u] += dv[u];
                }
            }
        }
        BARRIER;
    }
    int weights = outDim * (inDim + 1);
    for (int u = 0; u < MICRO; u++) {
        int j = j0 + MICRO * tj + u;
        if (j >= outDim) {
            continue;
        }
        for (int v = 0; v < MICRO; v++) {
            int i = i0 + MICRO * ti + v;
            if (i < inDim) {
                if (direct) {
                    g[wOff + j * inDim + i] = 0.0f + acc[u][v];
                } else {
                    partial[c * weights + j * (inDim + 1) + i] = acc[u][v];
                }
            }
        }
        if (biases) {
            if (direct) {
                g[bOff + j] = 0.0f + bacc[u];
            } else {
                partial[c * weights + j * (inDim + 1) + inDim] = bacc[u];
            }
        }
    }
}

/* Stage 1 for a layer of few inputs (the first layer, most often), where a TILE-wide input
 * tile would be mostly empty: one work-item per (chunk, weight), the weight index fastest, each
 * summing its chunk in order of n, as the tiled kernel does. */
KERNEL dense_weight_grad_partial_narrow(GLOBAL const float *in, int inStride, int inDim, int batch,
                                        GLOBAL const float *dOut, int dStride, int outDim, int chunk,
                                        GLOBAL float *partial, int direct, GLOBAL float *g, int wOff, int bOff) {
    int id = THREAD_ID;
    int weights = outDim * (inDim + 1);
    int chunks = batch > chunk ? (batch + chunk - 1) / chunk : 1; /* as the host counts: at least one */
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
    if (!direct) {
        partial[id] = acc;
    } else if (i == inDim) {
        g[bOff + j] = 0.0f + acc;
    } else {
        g[wOff + j * inDim + i] = 0.0f + acc;
    }
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
    /* eight loads issued before their adds (a lone work-item per weight waits on memory
     * otherwise); the adds stay one by one in chunk order */
    float acc = 0.0f;
    int c = 0;
    for (; c + 8 <= chunks; c += 8) {
        float p0 = partial[c * weights + w];
        float p1 = partial[(c + 1) * weights + w];
        float p2 = partial[(c + 2) * weights + w];
        float p3 = partial[(c + 3) * weights + w];
        float p4 = partial[(c + 4) * weights + w];
        float p5 = partial[(c + 5) * weights + w];
        float p6 = partial[(c + 6) * weights + w];
        float p7 = partial[(c + 7) * weights + w];
        acc += p0;
        acc += p1;
        acc += p2;
        acc += p3;
        acc += p4;
        acc += p5;
        acc += p6;
        acc += p7;
    }
    for (; c < chunks; c++) {
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

/* 0 for a moment under the smallest normal float, else the moment: ScalarKernels.flushSubnormal,
 * which says why (a moment stuck in the subnormal range slows every later step on a CPU, and
 * moves no parameter). */
DEVICE_FN float flush_subnormal(float x) {
    return F_ABS(x) < 1.17549435e-38f ? 0.0f : x;
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
    float mi = flush_subnormal(beta1 * mOld + (1.0f - beta1) * gi);
    float vi = flush_subnormal(beta2 * vOld + (1.0f - beta2) * gi * gi);
    state[n + i] = mi;
    state[2 * n + i] = vi;
    state[i] = pOld - stepSize * mi / (F_SQRT(vi) / sqrtBc2 + eps);
}
