package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mdn4j.data.ToyData;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.nn.Parameters;

/**
 * The project's headline acceptance: the seed's MDN (1-5-5, ReLU, K = 3, Adam lr 0.001, full batch
 * of 300, 5000 epochs) learns the toy inverse problem to a mean NLL of −0.80 nats or better for
 * at least 4 of the seeds 1..5, initialised as {@code mdn train} does.
 *
 * <p>Measured (simd kernels, one thread; the scalar kernels agree to 1e−4): seed 1 −0.9166,
 * seed 2 −0.9699, seed 3 −0.9639, seed 4 +0.0454 (stuck in a poor local optimum), seed 5
 * −0.9459. About 1 s per seed.
 */
class SeedReproductionTest {

    @Test
    void seedMdnReachesTheSeedsNllOnFourOfFiveSeeds() {
        StringBuilder report = new StringBuilder();
        int good = 0;
        for (long seed = 1; seed <= 5; seed++) {
            Parameters p = TrainerFixtures.initialParameters(TrainerFixtures.SEED_MDN, seed);
            double nll;
            try (Trainer t = TrainerFixtures.trainer(TrainerFixtures.SEED_MDN, KernelSelector.fromProperty(), p,
                    ToyData.named("toy-inverse", 300, seed), TrainConfig.adam(5000, 300, 0.001f, seed, 1))) {
                nll = t.train(EpochListener.NONE).finalLoss();
            }
            report.append(String.format(java.util.Locale.ROOT, " seed %d: %.4f;", seed, nll));
            if (nll <= -0.80) {
                good++;
            }
        }
        assertTrue(good >= 4, "final mean NLL <= -0.80 on only " + good + " of 5 seeds:" + report);
    }
}
