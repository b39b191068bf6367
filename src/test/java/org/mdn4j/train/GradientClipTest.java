package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mdn4j.data.Dataset;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.nn.Parameters;

/** Global gradient-norm clipping: the direction is kept, the norm capped, short gradients untouched. */
class GradientClipTest {

    private static double norm(float[] g) {
        double s = 0;
        for (float x : g) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void capsTheNormAndKeepsTheDirection() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] g = new float[1001];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) rng.nextGaussian();
        }
        float[] before = g.clone();
        double n0 = norm(g);
        Trainer.clipGlobalNorm(g, 2f);
        assertEquals(2, norm(g), 2e-6, "the norm is the cap");
        double ratio = g[0] / (double) before[0];
        for (int i = 0; i < g.length; i++) {
            assertEquals(before[i] * ratio, g[i], 1e-6 * Math.abs(before[i]) + 1e-12, "same direction at " + i);
        }
        assertEquals(2 / n0, ratio, 1e-6);
    }

    @Test
    void leavesShortAndNonFiniteGradientsAlone() {
        float[] small = {0.3f, -0.4f};
        Trainer.clipGlobalNorm(small, 1f);
        assertArrayEquals(new float[] {0.3f, -0.4f}, small, "norm 0.5 is under the cap");
        float[] bad = {Float.NaN, 1e3f};
        Trainer.clipGlobalNorm(bad, 1f);
        assertEquals(1e3f, bad[1], "a non-finite norm is left for the non-finite guard");
    }

    /** The parameters after 30 epochs on the hostile data with clipping at {@code clip} (0: off). */
    private static float[] trained(float clip) {
        Dataset data = NonFiniteGuardTest.hostile(300, 3);
        Parameters p = TrainerFixtures.initialParameters(TrainerFixtures.SEED_MDN, 3);
        try (Trainer t = TrainerFixtures.trainer(TrainerFixtures.SEED_MDN, KernelSelector.select("auto"), p, data,
                TrainConfig.adam(30, 50, 0.01f, 3, 2))) {
            t.clipGradientNorm(clip);
            t.train(EpochListener.NONE);
        }
        return p.values.clone();
    }

    @Test
    void clippedTrainingIsRepeatableAndDiffers() {
        float[] a = trained(0.5f);
        assertArrayEquals(a, trained(0.5f), "same seed, same clip, same bits");
        assertEquals(false, Arrays.equals(a, trained(0)), "clipping changes the run");
        assertThrows(IllegalArgumentException.class, () -> trained(-1f));
        assertThrows(IllegalArgumentException.class, () -> trained(Float.NaN));
    }
}
