package org.mdn4j.nn;

/**
 * One thread's activations and their gradients, sized once for {@code capacity} samples. All
 * buffers are feature-major with stride {@code capacity} (see {@link org.mdn4j.kernel.Kernels}).
 * A training step or a batched prediction uses only these buffers, so it allocates nothing.
 */
public final class Workspace {

    final int capacity;
    /** Inputs, {@code inputs × capacity}. */
    public final float[] input;
    /** Targets, {@code targets × capacity}. */
    public final float[] target;
    /** Each layer's output, {@code out × capacity}. */
    final float[][] activations;
    /** Ping-pong buffers for ∂E/∂(layer output), {@code maxWidth × capacity}. */
    final float[] deltaA;
    final float[] deltaB;
    /** Per-sample loss. */
    final float[] loss;

    public Workspace(ModelSpec spec, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("workspace capacity must be at least 1");
        }
        long cells = (long) spec.maxWidth() * capacity;
        if (cells > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("batch of " + capacity + " too large for layers of width "
                    + spec.maxWidth());
        }
        this.capacity = capacity;
        this.input = new float[spec.inputs() * capacity];
        this.target = new float[spec.targets() * capacity];
        this.activations = new float[spec.layerCount()][];
        for (int i = 0; i < spec.layerCount(); i++) {
            activations[i] = new float[spec.layerOut(i) * capacity];
        }
        this.deltaA = new float[(int) cells];
        this.deltaB = new float[(int) cells];
        this.loss = new float[capacity];
    }

    /** The number of samples this workspace holds; also the stride of every buffer. */
    public int capacity() {
        return capacity;
    }

    /** The last layer's output (the head, for an MDN), feature-major with stride {@link #capacity()}. */
    public float[] output() {
        return activations[activations.length - 1];
    }

    /** Per-sample losses of the last {@link Network#lossAndGradient} call. */
    public float[] sampleLoss() {
        return loss;
    }

    /** Copies rows {@code rows[from..from+count)} of a row-major matrix into a feature-major buffer. */
    public static void gather(float[] src, int width, int[] rows, int from, int count, float[] dst, int stride) {
        for (int n = 0; n < count; n++) {
            int base = rows[from + n] * width;
            for (int f = 0; f < width; f++) {
                dst[f * stride + n] = src[base + f];
            }
        }
    }

    /** Copies rows {@code first..first+count)} of a row-major matrix into a feature-major buffer. */
    public static void gatherRange(float[] src, int width, int first, int count, float[] dst, int stride) {
        for (int n = 0; n < count; n++) {
            int base = (first + n) * width;
            for (int f = 0; f < width; f++) {
                dst[f * stride + n] = src[base + f];
            }
        }
    }
}
