package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.Parameters;

/**
 * Same seed, kernels and thread count give bitwise identical parameters, full batch and
 * minibatch, one thread and two.
 */
class TrainerDeterminismTest {

    private static int[] train(ModelSpec spec, Kernels kernels, Dataset data, int epochs, int batch, int threads,
                               long seed, float[] lossOut) {
        Parameters p = TrainerFixtures.initialParameters(spec, seed);
        TrainResult r;
        try (Trainer t = TrainerFixtures.trainer(spec, kernels, p, data,
                TrainConfig.adam(epochs, batch, 0.01f, seed, threads))) {
            r = t.train(EpochListener.NONE);
        }
        lossOut[0] = (float) r.finalLoss();
        int[] bits = new int[p.values.length];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Float.floatToRawIntBits(p.values[i]);
        }
        return bits;
    }

    @ParameterizedTest(name = "{0} kernels, {1} threads, batch {2}, {3}")
    @CsvSource({
            "scalar, 1, 300, mdn", "scalar, 2, 300, mdn", "scalar, 1, 32, mdn", "scalar, 2, 32, mdn",
            "auto,   1, 300, mdn", "auto,   2, 300, mdn", "auto,   1, 32, mdn", "auto,   2, 32, mdn",
            "auto,   2, 300, mlp", "auto,   2, 30,  mlp", "auto,   3, 50,  mdn",
    })
    void sameSeedSameBits(String backend, int threads, int batch, String type) {
        Kernels kernels = KernelSelector.select(backend);
        ModelSpec spec = "mdn".equals(type) ? TrainerFixtures.SEED_MDN
                : ModelSpec.mlp(1, 1, new int[] {6, 6}, new Activation[] {Activation.SIGMOID, Activation.SOFTPLUS});
        Dataset data = ToyData.generate(300, 5, true);
        float[] l1 = new float[1];
        float[] l2 = new float[1];
        int[] a = train(spec, kernels, data, 40, batch, threads, 17, l1);
        int[] b = train(spec, kernels, data, 40, batch, threads, 17, l2);
        assertArrayEquals(a, b, "parameters differ between two identical runs");
        assertEquals(Float.floatToRawIntBits(l1[0]), Float.floatToRawIntBits(l2[0]), "final loss differs");
        assertTrue(Float.isFinite(l1[0]), "loss is finite");
        int[] other = train(spec, kernels, data, 40, batch, threads, 18, l2);
        assertFalse(Arrays.equals(a, other), "another seed trains to other parameters");
    }
}
