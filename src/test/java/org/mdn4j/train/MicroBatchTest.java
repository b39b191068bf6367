package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.Parameters;
import org.mdn4j.nn.Workspace;

/**
 * A chunk larger than one micro-batch is run in slices; the step's loss and gradient must equal
 * one pass over the whole batch (up to float summation order).
 */
class MicroBatchTest {

    private static final ModelSpec WIDE = ModelSpec.mdn(1, 1, 4, new int[] {64, 64},
            new Activation[] {Activation.TANH, Activation.RELU});

    @ParameterizedTest(name = "{0} kernels, {1} samples, {2} threads")
    @CsvSource({"scalar, 2000, 1", "simd, 2000, 1", "simd, 2011, 2", "scalar, 5003, 2"})
    void slicedStepEqualsOneWholePass(String kernelName, int n, int threads) {
        int slice = Trainer.microBatch(WIDE);
        assertTrue(n / threads > slice, "the chunks must span several slices (slice " + slice + ")");
        Kernels kernels = KernelSelector.select(kernelName);
        Dataset data = ToyData.generate(n, 5, true);
        Parameters params = TrainerFixtures.initialParameters(WIDE, 3);
        float[] start = params.values.clone();

        // One pass over the whole batch in a workspace that holds it all.
        Network network = new Network(WIDE, kernels);
        Workspace ws = new Workspace(WIDE, n);
        Workspace.gatherRange(data.x(), 1, 0, n, ws.input, ws.base, ws.capacity());
        Workspace.gatherRange(data.t(), 1, 0, n, ws.target, ws.base, ws.capacity());
        network.forward(ws, start, n);
        double wholeLoss = network.lossAndGradient(ws, n, 1f / n);
        float[] wholeGrad = new float[start.length];
        network.backward(ws, start, wholeGrad, n);

        try (Trainer trainer = TrainerFixtures.trainer(WIDE, kernels, params, data,
                TrainConfig.adam(1, n, 0.001f, 9, threads))) {
            double epochLoss = trainer.epoch();
            assertEquals(wholeLoss / n, epochLoss, 1e-5 * Math.abs(wholeLoss / n), "mean loss");
        }
        double norm = 0;
        for (float g : wholeGrad) {
            norm = Math.max(norm, Math.abs(g));
        }
        for (int i = 0; i < wholeGrad.length; i++) {
            assertEquals(wholeGrad[i], params.grads[i], 2e-5 * norm, "gradient " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"seed, 6528", "wide, 896"})
    void sliceSizeFollowsTheModelsWidth(String which, int expected) {
        ModelSpec spec = which.equals("seed") ? TrainerFixtures.SEED_MDN
                : ModelSpec.mdn(1, 1, 8, new int[] {64, 64}, new Activation[] {Activation.RELU, Activation.RELU});
        assertEquals(expected, Trainer.microBatch(spec));
        assertEquals(0, expected % 64);
    }
}
