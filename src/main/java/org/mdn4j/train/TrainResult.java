package org.mdn4j.train;

/**
 * What a training run measured.
 *
 * @param epochs            epochs trained by this run (a resumed run counts only its own)
 * @param firstEpoch        epochs already done when this run began: 0, or the checkpoint's epoch
 * @param trainSeconds      the training loop alone (no data loading, no model writing), JIT
 *                          warm-up included
 * @param secondHalfSeconds the loop's second half of the epochs, by when the JIT has compiled the
 *                          kernels: the steady-state speed of a longer run
 * @param lossHistory       each epoch's mean loss per sample, this run's epochs only
 * @param finalLoss         the last epoch's mean loss (a restored one if this run trained none)
 * @param nonFiniteSteps    steps with a non-finite loss, gradient or update, restored ones included
 */
public record TrainResult(int epochs, int firstEpoch, int samples, double trainSeconds, double secondHalfSeconds,
                          float[] lossHistory, double finalLoss, long nonFiniteSteps, String backend, int threads) {

    /** Epochs done in all, this run's and any resumed ones. */
    public int totalEpochs() {
        return firstEpoch + epochs;
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
