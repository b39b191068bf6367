package org.mdn4j.train;

/**
 * What a training run measured.
 *
 * @param trainSeconds      the training loop alone (no data loading, no model writing), JIT
 *                          warm-up included
 * @param secondHalfSeconds the loop's second half of the epochs, by when the JIT has compiled the
 *                          kernels: the steady-state speed of a longer run
 * @param lossHistory       each epoch's mean loss per sample
 */
public record TrainResult(int epochs, int samples, double trainSeconds, double secondHalfSeconds,
                          float[] lossHistory, String backend, int threads) {

    public double finalLoss() {
        return lossHistory[lossHistory.length - 1];
    }

    public double epochsPerSecond() {
        return epochs / trainSeconds;
    }

    public double samplesPerSecond() {
        return (double) epochs * samples / trainSeconds;
    }

    /** Epochs per second over the second half of the run. */
    public double steadyEpochsPerSecond() {
        return (epochs - epochs / 2) / secondHalfSeconds;
    }
}
