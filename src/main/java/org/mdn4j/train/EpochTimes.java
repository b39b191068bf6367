package org.mdn4j.train;

import java.util.function.DoubleSupplier;

/**
 * The epoch loop every trainer runs, CPU or device: epochs {@code first+1 .. last}, each one's
 * loss reported and kept, the loop timed as a whole and over its second half (see
 * {@link TrainResult}).
 *
 * @param history           each epoch's mean loss
 * @param seconds           the whole loop
 * @param secondHalfSeconds the loop's second half of the epochs
 */
public record EpochTimes(float[] history, double seconds, double secondHalfSeconds) {

    /** Runs {@code epoch} from epoch {@code first + 1} to {@code last}, telling {@code listener} after each. */
    public static EpochTimes run(int first, int last, DoubleSupplier epoch, EpochListener listener) {
        int count = Math.max(0, last - first);
        float[] history = new float[count];
        int half = count / 2;
        long t0 = System.nanoTime();
        long tHalf = t0;
        for (int i = 1; i <= count; i++) {
            double loss = epoch.getAsDouble();
            history[i - 1] = (float) loss;
            listener.epochDone(first + i, loss);
            if (i == half) {
                tHalf = System.nanoTime();
            }
        }
        long t1 = System.nanoTime();
        return new EpochTimes(history, (t1 - t0) / 1e9, (t1 - tHalf) / 1e9);
    }

    /** One minibatch step: trains rows {@code start .. start+size)} of the epoch's order, returns their summed loss. */
    public interface Step {
        double run(int start, int size);
    }

    /**
     * Runs {@code step} over {@code n} rows in batches of {@code batch} and returns the mean loss
     * per sample, divided by {@code normaliser}, over the steps whose loss was not NaN (NaN if
     * none was).
     */
    public static double meanLoss(int n, int batch, double normaliser, Step step) {
        double total = 0;
        long counted = 0;
        for (int start = 0; start < n; start += batch) {
            int size = Math.min(batch, n - start);
            double loss = step.run(start, size);
            if (!Double.isNaN(loss)) {
                total += loss;
                counted += size;
            }
        }
        return counted == 0 ? Double.NaN : total / ((double) counted * normaliser);
    }
}
