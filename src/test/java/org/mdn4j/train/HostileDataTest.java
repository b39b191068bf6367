package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.nn.Parameters;

/**
 * Each kind of hostile data on its own (NonFiniteGuardTest trains on all three at once):
 * half the rows one duplicated point (a component collapses onto it, σ to its floor), targets at
 * the 1e6 scale, and 1% wild outliers at ±1e12. Training ends with finite parameters, Adam
 * moments and loss, with either kernel family.
 */
class HostileDataTest {

    static Dataset hostile(String kind, int n, long seed) {
        Dataset toy = ToyData.generate(n, seed, true);
        float[] x = toy.x().clone();
        float[] t = toy.t().clone();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case "duplicates" -> {
                    if (i % 2 == 0) {
                        x[i] = 0.5f;
                        t[i] = 0.25f;
                    }
                }
                case "scale-1e6" -> t[i] *= 1e6f;
                case "outliers" -> {
                    if (rng.nextInt(100) == 0) {
                        t[i] = rng.nextBoolean() ? 1e12f : -1e12f;
                    }
                }
                default -> throw new IllegalArgumentException(kind);
            }
        }
        return new Dataset(kind, x, t, toy.inputNames(), toy.targetNames());
    }

    @ParameterizedTest(name = "{0}, {1} kernels")
    @CsvSource({"duplicates, scalar", "duplicates, auto", "scale-1e6, scalar", "scale-1e6, auto", "outliers, scalar",
            "outliers, auto"})
    void trainingEndsFinite(String kind, String backend) {
        Dataset data = hostile(kind, 400, 13);
        Parameters p = TrainerFixtures.initialParameters(TrainerFixtures.SEED_MDN, 13);
        TrainResult r;
        try (Trainer t = TrainerFixtures.trainer(TrainerFixtures.SEED_MDN, KernelSelector.select(backend), p, data,
                TrainConfig.adam(300, 50, 0.01f, 13, 1))) {
            r = t.train(EpochListener.NONE);
        }
        System.out.printf("%s, %s kernels: final loss %.4f, %d non-finite steps%n", kind, backend, r.finalLoss(),
                r.nonFiniteSteps());
        assertTrue(Double.isFinite(r.finalLoss()), "final loss " + r.finalLoss());
        assertTrue(Trainer.allFinite(p.values), "parameters finite");
        assertTrue(Trainer.allFinite(p.m) && Trainer.allFinite(p.v), "Adam moments finite");
    }
}
