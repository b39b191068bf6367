package org.mdn4j.mixture;

import org.mdn4j.data.Scaler;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.kernel.ScalarKernels;
import org.mdn4j.kernel.SimdRowForward;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Workspace;

/**
 * Runs a trained model's network over inputs in the data's units: a model trained on
 * standardised data ({@link Model#scaler()}) has its inputs standardised here, so the outputs are
 * the head over standardised targets ({@link TargetUnits} maps its statistics back). Safe to
 * share between threads: each thread gets
 * its own workspace, made on its first call, so calls allocate nothing after that. A caller that
 * manages its own buffers instead (a pool that is dropped with the model, where per-thread
 * buffers would outlive it in every thread that called) passes a {@link Scratch} of its own.
 * The model's parameters are taken as fixed: the SIMD single-row path keeps a transposed copy.
 */
public final class Predictor {

    /** Samples per forward pass; a larger request is processed in blocks of this many. */
    private static final int BLOCK = 256;

    private final Model model;
    private final Scaler scaler;
    private final Network network;
    private final ThreadLocal<Scratch> scratch;
    private final int[] activationCodes;
    private final int outputs;
    /** Per layer, for {@link #outputsOfOne}: its shape and where its weights and bias start. */
    private final int[] inDims;
    private final int[] outDims;
    private final int[] weightOffsets;
    private final int[] biasOffsets;
    /** The Vector API single-row pass, where the kernels are the SIMD ones; null otherwise. */
    private final SimdRowForward vectorRows;

    public Predictor(Model model, Kernels kernels) {
        this.model = model;
        this.scaler = model.scaler();
        ModelSpec spec = model.spec();
        this.network = new Network(spec, kernels);
        this.scratch = ThreadLocal.withInitial(this::newScratch);
        ParameterLayout layout = network.layout();
        this.outputs = spec.outputs();
        this.activationCodes = new int[spec.layerCount()];
        this.inDims = new int[activationCodes.length];
        this.outDims = new int[activationCodes.length];
        this.weightOffsets = new int[activationCodes.length];
        this.biasOffsets = new int[activationCodes.length];
        for (int i = 0; i < activationCodes.length; i++) {
            activationCodes[i] = spec.layerActivation(i).code();
            inDims[i] = spec.layerIn(i);
            outDims[i] = spec.layerOut(i);
            weightOffsets[i] = layout.weightOffset(i);
            biasOffsets[i] = layout.biasOffset(i);
        }
        // by name: touching SimdBackend would initialise the Vector API even for the scalar kernels,
        // which must work in a JVM without jdk.incubator.vector
        this.vectorRows = "simd".equals(kernels.name()) ? new SimdRowForward(inDims, outDims, activationCodes,
                model.parameters(), weightOffsets, biasOffsets) : null;
    }

    /**
     * One caller's buffers: two rows as wide as the widest layer (padded to whole vectors for the
     * Vector API pass), one for the standardised inputs, and a workspace made on first use.
     */
    public static final class Scratch {
        private final float[][] rows;
        private Workspace workspace;

        private Scratch(int width, int inputs) {
            rows = new float[][] {new float[width], new float[width], new float[inputs]};
        }
    }

    /** Buffers for one caller at a time, for the methods that take a {@link Scratch}. */
    public Scratch newScratch() {
        int width = model.spec().maxWidth();
        if (vectorRows != null) {
            width = Math.max(width, vectorRows.scratchWidth());
        }
        return new Scratch(width, model.spec().inputs());
    }

    /** As {@link #outputsOfOne(float[], int, float[], int, Scratch)} with this thread's buffers. */
    public void outputsOfOne(float[] x, int xOff, float[] out, int outOff) {
        outputsOfOne(x, xOff, out, outOff, scratch.get());
    }

    /** As {@link #outputsOfOne(float[], int, Scratch)} with this thread's buffers. */
    public float[] outputsOfOne(float[] x, int xOff) {
        return outputsOfOne(x, xOff, scratch.get());
    }

    /**
     * The outputs of one input row {@code x[xOff .. xOff+inputs)} into {@code out[outOff ..]}:
     * the latency path for a service answering one request at a time, on plain rows with no
     * gather or transpose. With the SIMD kernels it runs {@link SimdRowForward} (vectors along
     * each layer's outputs), otherwise the scalar kernel on a feature-major batch of one; both
     * give the same bits as {@link #outputs} with the scalar kernels.
     */
    public void outputsOfOne(float[] x, int xOff, float[] out, int outOff, Scratch s) {
        System.arraycopy(outputsOfOne(x, xOff, s), 0, out, outOff, outputs);
    }

    /**
     * As {@link #outputsOfOne(float[], int, float[], int, Scratch)}, without the copy: returns the
     * scratch row that holds the outputs at {@code [0 .. outputs())}, valid until the scratch's
     * next use (a second call overwrites it, so {@code x} must not be a row this scratch
     * returned). The copy is a measurable share of a call this short.
     */
    public float[] outputsOfOne(float[] x, int xOff, Scratch s) {
        return outputsOfOne(x, xOff, s, outputs);
    }

    /**
     * As {@link #outputsOfOne(float[], int, Scratch)}, computing only the outputs
     * {@code [0 .. wanted)} ({@code wanted} ≥ 1; the SIMD pass may compute a few past them, up to
     * a whole vector); the rest of the returned row is unspecified. A prediction's mean and mode
     * read only the π logits and the means, the first K + K·L outputs.
     */
    public float[] outputsOfOne(float[] x, int xOff, Scratch s, int wanted) {
        float[][] buf = s.rows;
        float[] in = x;
        int inOff = xOff;
        if (scaler != null) {
            in = buf[2];
            inOff = 0;
            for (int f = 0; f < in.length; f++) {
                in[f] = scaler.input(f, x[xOff + f]);
            }
        }
        if (vectorRows != null) {
            return vectorRows.forward(in, inOff, buf[0], buf[1], wanted);
        }
        float[] params = model.parameters();
        int last = activationCodes.length - 1;
        for (int layer = 0; layer <= last; layer++) {
            float[] dst = buf[layer & 1];
            int outDim = layer == last ? Math.min(outDims[layer], wanted) : outDims[layer];
            rowForward(in, inOff, inDims[layer], params, weightOffsets[layer], biasOffsets[layer], outDim,
                    activationCodes[layer], dst, 0);
            in = dst;
            inOff = 0;
        }
        return in;
    }

    /**
     * One layer on one row: {@link ScalarKernels#denseForward} for a batch of one with stride 1 —
     * the same operations in the same order, so the same bits — in a method of its own, so the JIT
     * compiles it for rows of one rather than with the profile of the long batches that training
     * runs through the shared kernel in the same process.
     */
    private static void rowForward(float[] in, int inOff, int inDim, float[] p, int wOff, int bOff, int outDim,
                                   int activation, float[] out, int outOff) {
        for (int j = 0; j < outDim; j++) {
            float acc = p[bOff + j];
            int w = wOff + j * inDim;
            for (int i = 0; i < inDim; i++) {
                acc += p[w + i] * in[inOff + i];
            }
            out[outOff + j] = ScalarKernels.activate(activation, acc);
        }
    }

    public Model model() {
        return model;
    }

    /** Width of one output row: the head for an MDN, the prediction for an MLP. */
    public int outputs() {
        return outputs;
    }

    /**
     * Runs the network on rows {@code first .. first+count)} of the row-major inputs {@code x}
     * and writes each sample's outputs as a row: sample {@code n}'s output {@code r} at
     * {@code out[outOff + n·outputs() + r]}.
     */
    public void outputs(float[] x, int first, int count, float[] out, int outOff) {
        outputs(x, first, count, out, outOff, scratch.get());
    }

    /** As {@link #outputs(float[], int, int, float[], int)}, with the caller's buffers. */
    public void outputs(float[] x, int first, int count, float[] out, int outOff, Scratch s) {
        if (s.workspace == null) {
            s.workspace = new Workspace(model.spec(), BLOCK);
        }
        Workspace ws = s.workspace;
        int inputs = model.spec().inputs();
        int width = outputs();
        int stride = ws.capacity();
        for (int done = 0; done < count; done += BLOCK) {
            int block = Math.min(BLOCK, count - done);
            Workspace.gatherRange(x, inputs, first + done, block, ws.input, ws.base, stride);
            if (scaler != null) {
                scaler.inputsInPlace(ws.input, ws.base, stride, block);
            }
            network.forward(ws, model.parameters(), block);
            float[] o = ws.output();
            for (int n = 0; n < block; n++) {
                int row = outOff + (done + n) * width;
                for (int r = 0; r < width; r++) {
                    out[row + r] = o[ws.base + r * stride + n];
                }
            }
        }
    }
}
