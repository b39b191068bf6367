package org.mdn4j.train;

import java.util.Arrays;
import org.mdn4j.data.Dataset;
import org.mdn4j.nn.ModelSpec;
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
 *
 * <p><b>Micro-batches.</b> A chunk runs forward and backward in consecutive slices of at most
 * {@link #microBatch} samples, each slice's gradient added to the chunk's. Every layer's
 * activations and gradients for one slice fit in about {@link #MICRO_BATCH_BYTES} (a core's L2
 * cache), so a wide layer re-reads its inputs from cache rather than from memory, and a
 * workspace holds O(slice × width) floats however large the batch. The slice size depends on the
 * model's shape only, never on the machine, so results stay repeatable everywhere.
 *
 * <p><b>Non-finite guard.</b> A step whose loss or gradient is not finite leaves the parameters
 * untouched and is skipped: forward and backward do not depend on the learning rate, so retrying
 * the batch could only repeat the same numbers. A step whose Adam update leaves a parameter or
 * moment non-finite is undone from copies taken just before it (preallocated, so the guard
 * allocates nothing) and retried once at half the learning rate; if that is not finite either,
 * the step is undone again and skipped. Either way the event is counted
 * ({@link #nonFiniteSteps()}). The epoch's mean loss leaves out only steps whose loss itself was
 * not finite: a finite loss measures the parameters even when their update was refused. Adam's
 * second moment holds g² in float, so a gradient beyond about 1.8e19 overflows it at any rate;
 * such steps are skipped, which halts training on data scaled that badly.
 *
 * <p>The trainer's whole evolving state is {@link #snapshot()}: restoring it into a fresh trainer
 * of the same spec, data, config and kernels continues the run bitwise-identically.
 */
public final class Trainer implements TrainingLoop {

    private final Network network;
    private final Parameters params;
    private final Dataset data;
    private final TrainConfig config;
    private final int n;
    private final int batch;
    private final boolean fullBatch;
    private final int[] order;
    private final Workspace[] workspaces;
    /**
     * Samples per slice. A workspace may hold more (its stride rounded up for aligned rows), so
     * the slices are cut by this, not by its capacity: the same slices, and bits, with or without
     * {@code -XX:ObjectAlignmentInBytes=64}.
     */
    private final int slice;
    private final float[][] chunkGrads;
    private final double[] chunkLoss;
    private final WorkerPool pool;
    private final float lossNormaliser;
    /** Parameters and moments as they were before the current Adam update, to undo it. */
    private final float[] backupValues;
    private final float[] backupM;
    private final float[] backupV;
    /** {@link #step} as the epoch loop calls it, made once so that an epoch allocates nothing. */
    private final EpochTimes.Step stepFunction = this::step;
    private boolean gathered;
    private int stepStart;
    private int stepSize;
    private float stepScale;
    private long adamStep;
    private int epochsDone;
    private long nonFiniteSteps;
    private double lastLoss = Double.NaN;
    /** Largest global gradient norm a step may apply; 0 is off. */
    private float clipNorm;

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
        int threads = config.threads();
        int chunk = (batch + threads - 1) / threads;
        int capacity = Math.min((chunk + 7) & ~7, microBatch(network.spec()));
        this.slice = capacity;
        this.workspaces = new Workspace[threads];
        this.chunkGrads = new float[threads][];
        for (int c = 0; c < threads; c++) {
            workspaces[c] = new Workspace(network.spec(), capacity);
            chunkGrads[c] = c == 0 ? params.grads : new float[params.grads.length];
        }
        this.chunkLoss = new double[threads];
        this.lossNormaliser = network.spec().type() == ModelType.MLP ? network.spec().targets() : 1;
        int size = params.values.length;
        this.backupValues = new float[size];
        this.backupM = new float[size];
        this.backupV = new float[size];
        this.pool = new WorkerPool(threads, this::runChunk);
    }

    /** The budget for one slice's activations and gradients: half of a typical 2 MiB L2. */
    static final int MICRO_BATCH_BYTES = 1 << 20;

    /**
     * Samples per slice for {@code spec}: the floats one sample occupies in a workspace (inputs,
     * targets, every layer's output, two gradient rows of the widest layer, its loss) into
     * {@link #MICRO_BATCH_BYTES}, rounded down to a multiple of 64 and kept within [256, 16384].
     */
    static int microBatch(ModelSpec spec) {
        long floats = spec.inputs() + spec.targets() + 2L * spec.maxWidth() + 1;
        for (int i = 0; i < spec.layerCount(); i++) {
            floats += spec.layerOut(i);
        }
        long samples = MICRO_BATCH_BYTES / (4 * floats);
        return (int) Math.max(256, Math.min(16384, samples & ~63L));
    }

    /**
     * Trains from the epoch after {@link #epochsDone()} up to the configured epochs and reports
     * each epoch's mean loss; a restored trainer thus finishes the interrupted run.
     */
    public TrainResult train(EpochListener listener) {
        int first = epochsDone;
        EpochTimes times = EpochTimes.run(first, config.epochs(), this::epoch, listener);
        return new TrainResult(times.history().length, first, n, times.seconds(), times.secondHalfSeconds(),
                times.history(), lastLoss, nonFiniteSteps, network.kernels().name(), config.threads());
    }

    /**
     * One pass over the data; returns the mean loss per sample over the steps whose loss was
     * finite (NaN if none was).
     */
    public double epoch() {
        if (!fullBatch) {
            EpochShuffle.permutation(order, n, config.seed(), epochsDone + 1L);
        }
        lastLoss = EpochTimes.meanLoss(n, batch, lossNormaliser, stepFunction);
        epochsDone++;
        return lastLoss;
    }

    /**
     * One Adam step on rows {@code order[start .. start+size)}; returns the summed loss, NaN if
     * that is not finite.
     */
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
        double loss = 0;
        for (double l : chunkLoss) {
            loss += l;
        }
        if (!Double.isFinite(loss)) {
            nonFiniteSteps++;
            return Double.NaN;
        }
        if (clipNorm > 0) {
            clipGlobalNorm(grads, clipNorm);
        }
        if (!allFinite(grads)) {
            nonFiniteSteps++;
        } else if (!update(config.lr())) {
            nonFiniteSteps++;
            update(config.lr() * 0.5f);
        }
        // the loss of the parameters the step started from, whether or not it moved them
        return loss;
    }

    /**
     * Turns on global gradient-norm clipping: a step whose summed gradient g has ‖g‖₂ above
     * {@code maxNorm} applies g·maxNorm/‖g‖₂ instead (PyTorch's {@code clip_grad_norm_}); 0 turns it
     * off. The norm is summed in double in parameter order, so clipping stays deterministic.
     */
    @Override
    public void clipGradientNorm(float maxNorm) {
        clipNorm = ClipNorm.check(maxNorm, "the clipping norm");
    }

    /** Scales {@code g} down to norm {@code maxNorm} if it is longer; a non-finite norm is left to the guard. */
    static void clipGlobalNorm(float[] g, float maxNorm) {
        double sum = 0;
        for (float x : g) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm > maxNorm && Double.isFinite(norm)) {
            float factor = (float) (maxNorm / norm);
            for (int i = 0; i < g.length; i++) {
                g[i] *= factor;
            }
        }
    }

    /** Applies Adam at rate {@code lr}; undoes it and returns false if it left anything non-finite. */
    private boolean update(float lr) {
        int size = params.values.length;
        System.arraycopy(params.values, 0, backupValues, 0, size);
        System.arraycopy(params.m, 0, backupM, 0, size);
        System.arraycopy(params.v, 0, backupV, 0, size);
        adamStep++;
        float bc1 = (float) (1 - Math.pow(config.beta1(), adamStep));
        float bc2 = (float) (1 - Math.pow(config.beta2(), adamStep));
        network.kernels().adam(params.values, params.grads, params.m, params.v, 0, size,
                lr, config.beta1(), config.beta2(), config.eps(), bc1, bc2);
        if (allFinite(params.values) && allFinite(params.m) && allFinite(params.v)) {
            return true;
        }
        System.arraycopy(backupValues, 0, params.values, 0, size);
        System.arraycopy(backupM, 0, params.m, 0, size);
        System.arraycopy(backupV, 0, params.v, 0, size);
        adamStep--;
        return false;
    }

    /**
     * Branch-free scan: {@code x·0} is 0 for a finite x and NaN for ±∞ or NaN. Four probes, so that
     * the scan is not one chain of dependent additions: a step runs it four times over every
     * parameter, which on the seed problem's 94 parameters cost as much as a dense layer.
     */
    static boolean allFinite(float[] a) {
        float p0 = 0f;
        float p1 = 0f;
        float p2 = 0f;
        float p3 = 0f;
        int i = 0;
        for (; i + 4 <= a.length; i += 4) {
            p0 += a[i] * 0f;
            p1 += a[i + 1] * 0f;
            p2 += a[i + 2] * 0f;
            p3 += a[i + 3] * 0f;
        }
        for (; i < a.length; i++) {
            p0 += a[i] * 0f;
        }
        return (p0 + p1) + (p2 + p3) == 0f;
    }

    /** Epochs completed (restored ones included). */
    public int epochsDone() {
        return epochsDone;
    }

    /** Steps whose loss, gradient or update was not finite, since the run began. */
    public long nonFiniteSteps() {
        return nonFiniteSteps;
    }

    /** A copy of the trainer's evolving state, for a checkpoint; call it between epochs. */
    public TrainState snapshot() {
        return new TrainState(epochsDone, adamStep, nonFiniteSteps, lastLoss, params.values.clone(),
                params.m.clone(), params.v.clone());
    }

    /** Continues from {@code state}, a snapshot of a trainer of the same spec, data and config. */
    public void restore(TrainState state) {
        int size = params.values.length;
        if (state.values().length != size) {
            throw new IllegalArgumentException("the state holds " + state.values().length
                    + " parameters; this model has " + size);
        }
        System.arraycopy(state.values(), 0, params.values, 0, size);
        System.arraycopy(state.m(), 0, params.m, 0, size);
        System.arraycopy(state.v(), 0, params.v, 0, size);
        adamStep = state.adamStep();
        epochsDone = state.epoch();
        nonFiniteSteps = state.nonFiniteSteps();
        lastLoss = state.lastLoss();
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
        // A chunk that fits one slice keeps its gathered rows across full-batch epochs.
        boolean resident = count <= this.slice;
        double loss = 0;
        for (int from = lo; from < hi; from += this.slice) {
            int slice = Math.min(this.slice, hi - from);
            if (!(gathered && resident)) {
                Workspace.gather(data.x(), data.inputs(), order, from, slice, ws.input, ws.base, ws.capacity());
                Workspace.gather(data.t(), data.targets(), order, from, slice, ws.target, ws.base, ws.capacity());
            }
            network.forward(ws, params.values, slice);
            loss += network.lossAndGradient(ws, slice, stepScale);
            network.backward(ws, params.values, g, slice);
        }
        chunkLoss[c] = loss;
    }

    @Override
    public String describe() {
        return network.kernels().describe();
    }

    @Override
    public void close() {
        pool.close();
    }
}
