package org.mdn4j.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.mdn4j.data.Dataset;
import org.mdn4j.nn.ModelType;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.Parameters;
import org.mdn4j.nn.Workspace;

/**
 * Minibatch training with Adam.
 *
 * <p>A step splits its batch into {@code threads} fixed chunks (chunk {@code c} takes rows
 * {@code [size·c/T, size·(c+1)/T)}); each chunk is gathered into its thread's
 * {@link Workspace}, run forward and backward into its own gradient buffer, and the buffers are
 * summed in chunk order before Adam updates the one parameter buffer. The chunking, the
 * reduction order and the seeded shuffle make a run bitwise repeatable for a given seed, kernels
 * and thread count. After construction a step allocates nothing.
 */
public final class Trainer implements AutoCloseable {

    private static final long SHUFFLE_STREAM = 0x5DEECE66DL;

    private final Network network;
    private final Parameters params;
    private final Dataset data;
    private final TrainConfig config;
    private final int n;
    private final int batch;
    private final boolean fullBatch;
    private final int[] order;
    private final SplittableRandom shuffleRng;
    private final Workspace[] workspaces;
    private final float[][] chunkGrads;
    private final double[] chunkLoss;
    private final WorkerPool pool;
    private final float lossNormaliser;
    private boolean gathered;
    private int stepStart;
    private int stepSize;
    private float stepScale;
    private long adamStep;

    public Trainer(Network network, Parameters params, Dataset data, TrainConfig config) {
        if (data.inputs() != network.spec().inputs() || data.targets() != network.spec().targets()) {
            throw new IllegalArgumentException("the data has " + data.inputs() + " inputs and " + data.targets()
                    + " targets; the model expects " + network.spec().inputs() + " and " + network.spec().targets());
        }
        this.network = network;
        this.params = params;
        this.data = data;
        this.config = config;
        this.n = data.size();
        this.batch = Math.min(config.batch(), n);
        this.fullBatch = batch == n;
        this.order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        this.shuffleRng = new SplittableRandom(config.seed() ^ SHUFFLE_STREAM);
        int threads = config.threads();
        int capacity = (batch + threads - 1) / threads;
        capacity = (capacity + 7) & ~7;
        this.workspaces = new Workspace[threads];
        this.chunkGrads = new float[threads][];
        for (int c = 0; c < threads; c++) {
            workspaces[c] = new Workspace(network.spec(), capacity);
            chunkGrads[c] = c == 0 ? params.grads : new float[params.grads.length];
        }
        this.chunkLoss = new double[threads];
        this.lossNormaliser = network.spec().type() == ModelType.MLP ? network.spec().targets() : 1;
        this.pool = new WorkerPool(threads, this::runChunk);
    }

    /** Trains for the configured epochs and reports each epoch's mean loss. */
    public TrainResult train(EpochListener listener) {
        float[] history = new float[config.epochs()];
        int half = config.epochs() / 2;
        long t0 = System.nanoTime();
        long tHalf = t0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            double loss = epoch();
            history[epoch - 1] = (float) loss;
            listener.epochDone(epoch, loss);
            if (epoch == half) {
                tHalf = System.nanoTime();
            }
        }
        long t1 = System.nanoTime();
        return new TrainResult(config.epochs(), n, (t1 - t0) / 1e9, (t1 - tHalf) / 1e9, history,
                network.kernels().name(), config.threads());
    }

    /** One pass over the data; returns the mean loss per sample. */
    public double epoch() {
        if (!fullBatch) {
            shuffle();
        }
        double total = 0;
        for (int start = 0; start < n; start += batch) {
            total += step(start, Math.min(batch, n - start));
        }
        return total / ((double) n * lossNormaliser);
    }

    /** One Adam step on rows {@code order[start .. start+size)}; returns the summed loss. */
    double step(int start, int size) {
        stepStart = start;
        stepSize = size;
        stepScale = 1f / (size * lossNormaliser);
        pool.run();
        gathered = fullBatch;
        float[] grads = params.grads;
        for (int c = 1; c < chunkGrads.length; c++) {
            float[] g = chunkGrads[c];
            for (int i = 0; i < grads.length; i++) {
                grads[i] += g[i];
            }
        }
        adamStep++;
        float bc1 = (float) (1 - Math.pow(config.beta1(), adamStep));
        float bc2 = (float) (1 - Math.pow(config.beta2(), adamStep));
        network.kernels().adam(params.values, grads, params.m, params.v, 0, grads.length,
                config.lr(), config.beta1(), config.beta2(), config.eps(), bc1, bc2);
        double loss = 0;
        for (double l : chunkLoss) {
            loss += l;
        }
        return loss;
    }

    private void runChunk(int c) {
        int threads = workspaces.length;
        int lo = stepStart + (int) ((long) stepSize * c / threads);
        int hi = stepStart + (int) ((long) stepSize * (c + 1) / threads);
        int count = hi - lo;
        float[] g = chunkGrads[c];
        Arrays.fill(g, 0f);
        if (count == 0) {
            chunkLoss[c] = 0;
            return;
        }
        Workspace ws = workspaces[c];
        if (!gathered) {
            Workspace.gather(data.x(), data.inputs(), order, lo, count, ws.input, ws.capacity());
            Workspace.gather(data.t(), data.targets(), order, lo, count, ws.target, ws.capacity());
        }
        network.forward(ws, params.values, count);
        chunkLoss[c] = network.lossAndGradient(ws, count, stepScale);
        network.backward(ws, params.values, g, count);
    }

    private void shuffle() {
        for (int i = n - 1; i > 0; i--) {
            int j = shuffleRng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
