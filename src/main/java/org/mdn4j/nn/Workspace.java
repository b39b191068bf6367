package org.mdn4j.nn;

import org.mdn4j.kernel.BufferAlignment;

/**
 * One thread's activations and their gradients, sized once for {@code capacity} samples. All
 * buffers are feature-major: feature {@code f} of sample {@code n} at {@code base + f·capacity + n}
 * (see {@link org.mdn4j.kernel.Kernels}), where {@code base} and the capacity's rounding put every
 * row on a cache line when the JVM allows it ({@link BufferAlignment}). A training step or a
 * batched prediction uses only these buffers, so it allocates nothing.
 */
public final class Workspace {

    final int capacity;
    /** Where sample 0 of feature 0 sits in every buffer. */
    public final int base;
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

    /** Room for at least {@code capacity} samples, rows aligned as {@link BufferAlignment} allows. */
    public Workspace(ModelSpec spec, int capacity) {
        this(spec, capacity, BufferAlignment.PAD, BufferAlignment.QUANTUM);
    }

    /** Rows start at {@code base}; the capacity is rounded up to a multiple of {@code quantum}. */
    Workspace(ModelSpec spec, int capacity, int base, int quantum) {
        if (capacity < 1) {
            throw new IllegalArgumentException("workspace capacity must be at least 1");
        }
        long cells = (long) spec.maxWidth() * BufferAlignment.roundUp(capacity, quantum) + base;
        if (capacity > Integer.MAX_VALUE - quantum || cells > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("batch of " + capacity + " too large for layers of width "
                    + spec.maxWidth());
        }
        this.capacity = BufferAlignment.roundUp(capacity, quantum);
        this.base = base;
        this.input = new float[base + spec.inputs() * this.capacity];
        this.target = new float[base + spec.targets() * this.capacity];
        this.activations = new float[spec.layerCount()][];
        for (int i = 0; i < spec.layerCount(); i++) {
            activations[i] = new float[base + spec.layerOut(i) * this.capacity];
        }
        this.deltaA = new float[(int) cells];
        this.deltaB = new float[(int) cells];
        this.loss = new float[base + this.capacity];
    }

    /** The number of samples this workspace holds (at least the capacity asked for); also the stride of every buffer. */
    public int capacity() {
        return capacity;
    }

    /** The last layer's output (the head, for an MDN), feature-major from {@link #base} with stride {@link #capacity()}. */
    public float[] output() {
        return activations[activations.length - 1];
    }

    /** Per-sample losses of the last {@link Network#lossAndGradient} call, sample n at {@code base + n}. */
    public float[] sampleLoss() {
        return loss;
    }

    /**
     * Copies rows {@code rows[from..from+count)} of a row-major matrix into a feature-major buffer
     * whose sample 0 of feature 0 is at {@code dstOff}.
     *
     * <p>Feature by feature, each a loop over the rows with nothing inside but one load and one
     * store: the loads of different rows are independent, so the core keeps many of them in
     * flight, which is what a shuffled minibatch of a large data set needs (its rows are cache
     * misses). Row by row with an inner loop over the features, a one-feature gather took about
     * three times as long (10⁷ rows: ~60 against ~20 ns a row for inputs and targets together,
     * 8% of a wide-model step); a row's later features come from the cache line the first one
     * brought in.
     */
    public static void gather(float[] src, int width, int[] rows, int from, int count, float[] dst, int dstOff,
                              int stride) {
        for (int f = 0; f < width; f++) {
            int d = dstOff + f * stride;
            for (int n = 0; n < count; n++) {
                dst[d + n] = src[rows[from + n] * width + f];
            }
        }
    }

    /** As {@link #gather} for the rows {@code first..first+count)}. */
    public static void gatherRange(float[] src, int width, int first, int count, float[] dst, int dstOff,
                                   int stride) {
        for (int f = 0; f < width; f++) {
            int d = dstOff + f * stride;
            int s = first * width + f;
            for (int n = 0; n < count; n++) {
                dst[d + n] = src[s + n * width];
            }
        }
    }
}
