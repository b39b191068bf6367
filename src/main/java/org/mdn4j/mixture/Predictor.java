package org.mdn4j.mixture;

import org.mdn4j.io.Model;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.Workspace;

/**
 * Runs a trained model's network over inputs. Safe to share between threads: each thread gets
 * its own workspace, made on its first call, so calls allocate nothing after that.
 */
public final class Predictor {

    /** Samples per forward pass; a larger request is processed in blocks of this many. */
    private static final int BLOCK = 256;

    private final Model model;
    private final Network network;
    private final ThreadLocal<Workspace> workspace;

    public Predictor(Model model, Kernels kernels) {
        this.model = model;
        this.network = new Network(model.spec(), kernels);
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(model.spec(), BLOCK));
    }

    public Model model() {
        return model;
    }

    /** Width of one output row: the head for an MDN, the prediction for an MLP. */
    public int outputs() {
        return model.spec().outputs();
    }

    /**
     * Runs the network on rows {@code first .. first+count)} of the row-major inputs {@code x}
     * and writes each sample's outputs as a row: sample {@code n}'s output {@code r} at
     * {@code out[outOff + n·outputs() + r]}.
     */
    public void outputs(float[] x, int first, int count, float[] out, int outOff) {
        Workspace ws = workspace.get();
        int inputs = model.spec().inputs();
        int width = outputs();
        int stride = ws.capacity();
        for (int done = 0; done < count; done += BLOCK) {
            int block = Math.min(BLOCK, count - done);
            Workspace.gatherRange(x, inputs, first + done, block, ws.input, stride);
            network.forward(ws, model.parameters(), block);
            float[] o = ws.output();
            for (int n = 0; n < block; n++) {
                int row = outOff + (done + n) * width;
                for (int r = 0; r < width; r++) {
                    out[row + r] = o[r * stride + n];
                }
            }
        }
    }
}
