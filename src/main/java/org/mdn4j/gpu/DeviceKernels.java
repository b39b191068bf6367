package org.mdn4j.gpu;

import org.mdn4j.kernel.Activation;
import org.mdn4j.nn.Head;

/**
 * The device kernels of {@code kernels/mdn4j_kernels.c}, typed: each method enqueues one kernel
 * with its work-item count. Buffers are whole device buffers (OpenCL C has no pointer offsets on
 * the host side), so a layer's weights are addressed through offsets into the parameter buffer,
 * as {@link org.mdn4j.nn.ParameterLayout} gives them.
 */
public final class DeviceKernels {

    /** Elements one work-item of {@link #sum} adds at each level. */
    static final int REDUCE_CHUNK = 256;

    /** The output tile of the tiled kernels and their work-group size (TILE and TILE_THREADS in the kernels). */
    static final int TILE = 64;
    static final int TILE_THREADS = 256;

    /**
     * Input widths up to which the weight gradient's first stage runs one work-item per weight
     * rather than in TILE-wide input tiles (which a layer this narrow would leave mostly empty).
     */
    static final int NARROW_INPUTS = 4;

    /**
     * Samples each sum of the weight gradient's first stage covers: short enough that a batch of
     * 2^20 samples gives a 64×64 layer 1,024 work-groups (the GPU's every core busy), long enough
     * that the second stage's loops (batch / chunk partials per weight) stay short too. On an H100,
     * 2,048 and 4,096 measured within the run-to-run spread of this.
     */
    public static final int DEFAULT_GRADIENT_CHUNK = 1024;

    private final Device device;
    private final int gradientChunk;

    public DeviceKernels(Device device) {
        this(device, DEFAULT_GRADIENT_CHUNK);
    }

    /** Kernels whose weight gradients sum the batch in chunks of {@code gradientChunk} samples. */
    public DeviceKernels(Device device, int gradientChunk) {
        if (gradientChunk < 1) {
            throw new IllegalArgumentException("the gradient chunk must be at least 1 sample, not " + gradientChunk);
        }
        this.device = device;
        this.gradientChunk = gradientChunk;
    }

    public Device device() {
        return device;
    }

    /** Feature-major batch {@code dst} from rows {@code order[start .. start+count)} of row-major {@code src}. */
    public void gatherRows(DeviceBuffer src, int width, DeviceBuffer order, int start, int count, DeviceBuffer dst, int stride) {
        device.launch("gather_rows", width * count, src, width, order, start, count, dst, stride);
    }

    public void denseForward(DeviceBuffer in, int inStride, int inDim, int batch, DeviceBuffer params, int wOff, int bOff,
                             int outDim, int activation, DeviceBuffer out, int outStride) {
        // out = act(b + W·in): the rows of A are W's rows; no derivative factor (y unread)
        device.launchGroups("matmul_tiles", tiles(outDim) * tiles(batch), TILE_THREADS, params, wOff, inDim, 1, outDim,
                inDim, in, inStride, batch, bOff, activation, out, outStride, Activation.CODE_IDENTITY, out, 0);
    }

    /**
     * The dense backward pass of {@code ScalarKernels.denseBackward}: the activation derivative
     * into {@code dOut} (no kernel for the identity, whose derivative is 1), then
     * {@link #denseBackwardFromPreActivation} with no derivative for the input gradient.
     */
    public void denseBackward(DeviceBuffer in, int inStride, int inDim, int batch, DeviceBuffer params, int wOff,
                              int outDim, int activation, DeviceBuffer out, DeviceBuffer dOut, int outStride,
                              DeviceBuffer grads, int gwOff, int gbOff, DeviceBuffer dIn, int dInStride,
                              DeviceBuffer scratch) {
        activationBackward(dOut, out, outDim, batch, outStride, activation);
        denseBackwardFromPreActivation(in, inStride, inDim, batch, params, wOff, outDim, dOut, outStride, grads, gwOff,
                gbOff, dIn, dInStride, Activation.CODE_IDENTITY, scratch);
    }

    /** {@code dOut ← dOut·act'(out)}; nothing for the identity. */
    public void activationBackward(DeviceBuffer dOut, DeviceBuffer out, int rows, int batch, int stride, int activation) {
        if (activation != Activation.CODE_IDENTITY) {
            device.launch("activation_backward", rows * batch, dOut, out, rows, batch, stride, activation);
        }
    }

    /**
     * A dense layer's backward pass from {@code dZ}, the loss gradient with respect to its
     * pre-activation: the weight and bias gradients (written, not added) and, when {@code dIn}
     * is not null, {@code dIn = (Wᵀ·dZ)·inAct'(in)}, the gradient with respect to the layer
     * below's pre-activation when {@code in} is that layer's output and {@code inActivation}
     * its activation (the identity: the plain input gradient). The weight gradients sum the batch
     * per chunk into {@code scratch} (at least {@link #weightGradientScratch} floats) and then the
     * chunks in order; a batch of one chunk is written straight to {@code grads}.
     */
    public void denseBackwardFromPreActivation(DeviceBuffer in, int inStride, int inDim, int batch, DeviceBuffer params,
                                               int wOff, int outDim, DeviceBuffer dZ, int dStride, DeviceBuffer grads,
                                               int gwOff, int gbOff, DeviceBuffer dIn, int dInStride, int inActivation,
                                               DeviceBuffer scratch) {
        int weights = outDim * (inDim + 1);
        int chunks = chunks(batch, gradientChunk);
        int direct = chunks == 1 ? 1 : 0;
        if (inDim <= NARROW_INPUTS) {
            device.launch("dense_weight_grad_partial_narrow", weights * chunks, in, inStride, inDim, batch, dZ, dStride,
                    outDim, gradientChunk, scratch, direct, grads, gwOff, gbOff);
        } else {
            device.launchGroups("dense_weight_grad_partial", chunks * tiles(outDim) * tiles(inDim), TILE_THREADS, in,
                    inStride, inDim, batch, dZ, dStride, outDim, gradientChunk, scratch, direct, grads, gwOff, gbOff);
        }
        if (direct == 0) {
            device.launch("dense_weight_grad_sum", weights, scratch, chunks, inDim, outDim, grads, gwOff, gbOff);
        }
        if (dIn != null) {
            // dIn = Wᵀ·dZ: the rows of A are W's columns (step 1 along a row of W, inDim down a column)
            device.launchGroups("matmul_tiles", tiles(inDim) * tiles(batch), TILE_THREADS, params, wOff, 1, inDim, inDim,
                    outDim, dZ, dStride, batch, -1, Activation.CODE_IDENTITY, dIn, dInStride, inActivation, in,
                    inStride);
        }
    }

    /** Tiles of {@link #TILE} along a dimension of {@code n}, at least 1. */
    private static int tiles(int n) {
        return chunks(n, TILE);
    }

    /** The scratch floats {@link #denseBackward} needs for a layer of {@code weights} weights and biases. */
    public int weightGradientScratch(int weights, int batch) {
        return weights * chunks(batch, gradientChunk);
    }

    /**
     * The mixture's NLL per sample and its gradient times {@code scale} for {@code head}:
     * {@code ScalarKernels.mixtureNll} for the isotropic head, {@code mixtureNllDiagonal} for the
     * diagonal one.
     *
     * @throws IllegalArgumentException for the full head, which has no device kernel
     */
    public void mixtureNll(Head head, DeviceBuffer out, int hs, int k, int l, int batch, DeviceBuffer target, int ts,
                           float logSigmaFloor, float scale, DeviceBuffer dHead, int ds, DeviceBuffer nll) {
        if (head == Head.FULL) {
            throw new IllegalArgumentException("the full head has no device kernel");
        }
        device.launch("mixture_nll", batch, out, hs, k, l, head.code(), batch, target, ts, logSigmaFloor, scale,
                dHead, ds, nll);
    }

    /** The L2 baseline's per-sample squared error and its gradient ({@code ScalarKernels.mseLoss}). */
    public void mseLoss(DeviceBuffer pred, int ps, DeviceBuffer target, int ts, int rows, int batch, float scale,
                        DeviceBuffer grad, int gs, DeviceBuffer loss) {
        device.launch("mse_loss", batch, pred, ps, target, ts, rows, batch, scale, grad, gs, loss);
    }

    /**
     * Writes {@code Σ x[i]·factor} over {@code x[0..count)} to {@code out[outAt]} in a fixed
     * order: {@link #REDUCE_CHUNK}-element partial sums into {@code partials}, then partial sums
     * of those, level by level, until one is left. {@code partials} holds at least
     * {@link #partials(int)} elements.
     */
    public void sum(DeviceBuffer x, int count, float factor, DeviceBuffer partials, DeviceBuffer out, int outAt) {
        int groups = chunks(count, REDUCE_CHUNK);
        device.launch("reduce_sum", groups, x, 0, count, REDUCE_CHUNK, factor, partials, 0);
        // each level reads the previous level's sums and writes its own beside them: levels
        // alternate between the buffer's start and the end of level 0, which later levels never reach
        int from = 0;
        int to = groups;
        while (groups > REDUCE_CHUNK) {
            int next = chunks(groups, REDUCE_CHUNK);
            device.launch("reduce_sum", next, partials, from, groups, REDUCE_CHUNK, 1f, partials, to);
            int written = to;
            to = from;
            from = written;
            groups = next;
        }
        device.launch("reduce_sum", 1, partials, from, groups, groups, 1f, out, outAt);
    }

    /** The partial sums {@link #sum} needs for {@code count} elements. */
    public static int partials(int count) {
        int first = chunks(count, REDUCE_CHUNK);
        return first + chunks(first, REDUCE_CHUNK);
    }

    /** {@code ceil(count / chunk)}, at least 1. */
    private static int chunks(int count, int chunk) {
        return Math.max(1, (count + chunk - 1) / chunk);
    }

    /**
     * Adam over {@code n} parameters; {@code state} is {@code [values | m | v]}, {@code n} each;
     * the state before the update is copied to {@code backup}.
     */
    public void adam(DeviceBuffer state, DeviceBuffer grads, int n, float lr, float beta1, float beta2, float eps,
                     float bc1, float bc2, DeviceBuffer backup) {
        device.launch("adam", n, state, grads, n, lr, beta1, beta2, eps, bc1, bc2, backup);
    }
}
