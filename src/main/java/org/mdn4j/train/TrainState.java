package org.mdn4j.train;

/**
 * Everything a {@link Trainer} changes as it trains, so that a run restored from it continues
 * bitwise-identically: the parameters, Adam's moments and step count, and the epochs done. The
 * shuffle needs no state of its own (see {@link EpochShuffle}). The arrays are the caller's copies.
 *
 * @param epoch          epochs completed
 * @param adamStep       Adam updates applied (skipped steps do not count: they change nothing)
 * @param nonFiniteSteps steps whose loss, gradient or update was not finite (see {@link Trainer})
 * @param lastLoss       the mean loss of epoch {@code epoch}, NaN before the first
 */
public record TrainState(int epoch, long adamStep, long nonFiniteSteps, double lastLoss,
                         float[] values, float[] m, float[] v) {

    public TrainState {
        if (epoch < 0 || adamStep < 0 || nonFiniteSteps < 0) {
            throw new IllegalArgumentException("epoch, Adam step and non-finite count must not be negative");
        }
        if (m.length != values.length || v.length != values.length) {
            throw new IllegalArgumentException("parameters, m and v differ in length: " + values.length + ", "
                    + m.length + ", " + v.length);
        }
    }
}
