package org.mdn4j.train;

/**
 * A training run that can be driven, checkpointed and resumed: the CPU {@link Trainer} and the
 * device trainers ({@code org.mdn4j.gpu.DeviceTrainer}) alike.
 */
public interface TrainingLoop extends AutoCloseable {

    /**
     * Trains from the epoch after {@link #epochsDone()} up to the configured epochs, reporting
     * each epoch's mean loss, and leaves the trained parameters in the run's {@code Parameters}.
     */
    TrainResult train(EpochListener listener);

    /** One pass over the data; returns its mean loss per sample (NaN if no step's loss was finite). */
    double epoch();

    /** Epochs completed (restored ones included). */
    int epochsDone();

    /** Steps whose loss, gradient or update was not finite, since the run began. */
    long nonFiniteSteps();

    /** A copy of the run's evolving state, for a checkpoint; call it between epochs. */
    TrainState snapshot();

    /** Continues from {@code state}, a snapshot of a run of the same spec, data and config. */
    void restore(TrainState state);

    /**
     * Global gradient-norm clipping at {@code maxNorm} (0: off); a loop that cannot clip refuses a
     * positive norm with {@link IllegalArgumentException}.
     */
    void clipGradientNorm(float maxNorm);

    /** What computes the steps, as a checkpoint records it (e.g. the kernels' description). */
    String describe();

    @Override
    void close();
}
