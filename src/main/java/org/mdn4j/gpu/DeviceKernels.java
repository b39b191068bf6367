package org.mdn4j.gpu;

/**
 * The device kernels of {@code kernels/mdn4j_kernels.c}, typed: each method enqueues one kernel
 * with its work-item count. Buffers are whole device buffers (OpenCL C has no pointer offsets on
 * the host side), so a layer's weights are addressed through offsets into the parameter buffer,
 * as {@link org.mdn4j.nn.ParameterLayout} gives them.
 */
public final class DeviceKernels {

    /** Elements one work-item of {@link #sum} adds in each of the two passes. */
    static final int REDUCE_CHUNK = 256;

    private final Device device;

    public DeviceKernels(Device device) {
        this.device = device;
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
        device.launch("dense_forward", outDim * batch, in, inStride, inDim, batch, params, wOff, bOff, outDim,
                activation, out, outStride);
    }

    /**
     * The dense backward pass of {@code ScalarKernels.denseBackward} as three kernels: the
     * activation derivative into {@code dOut}, the weight and bias gradients (written, not added),
     * and the input gradient when {@code dIn} is not null.
     */
    public void denseBackward(DeviceBuffer in, int inStride, int inDim, int batch, DeviceBuffer params, int wOff,
                              int outDim, int activation, DeviceBuffer out, DeviceBuffer dOut, int outStride,
                              DeviceBuffer grads, int gwOff, int gbOff, DeviceBuffer dIn, int dInStride) {
        device.launch("activation_backward", outDim * batch, dOut, out, outDim, batch, outStride, activation);
        device.launch("dense_weight_grad", outDim * (inDim + 1), in, inStride, inDim, batch, dOut, outStride, outDim,
                grads, gwOff, gbOff);
        if (dIn != null) {
            device.launch("dense_input_grad", inDim * batch, params, wOff, inDim, outDim, dOut, outStride, batch,
                    dIn, dInStride);
        }
    }

    public void mixtureNllIsotropic(DeviceBuffer head, int hs, int k, int l, int batch, DeviceBuffer target, int ts,
                                    float logSigmaFloor, float scale, DeviceBuffer dHead, int ds, DeviceBuffer nll) {
        device.launch("mixture_nll_isotropic", batch, head, hs, k, l, batch, target, ts, logSigmaFloor, scale, dHead,
                ds, nll);
    }

    /**
     * Writes {@code Σ x[i]·factor} over {@code x[0..count)} to {@code out[outAt]} in a fixed
     * order: {@link #REDUCE_CHUNK}-element partial sums into {@code partials}, then their sum.
     * {@code partials} holds at least {@link #partials(int)} elements.
     */
    public void sum(DeviceBuffer x, int count, float factor, DeviceBuffer partials, DeviceBuffer out, int outAt) {
        int groups = partials(count);
        device.launch("reduce_sum", groups, x, count, REDUCE_CHUNK, factor, partials, 0);
        device.launch("reduce_sum", 1, partials, groups, groups, 1f, out, outAt);
    }

    /** The partial sums {@link #sum} needs for {@code count} elements. */
    public static int partials(int count) {
        return Math.max(1, (count + REDUCE_CHUNK - 1) / REDUCE_CHUNK);
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
