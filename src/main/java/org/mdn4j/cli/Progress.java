package org.mdn4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.mdn4j.train.EpochListener;

/**
 * Reports training progress on stderr: a line every two seconds and one at the end, with the
 * count of non-finite steps once there is one. Rates count only this process's epochs, so a
 * resumed run's ETA is right.
 */
final class Progress implements EpochListener {

    private static final long INTERVAL_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private final int epochs;
    private final String unit;
    private final int firstEpoch;
    private final LongSupplier nonFinite;
    private final long start = System.nanoTime();
    private long last = start;

    Progress(PrintWriter err, int epochs, String unit, int firstEpoch, LongSupplier nonFinite) {
        this.err = err;
        this.epochs = epochs;
        this.unit = unit;
        this.firstEpoch = firstEpoch;
        this.nonFinite = nonFinite;
    }

    @Override
    public void epochDone(int epoch, double meanLoss) {
        long now = System.nanoTime();
        if (now - last >= INTERVAL_NANOS || epoch == epochs) {
            last = now;
            double seconds = (now - start) / 1e9;
            double rate = (epoch - firstEpoch) / Math.max(seconds, 1e-9);
            double eta = (epochs - epoch) / rate;
            long bad = nonFinite.getAsLong();
            err.printf(Locale.ROOT, "epoch %d/%d  loss %.5f %s  %.0f epochs/s  eta %.1f s%s%n",
                    epoch, epochs, meanLoss, unit, rate, eta, bad == 0 ? "" : "  nonfinite " + bad);
        }
    }
}
