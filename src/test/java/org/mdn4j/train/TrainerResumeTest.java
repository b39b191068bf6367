package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;
import org.mdn4j.io.Checkpoint;
import org.mdn4j.io.CheckpointFile;
import org.mdn4j.io.DataIdentity;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;

/**
 * A trainer stopped after some epochs, its state sent through the checkpoint format and restored
 * into a fresh trainer, ends bitwise where an uninterrupted run ends: parameters, Adam moments
 * and final loss.
 */
class TrainerResumeTest {

    @ParameterizedTest(name = "{0} kernels, {1} thread(s), batch {2}, stop after {3}")
    @CsvSource({"scalar, 1, 32, 17", "auto, 1, 32, 1", "auto, 2, 50, 23", "auto, 2, 300, 20", "scalar, 3, 64, 39"})
    void resumedRunEqualsUninterruptedRun(String backend, int threads, int batch, int stopAfter) throws Exception {
        Kernels kernels = KernelSelector.select(backend);
        Dataset data = ToyData.generate(300, 5, true);
        TrainConfig config = TrainConfig.adam(40, batch, 0.01f, 17, threads);

        TrainState straight;
        double straightLoss;
        try (Trainer t = TrainerFixtures.trainer(TrainerFixtures.SEED_MDN, kernels,
                TrainerFixtures.initialParameters(TrainerFixtures.SEED_MDN, 17), data, config)) {
            straightLoss = t.train(EpochListener.NONE).finalLoss();
            straight = t.snapshot();
        }

        byte[] saved;
        TrainConfig shortConfig = TrainConfig.adam(stopAfter, batch, 0.01f, 17, threads);
        try (Trainer t = TrainerFixtures.trainer(TrainerFixtures.SEED_MDN, kernels,
                TrainerFixtures.initialParameters(TrainerFixtures.SEED_MDN, 17), data, shortConfig)) {
            t.train(EpochListener.NONE);
            saved = CheckpointFile.encode(new Checkpoint(TrainerFixtures.SEED_MDN, data.inputNames(),
                    data.targetNames(), config, kernels.describe(), DataIdentity.of(data), t.snapshot()));
        }

        Checkpoint c = CheckpointFile.decode(saved, "checkpoint");
        assertEquals(stopAfter, c.state().epoch());
        TrainResult rest;
        TrainState resumed;
        // start from other initial values: everything must come from the checkpoint
        try (Trainer t = TrainerFixtures.trainer(TrainerFixtures.SEED_MDN, kernels,
                TrainerFixtures.initialParameters(TrainerFixtures.SEED_MDN, 99), data, config)) {
            t.restore(c.state());
            rest = t.train(EpochListener.NONE);
            resumed = t.snapshot();
        }
        assertEquals(stopAfter, rest.firstEpoch());
        assertEquals(40 - stopAfter, rest.epochs());
        assertEquals(40, resumed.epoch());
        assertEquals(straight.adamStep(), resumed.adamStep());
        assertArrayEquals(bits(straight.values()), bits(resumed.values()), "parameters");
        assertArrayEquals(bits(straight.m()), bits(resumed.m()), "Adam m");
        assertArrayEquals(bits(straight.v()), bits(resumed.v()), "Adam v");
        assertEquals(Double.doubleToRawLongBits(straightLoss), Double.doubleToRawLongBits(rest.finalLoss()),
                "final loss");
    }

    static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
