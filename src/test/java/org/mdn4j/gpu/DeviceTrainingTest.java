package org.mdn4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdn4j.data.ArmData;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.nn.Head;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;
import org.mdn4j.train.EpochListener;
import org.mdn4j.train.TrainConfig;
import org.mdn4j.train.TrainResult;
import org.mdn4j.train.TrainState;
import org.mdn4j.train.Trainer;

/**
 * The device trainer (one subclass per backend) against the CPU scalar trainer on the seed problem as {@code mdn train}'s
 * defaults define it (toy-inverse, N = 300, seed 19, 1-5-5-9 MDN with ReLU, K = 3, full batch
 * 300, Adam at 0.001): the same initial parameters, and each of the first 100 epochs' mean loss
 * within 1e-4 relative. A minibatch run (batch 64, so the shuffle and the ragged last batch are
 * exercised) is held to the same bound, as are the diagonal head on the two-link arm (two
 * targets, so each component has two σ), the seed's L2 baseline MLP, and a run whose weight
 * gradients are summed over chunks smaller than its batch; and a run checkpointed and restored
 * into a fresh device trainer ends bit for bit where an uninterrupted run does.
 */
abstract class DeviceTrainingTest {

    private static final long SEED = 19;
    private static final long INIT_STREAM = 0x9E3779B97F4A7C15L;
    private static final int EPOCHS = 100;
    private static final ModelSpec SEED_MDN = ModelSpec.mdn(1, 1, 3, new int[] {5, 5},
            new Activation[] {Activation.RELU, Activation.RELU});
    /** The arm's inverse kinematics (2 inputs, 2 targets) with a diagonal head of K = 3. */
    private static final ModelSpec ARM_DIAGONAL = ModelSpec.mdn(2, 2, 3, new int[] {10, 10},
            new Activation[] {Activation.TANH, Activation.TANH}, Head.DIAGONAL);
    /** The seed's L2 baseline: 1-6-6-1, sigmoid then softplus. */
    private static final ModelSpec SEED_MLP = ModelSpec.mlp(1, 1, new int[] {6, 6},
            new Activation[] {Activation.SIGMOID, Activation.SOFTPLUS});

    /** The device backend under test: {@code opencl} or {@code cuda}. */
    abstract String backend();

    @BeforeEach
    void needsTheDevice() {
        TestDevices.skipUnlessAvailable(backend());
    }

    @Test
    void seedProblemLossMatchesTheScalarBackendEveryEpoch() {
        compareWithScalar(SEED_MDN, ToyData.generate(300, SEED, true), 300, 0.001f, DeviceKernels.DEFAULT_GRADIENT_CHUNK);
    }

    @Test
    void minibatchRunWithShuffleMatchesTheScalarBackendEveryEpoch() {
        compareWithScalar(SEED_MDN, ToyData.generate(300, SEED, true), 64, 0.001f, DeviceKernels.DEFAULT_GRADIENT_CHUNK);
    }

    @Test
    void weightGradientsSummedInChunksMatchTheScalarBackendEveryEpoch() {
        // chunks of 37 samples: the full batch of 300 is 8 full chunks and a ragged one
        compareWithScalar(SEED_MDN, ToyData.generate(300, SEED, true), 300, 0.001f, 37);
    }

    @Test
    void diagonalHeadOnTheArmMatchesTheScalarBackendEveryEpoch() {
        compareWithScalar(ARM_DIAGONAL, ArmData.generate(500, SEED), 128, 0.003f, DeviceKernels.DEFAULT_GRADIENT_CHUNK);
    }

    @Test
    void seedMlpMatchesTheScalarBackendEveryEpoch() {
        // the seed's forward problem at the blog's learning rate for the L2 net on it
        compareWithScalar(SEED_MLP, ToyData.generate(300, SEED, false), 300, 0.1f, DeviceKernels.DEFAULT_GRADIENT_CHUNK);
    }

    private void compareWithScalar(ModelSpec spec, Dataset data, int batch, float lr, int gradientChunk) {
        TrainConfig config = TrainConfig.adam(EPOCHS, batch, lr, SEED, 1);
        Parameters cpuParams = initial(spec);
        TrainResult cpu;
        try (Trainer trainer = new Trainer(new Network(spec, KernelSelector.select("scalar")), cpuParams, data,
                config)) {
            cpu = trainer.train(EpochListener.NONE);
        }
        Parameters gpuParams = initial(spec);
        TrainResult gpu;
        try (DeviceTrainer trainer = new DeviceTrainer(Devices.open(backend()), spec, gpuParams, data, config,
                gradientChunk)) {
            gpu = trainer.train(EpochListener.NONE);
        }
        assertEquals(EPOCHS, gpu.lossHistory().length);
        for (int e = 0; e < EPOCHS; e++) {
            double c = cpu.lossHistory()[e];
            double g = gpu.lossHistory()[e];
            if (!(Math.abs(c - g) <= 1e-4 * Math.abs(c))) {
                fail(spec + ", batch " + batch + ", epoch " + (e + 1) + ": scalar loss " + c + ", " + backend() + " " + g
                        + " (relative difference " + Math.abs(c - g) / Math.abs(c) + ")");
            }
        }
        assertTrue(cpu.lossHistory()[EPOCHS - 1] < cpu.lossHistory()[0], "the run learns");
        for (int i = 0; i < cpuParams.values.length; i++) {
            assertEquals(cpuParams.values[i], gpuParams.values[i], 1e-3, "parameter " + i + " after the run");
        }
    }

    @Test
    void restoredRunEndsBitForBitWhereTheUninterruptedOneDoes() {
        Dataset data = ToyData.generate(300, SEED, true);
        TrainConfig full = TrainConfig.adam(40, 64, 0.001f, SEED, 1);
        Parameters straight = initial();
        float[] straightLoss;
        try (DeviceTrainer trainer = new DeviceTrainer(Devices.open(backend()), SEED_MDN, straight, data, full)) {
            straightLoss = trainer.train(EpochListener.NONE).lossHistory();
        }
        TrainState half;
        try (DeviceTrainer trainer = new DeviceTrainer(Devices.open(backend()), SEED_MDN, initial(), data,
                TrainConfig.adam(25, 64, 0.001f, SEED, 1))) {
            trainer.train(EpochListener.NONE);
            half = trainer.snapshot();
        }
        Parameters resumed = initial();
        float[] resumedLoss;
        try (DeviceTrainer trainer = new DeviceTrainer(Devices.open(backend()), SEED_MDN, resumed, data, full)) {
            trainer.restore(half);
            assertEquals(25, trainer.epochsDone());
            resumedLoss = trainer.train(EpochListener.NONE).lossHistory();
        }
        assertEquals(15, resumedLoss.length);
        for (int e = 0; e < 15; e++) {
            assertEquals(straightLoss[25 + e], resumedLoss[e], 0f, "epoch " + (26 + e));
        }
        assertArrayEquals(straight.values, resumed.values, "the final parameters");
    }

    private static Parameters initial() {
        return initial(SEED_MDN);
    }

    private static Parameters initial(ModelSpec spec) {
        ParameterLayout layout = new ParameterLayout(spec);
        return new Parameters(layout, Parameters.initialise(spec, layout, SEED ^ INIT_STREAM));
    }
}
