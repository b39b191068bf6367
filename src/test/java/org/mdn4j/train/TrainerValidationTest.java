package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mdn4j.data.Dataset;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.ScalarBackend;
import org.mdn4j.nn.ModelSpec;

/** A trainer refuses data that does not fit its model, and a config refuses nonsense. */
class TrainerValidationTest {

    private static Dataset data(int inputs, int targets, int rows) {
        String[] in = new String[inputs];
        String[] out = new String[targets];
        for (int i = 0; i < inputs; i++) {
            in[i] = "x" + i;
        }
        for (int i = 0; i < targets; i++) {
            out[i] = "t" + i;
        }
        return new Dataset("test", new float[inputs * rows], new float[targets * rows], in, out);
    }

    private static void rejects(ModelSpec spec, Dataset d) {
        var e = assertThrows(IllegalArgumentException.class, () -> TrainerFixtures.trainer(spec, ScalarBackend.INSTANCE,
                TrainerFixtures.initialParameters(spec, 1), d, TrainConfig.adam(1, 10, 0.01f, 1, 1)).close());
        assertTrue(e.getMessage().contains("the model expects"), e.getMessage());
    }

    @Test
    void dataWithTooManyInputs() {
        rejects(TrainerFixtures.SEED_MDN, data(2, 1, 10));
    }

    @Test
    void dataWithTooManyTargets() {
        rejects(TrainerFixtures.SEED_MDN, data(1, 2, 10));
        rejects(ModelSpec.mlp(3, 2, new int[] {4}, new Activation[] {Activation.TANH}), data(3, 1, 10));
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.adam(0, 10, 0.01f, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.adam(1, 0, 0.01f, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.adam(1, 10, 0f, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.adam(1, 10, Float.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.adam(1, 10, Float.POSITIVE_INFINITY, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.adam(1, 10, 0.01f, 1, 0));
    }
}
