package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.Parameters;

/**
 * The non-finite guard: a step with a non-finite loss or gradient is skipped, an update that
 * overflows is undone and retried at half the rate, every such event is counted, and training on
 * hostile data ends with finite parameters and loss.
 */
class NonFiniteGuardTest {

    /**
     * The seed's toy inverse problem scaled to targets around 1e6, with a quarter of the rows one
     * duplicated point (a component collapses onto it: σ → its floor) and 1% wild outliers at ±1e12.
     */
    static Dataset hostile(int n, long seed) {
        Dataset toy = ToyData.generate(n, seed, true);
        float[] x = toy.x().clone();
        float[] t = toy.t().clone();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            t[i] *= 1e6f;
            if (i % 4 == 0) {
                x[i] = 0.5f;
                t[i] = 250_000f;
            } else if (rng.nextInt(100) == 0) {
                t[i] = rng.nextBoolean() ? 1e12f : -1e12f;
            }
        }
        return new Dataset("hostile", x, t, toy.inputNames(), toy.targetNames());
    }

    @ParameterizedTest(name = "{0} kernels, {1} thread(s), batch {2}")
    @CsvSource({"scalar, 1, 50", "auto, 1, 50", "auto, 2, 400"})
    void hostileDataEndsFinite(String backend, int threads, int batch) {
        Dataset data = hostile(400, 11);
        Parameters p = TrainerFixtures.initialParameters(TrainerFixtures.SEED_MDN, 11);
        TrainResult r;
        try (Trainer t = TrainerFixtures.trainer(TrainerFixtures.SEED_MDN, KernelSelector.select(backend), p, data,
                TrainConfig.adam(300, batch, 0.01f, 11, threads))) {
            r = t.train(EpochListener.NONE);
        }
        System.out.printf("hostile data, %s kernels, %d thread(s), batch %d: final loss %.4f, %d non-finite steps%n",
                backend, threads, batch, r.finalLoss(), r.nonFiniteSteps());
        assertTrue(Double.isFinite(r.finalLoss()), "final loss " + r.finalLoss());
        assertTrue(Trainer.allFinite(p.values), "parameters finite");
        assertTrue(Trainer.allFinite(p.m) && Trainer.allFinite(p.v), "Adam moments finite");
    }

    @Test
    void aBatchWithAnInfiniteLossIsSkippedAndCounted() {
        Dataset toy = ToyData.generate(300, 2, true);
        float[] t = toy.t().clone();
        t[123] = Float.MAX_VALUE; // (t − μ)²/σ² overflows: this row's NLL is +∞
        Dataset data = new Dataset("poisoned", toy.x(), t, toy.inputNames(), toy.targetNames());
        Parameters p = TrainerFixtures.initialParameters(TrainerFixtures.SEED_MDN, 2);
        TrainResult r;
        try (Trainer tr = TrainerFixtures.trainer(TrainerFixtures.SEED_MDN, KernelSelector.fromProperty(), p, data,
                TrainConfig.adam(50, 30, 0.01f, 2, 1))) {
            r = tr.train(EpochListener.NONE);
        }
        assertEquals(50, r.nonFiniteSteps(), "one of ten batches an epoch holds the row");
        assertTrue(Double.isFinite(r.finalLoss()), "the other nine batches' mean: " + r.finalLoss());
        assertTrue(Trainer.allFinite(p.values), "parameters finite");
    }

    @Test
    void anOverflowingUpdateIsUndoneAndRetriedAtHalfTheRate() {
        Kernels k = KernelSelector.fromProperty();
        Dataset data = ToyData.generate(100, 4, true);
        // Adam's first step moves by lr/(1 − β1) = 10·lr: 5e38 overflows to ∞, half of it does not.
        Parameters guarded = TrainerFixtures.initialParameters(TrainerFixtures.SEED_MDN, 4);
        TrainState s;
        try (Trainer t = TrainerFixtures.trainer(TrainerFixtures.SEED_MDN, k, guarded, data,
                TrainConfig.adam(1, 100, 5e37f, 4, 1))) {
            t.train(EpochListener.NONE);
            s = t.snapshot();
        }
        assertEquals(1, s.nonFiniteSteps());
        assertEquals(1, s.adamStep(), "the retried update counts once");
        Parameters half = TrainerFixtures.initialParameters(TrainerFixtures.SEED_MDN, 4);
        try (Trainer t = TrainerFixtures.trainer(TrainerFixtures.SEED_MDN, k, half, data,
                TrainConfig.adam(1, 100, 2.5e37f, 4, 1))) {
            assertEquals(0, t.train(EpochListener.NONE).nonFiniteSteps());
        }
        assertArrayEquals(TrainerResumeTest.bits(half.values), TrainerResumeTest.bits(guarded.values),
                "undone, then retried at half the rate from the same state");
        assertArrayEquals(TrainerResumeTest.bits(half.v), TrainerResumeTest.bits(guarded.v));
    }

    @Test
    void anUpdateThatOverflowsTwiceIsSkippedLeavingEverythingAsItWas() {
        Dataset data = ToyData.generate(100, 4, true);
        Parameters p = TrainerFixtures.initialParameters(TrainerFixtures.SEED_MDN, 4);
        float[] initial = p.values.clone();
        TrainState s;
        try (Trainer t = TrainerFixtures.trainer(TrainerFixtures.SEED_MDN, KernelSelector.fromProperty(), p, data,
                TrainConfig.adam(5, 100, Float.MAX_VALUE, 4, 1))) {
            float[] history = t.train(EpochListener.NONE).lossHistory();
            assertTrue(Float.isFinite(history[0]), "the loss of the initial parameters");
            for (float l : history) {
                assertEquals(Float.floatToRawIntBits(history[0]), Float.floatToRawIntBits(l), "nothing moved");
            }
            s = t.snapshot();
        }
        assertEquals(5, s.nonFiniteSteps());
        assertEquals(0, s.adamStep());
        assertArrayEquals(TrainerResumeTest.bits(initial), TrainerResumeTest.bits(p.values));
        assertArrayEquals(new float[initial.length], p.m, 0f);
        assertArrayEquals(new float[initial.length], p.v, 0f);
    }

    /** Both guard paths — skip before the update, undo after it — allocate nothing. */
    @Test
    void theGuardAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported(), "this JVM cannot count allocations per thread");
        mx.setThreadAllocatedMemoryEnabled(true);
        Dataset toy = ToyData.generate(300, 2, true);
        float[] t = toy.t().clone();
        t[7] = Float.MAX_VALUE;
        Dataset data = new Dataset("poisoned", toy.x(), t, toy.inputNames(), toy.targetNames());
        Parameters p = TrainerFixtures.initialParameters(TrainerFixtures.SEED_MDN, 2);
        // scalar kernels: no Vector API warm-up to wait for; every step hits the guard
        try (Trainer tr = TrainerFixtures.trainer(TrainerFixtures.SEED_MDN, KernelSelector.select("scalar"), p, data,
                TrainConfig.adam(1, 30, Float.MAX_VALUE, 2, 1))) {
            long bytes = -1;
            for (int window = 0; window < 30 && bytes != 0; window++) {
                long a0 = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 200; i++) {
                    tr.epoch();
                }
                bytes = mx.getCurrentThreadAllocatedBytes() - a0;
            }
            assertEquals(0, bytes, "bytes allocated in 200 guarded epochs after warm-up");
            assertFalse(tr.nonFiniteSteps() == 0);
        }
    }
}
