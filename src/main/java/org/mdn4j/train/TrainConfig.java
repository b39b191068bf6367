package org.mdn4j.train;

/**
 * How to train: epochs, minibatch size, Adam's learning rate and moments, seed and threads.
 *
 * @param batch samples per step; a batch at least the data set's size trains full batch
 */
public record TrainConfig(int epochs, int batch, float lr, float beta1, float beta2, float eps,
                          long seed, int threads) {

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        if (!(lr > 0f) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
    }

    /** Adam with PyTorch's defaults (β1 0.9, β2 0.999, ε 1e−8). */
    public static TrainConfig adam(int epochs, int batch, float lr, long seed, int threads) {
        return new TrainConfig(epochs, batch, lr, 0.9f, 0.999f, 1e-8f, seed, threads);
    }
}
