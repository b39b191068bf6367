package org.mdn4j.train;

/**
 * What a training run measured.
 *
 * @param trainSeconds the training loop alone (no data loading, no model writing)
 * @param lossHistory  each epoch's mean loss per sample
 */
public record TrainResult(int epochs, int samples, double trainSeconds, float[] lossHistory,
                          String backend, int threads) {

    public double finalLoss() {
        return lossHistory[lossHistory.length - 1];
    }

    public double epochsPerSecond() {
        return epochs / trainSeconds;
    }

    public double samplesPerSecond() {
        return (double) epochs * samples / trainSeconds;
    }
}
