package org.mdn4j.gpu;

import org.mdn4j.data.Dataset;
import org.mdn4j.kernel.Activation;
import org.mdn4j.nn.Head;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ModelType;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;
import org.mdn4j.train.EpochListener;
import org.mdn4j.train.EpochShuffle;
import org.mdn4j.train.EpochTimes;
import org.mdn4j.train.TrainConfig;
import org.mdn4j.train.TrainResult;
import org.mdn4j.train.TrainState;
import org.mdn4j.train.TrainingLoop;

/**
 * Minibatch Adam on a {@link Device} (OpenCL or CUDA), step for step the CPU {@link org.mdn4j.train.Trainer} with
 * one thread: the same initial parameters (the caller's), the same per-epoch shuffle
 * ({@link EpochShuffle}), the same Adam with bias correction, the same non-finite guard.
 *
 * <p>It trains an MDN with the isotropic or diagonal head, or the L2 baseline MLP. The data set is
 * uploaded once. Each step gathers its rows on the device, runs forward, the loss (mixture NLL or
 * squared error), backward and Adam there, and reads back three floats: the batch's summed loss, a
 * finiteness probe of the gradient and one of the updated state. Adam runs before the host has
 * seen them, saving a copy of the state it overwrites; when the loss or gradient was not finite
 * the copy is put back (the CPU trainer's "skip"), and when the update overflowed it is put back
 * and the step retried once at half the rate, as on the CPU. Per epoch the host uploads the
 * shuffled row order (N ints, minibatch runs only). The parameters come back at the end of
 * {@link #train} and for {@link #snapshot()}.
 *
 * <p>Sums differ from the CPU trainer's only in float rounding: the device adds each reduction
 * in a fixed order of its own (see {@code kernels/README.md}), so a run repeats bit for bit on one
 * device.
 */
public final class DeviceTrainer implements TrainingLoop {

    /**
     * System property: the samples one work-item of the weight gradient's first stage sums
     * (default {@link DeviceKernels#DEFAULT_GRADIENT_CHUNK}), to tune a device without a rebuild.
     */
    public static final String GRADIENT_CHUNK_PROPERTY = "mdn4j.device.gradientChunk";

    private final Device device;
    private final DeviceKernels k;
    private final ModelSpec spec;
    private final ParameterLayout layout;
    private final Parameters params;
    private final TrainConfig config;
    private final int n;
    private final int batch;
    private final boolean fullBatch;
    private final int capacity;
    private final int size;
    private final int[] order;
    private final int[] activationCodes;
    private final DeviceBuffer x;
    private final DeviceBuffer t;
    private final DeviceBuffer rows;
    private final DeviceBuffer input;
    private final DeviceBuffer target;
    private final DeviceBuffer[] activations;
    private final DeviceBuffer deltaA;
    private final DeviceBuffer deltaB;
    private final DeviceBuffer loss;
    private final DeviceBuffer grads;
    private final DeviceBuffer state;
    private final DeviceBuffer backup;
    private final DeviceBuffer partials;
    /** The weight gradients' per-chunk partial sums, sized for the widest layer. */
    private final DeviceBuffer gradientScratch;
    /** The targets a step's summed loss is also divided by: 1 for an MDN, L for the MLP (as the CPU trainer). */
    private final float lossNormaliser;
    /** [summed loss, gradient probe, state probe] of the last step. */
    private final DeviceBuffer scalars;
    private final float[] scalarsHost = new float[3];
    private boolean gathered;
    private long adamStep;
    private int epochsDone;
    private long nonFiniteSteps;
    private double lastLoss = Double.NaN;

    /**
     * Uploads the data and {@code params} to {@code device}, which the trainer then owns and
     * closes.
     *
     * @throws IllegalArgumentException for a model the device kernels do not cover (the full
     *         head), or more than one host thread
     */
    public DeviceTrainer(Device device, ModelSpec spec, Parameters params, Dataset data, TrainConfig config) {
        this(device, spec, params, data, config,
                Integer.getInteger(GRADIENT_CHUNK_PROPERTY, DeviceKernels.DEFAULT_GRADIENT_CHUNK));
    }

    /** As the public constructor, with the weight gradients summed over chunks of {@code gradientChunk} samples. */
    DeviceTrainer(Device device, ModelSpec spec, Parameters params, Dataset data, TrainConfig config, int gradientChunk) {
        if (spec.type() == ModelType.MDN && spec.head() == Head.FULL) {
            throw new IllegalArgumentException("the " + device.name() + " backend has kernels for the isotropic and "
                    + "diagonal heads; train --head full with --backend scalar or simd");
        }
        if (config.threads() != 1) {
            throw new IllegalArgumentException("--threads " + config.threads() + " does not apply to the " + device.name() + " backend: "
                    + "the device runs each step's work-items itself");
        }
        if (data.inputs() != spec.inputs() || data.targets() != spec.targets()) {
            throw new IllegalArgumentException("the data has " + data.inputs() + " inputs and " + data.targets()
                    + " targets; the model expects " + spec.inputs() + " and " + spec.targets());
        }
        this.device = device;
        this.k = new DeviceKernels(device, gradientChunk);
        this.spec = spec;
        this.layout = params.layout();
        this.params = params;
        this.config = config;
        this.n = data.size();
        this.batch = Math.min(config.batch(), n);
        this.fullBatch = batch == n;
        this.capacity = (batch + 7) & ~7;
        this.lossNormaliser = spec.type() == ModelType.MLP ? spec.targets() : 1;
        this.size = layout.size();
        this.order = new int[n];
        this.activationCodes = new int[spec.layerCount()];
        for (int i = 0; i < activationCodes.length; i++) {
            activationCodes[i] = spec.layerActivation(i).code();
        }
        x = upload(data.x());
        t = upload(data.t());
        rows = device.buffer(n);
        input = device.buffer(spec.inputs() * capacity);
        target = device.buffer(spec.targets() * capacity);
        activations = new DeviceBuffer[spec.layerCount()];
        for (int i = 0; i < activations.length; i++) {
            activations[i] = device.buffer(spec.layerOut(i) * capacity);
        }
        deltaA = device.buffer(spec.maxWidth() * capacity);
        deltaB = device.buffer(spec.maxWidth() * capacity);
        loss = device.buffer(capacity);
        grads = device.buffer(size);
        state = device.buffer(3 * size);
        backup = device.buffer(3 * size);
        partials = device.buffer(DeviceKernels.partials(Math.max(capacity, 3 * size)));
        int widest = 0;
        for (int layer = 0; layer < activationCodes.length; layer++) {
            widest = Math.max(widest, spec.layerOut(layer) * (spec.layerIn(layer) + 1));
        }
        gradientScratch = device.buffer(k.weightGradientScratch(widest, batch));
        scalars = device.buffer(scalarsHost.length);
        writeState(params.values, params.m, params.v);
        if (fullBatch) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            device.write(rows, 0, order, 0, n);
        }
    }

    private DeviceBuffer upload(float[] a) {
        DeviceBuffer b = device.buffer(a.length);
        device.write(b, 0, a, 0, a.length);
        return b;
    }

    @Override
    public TrainResult train(EpochListener listener) {
        int first = epochsDone;
        EpochTimes times = EpochTimes.run(first, config.epochs(), this::epoch, listener);
        readState(params.values, params.m, params.v);
        return new TrainResult(times.history().length, first, n, times.seconds(), times.secondHalfSeconds(),
                times.history(), lastLoss, nonFiniteSteps, device.name(), 1);
    }

    @Override
    public double epoch() {
        if (!fullBatch) {
            EpochShuffle.permutation(order, n, config.seed(), epochsDone + 1L);
            device.write(rows, 0, order, 0, n);
        }
        lastLoss = EpochTimes.meanLoss(n, batch, lossNormaliser, this::step);
        epochsDone++;
        return lastLoss;
    }

    /** One Adam step on rows {@code order[start .. start+count)}; the summed loss, NaN if not finite. */
    private double step(int start, int count) {
        if (!gathered) {
            k.gatherRows(x, spec.inputs(), rows, start, count, input, capacity);
            k.gatherRows(t, spec.targets(), rows, start, count, target, capacity);
            gathered = fullBatch;
        }
        forward(count);
        lossAndGradient(count);
        backward(count);
        k.sum(loss, count, 1f, partials, scalars, 0);
        k.sum(grads, size, 0f, partials, scalars, 1);
        update(config.lr());
        device.read(scalars, 0, scalarsHost, 0, scalarsHost.length);
        double stepLoss = scalarsHost[0];
        if (!Double.isFinite(stepLoss) || Float.isNaN(scalarsHost[1])) {
            // the CPU trainer skips such a step before Adam; here Adam already ran, so undo it
            undo();
            nonFiniteSteps++;
            return Double.isFinite(stepLoss) ? stepLoss : Double.NaN;
        }
        if (Float.isNaN(scalarsHost[2])) {
            undo();
            nonFiniteSteps++;
            update(config.lr() * 0.5f);
            if (Float.isNaN(device.read(scalars, 2))) {
                undo();
            } else {
                adamStep++;
            }
        } else {
            adamStep++;
        }
        return stepLoss;
    }

    private void forward(int count) {
        DeviceBuffer in = input;
        for (int layer = 0; layer < activationCodes.length; layer++) {
            k.denseForward(in, capacity, spec.layerIn(layer), count, state, layout.weightOffset(layer),
                    layout.biasOffset(layer), spec.layerOut(layer), activationCodes[layer], activations[layer],
                    capacity);
            in = activations[layer];
        }
    }

    /** The per-sample loss into {@code loss} and its gradient, scaled to the batch mean, into {@code deltaA}. */
    private void lossAndGradient(int count) {
        DeviceBuffer out = activations[activations.length - 1];
        float scale = 1f / (count * lossNormaliser);
        if (spec.type() == ModelType.MLP) {
            k.mseLoss(out, capacity, target, capacity, spec.targets(), count, scale, deltaA, capacity, loss);
        } else {
            k.mixtureNll(spec.head(), out, capacity, spec.components(), spec.targets(), count, target, capacity,
                    spec.logSigmaFloor(), scale, deltaA, capacity, loss);
        }
    }

    /**
     * From the loss gradient of the top layer's output: that layer's activation derivative once,
     * then each layer from its pre-activation gradient, the input gradient of each carrying the
     * derivative of the layer below (one kernel fewer per layer than applying it separately, and
     * the same float operations).
     */
    private void backward(int count) {
        DeviceBuffer delta = deltaA;
        DeviceBuffer next = deltaB;
        int top = activationCodes.length - 1;
        k.activationBackward(delta, activations[top], spec.layerOut(top), count, capacity, activationCodes[top]);
        for (int layer = top; layer >= 0; layer--) {
            DeviceBuffer in = layer == 0 ? input : activations[layer - 1];
            k.denseBackwardFromPreActivation(in, capacity, spec.layerIn(layer), count, state, layout.weightOffset(layer),
                    spec.layerOut(layer), delta, capacity, grads, layout.weightOffset(layer), layout.biasOffset(layer),
                    layer == 0 ? null : next, capacity, layer == 0 ? Activation.CODE_IDENTITY : activationCodes[layer - 1],
                    gradientScratch);
            DeviceBuffer swap = delta;
            delta = next;
            next = swap;
        }
    }

    /** Enqueues Adam as step {@code adamStep + 1} at rate {@code lr}, and the probe of its result. */
    private void update(float lr) {
        long stepNo = adamStep + 1;
        float bc1 = (float) (1 - Math.pow(config.beta1(), stepNo));
        float bc2 = (float) (1 - Math.pow(config.beta2(), stepNo));
        k.adam(state, grads, size, lr, config.beta1(), config.beta2(), config.eps(), bc1, bc2, backup);
        k.sum(state, 3 * size, 0f, partials, scalars, 2);
    }

    private void undo() {
        device.copy(backup, state, 3 * size);
    }

    private void writeState(float[] values, float[] m, float[] v) {
        device.write(state, 0, values, 0, size);
        device.write(state, size, m, 0, size);
        device.write(state, 2 * size, v, 0, size);
    }

    private void readState(float[] values, float[] m, float[] v) {
        device.read(state, 0, values, 0, size);
        device.read(state, size, m, 0, size);
        device.read(state, 2 * size, v, 0, size);
    }

    @Override
    public int epochsDone() {
        return epochsDone;
    }

    @Override
    public long nonFiniteSteps() {
        return nonFiniteSteps;
    }

    @Override
    public TrainState snapshot() {
        float[] values = new float[size];
        float[] m = new float[size];
        float[] v = new float[size];
        readState(values, m, v);
        return new TrainState(epochsDone, adamStep, nonFiniteSteps, lastLoss, values, m, v);
    }

    @Override
    public void restore(TrainState s) {
        if (s.values().length != size) {
            throw new IllegalArgumentException("the state holds " + s.values().length + " parameters; this model has "
                    + size);
        }
        writeState(s.values(), s.m(), s.v());
        adamStep = s.adamStep();
        epochsDone = s.epoch();
        nonFiniteSteps = s.nonFiniteSteps();
        lastLoss = s.lastLoss();
    }

    @Override
    public String describe() {
        return device.describe();
    }

    /** Clipping needs the gradient's norm on the host every step, which the device loop does not bring back. */
    @Override
    public void clipGradientNorm(float maxNorm) {
        if (maxNorm != 0f) {
            throw new IllegalArgumentException("--clip is not available with the " + device.name()
                    + " backend; use --backend scalar or simd");
        }
    }

    @Override
    public void close() {
        device.close();
    }
}
