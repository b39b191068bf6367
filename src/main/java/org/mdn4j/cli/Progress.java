package org.mdn4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.mdn4j.train.EpochListener;

/** Reports training progress on stderr: a line every two seconds and one at the end. */
final class Progress implements EpochListener {

    private static final long INTERVAL_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private final int epochs;
    private final String unit;
    private final long start = System.nanoTime();
    private long last = start;

    Progress(PrintWriter err, int epochs, String unit) {
        this.err = err;
        this.epochs = epochs;
        this.unit = unit;
    }

    @Override
    public void epochDone(int epoch, double meanLoss) {
        long now = System.nanoTime();
        if (now - last >= INTERVAL_NANOS || epoch == epochs) {
            last = now;
            double seconds = (now - start) / 1e9;
            double rate = epoch / Math.max(seconds, 1e-9);
            double eta = (epochs - epoch) / rate;
            err.printf(Locale.ROOT, "epoch %d/%d  loss %.5f %s  %.0f epochs/s  eta %.1f s%n",
                    epoch, epochs, meanLoss, unit, rate, eta);
        }
    }
}
