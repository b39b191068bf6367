package org.mdn4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.mdn4j.train.EpochListener;

/**
 * Reports training progress on stderr: epoch of total, loss, epochs per second, ETA, and the count
 * of non-finite steps once there is one. On a terminal it is a bar redrawn in place (carriage
 * return, a few times a second, so redrawing costs nothing next to training); otherwise a plain
 * line every few seconds, which a log file or a pipe keeps readable. The last epoch is always
 * shown and ends the line. Rates count only this process's epochs, so a resumed run's ETA is right.
 */
final class Progress implements EpochListener {

    /** Between redraws of the bar: fast enough to look live. */
    static final long BAR_INTERVAL_NANOS = 100_000_000L;
    /** Between log lines when stderr is not a terminal. */
    static final long LOG_INTERVAL_NANOS = 5_000_000_000L;
    static final int BAR_WIDTH = 24;

    private final PrintWriter err;
    private final int epochs;
    private final String unit;
    private final int firstEpoch;
    private final LongSupplier nonFinite;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long start;
    private long last;
    /** Characters of the bar last drawn, so a shorter redraw blanks the rest. */
    private int drawn;

    /** Progress on the real stderr: a bar when it is a terminal, log lines otherwise. */
    Progress(PrintWriter err, int epochs, String unit, int firstEpoch, LongSupplier nonFinite) {
        this(err, epochs, unit, firstEpoch, nonFinite, Terminal.stderrIsTerminal(), System::nanoTime);
    }

    /**
     * @param terminal draw a bar in place rather than log lines
     * @param clock    nanoseconds, monotonic
     */
    Progress(PrintWriter err, int epochs, String unit, int firstEpoch, LongSupplier nonFinite, boolean terminal,
             LongSupplier clock) {
        this.err = err;
        this.epochs = epochs;
        this.unit = unit;
        this.firstEpoch = firstEpoch;
        this.nonFinite = nonFinite;
        this.terminal = terminal;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.last = start;
    }

    @Override
    public void epochDone(int epoch, double meanLoss) {
        long now = clock.getAsLong();
        boolean end = epoch >= epochs;
        if (!end && now - last < (terminal ? BAR_INTERVAL_NANOS : LOG_INTERVAL_NANOS)) {
            return;
        }
        last = now;
        String status = status(epoch, meanLoss, now);
        if (!terminal) {
            err.println(status);
            return;
        }
        String line = bar(epoch) + " " + status;
        // \r returns to the line's start; spaces cover what a longer previous line left behind
        err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        drawn = line.length();
        if (end) {
            err.println();
        }
        err.flush();
    }

    private String status(int epoch, double meanLoss, long now) {
        double seconds = (now - start) / 1e9;
        double rate = (epoch - firstEpoch) / Math.max(seconds, 1e-9);
        double eta = (epochs - epoch) / rate;
        long bad = nonFinite.getAsLong();
        return String.format(Locale.ROOT, "epoch %d/%d  loss %.5f %s  %.0f epochs/s  eta %s%s", epoch, epochs,
                meanLoss, unit, rate, duration(eta), bad == 0 ? "" : "  nonfinite " + bad);
    }

    /** {@code [#########...............]}: the done fraction of {@link #BAR_WIDTH} cells. */
    private String bar(int epoch) {
        int full = (int) ((long) BAR_WIDTH * Math.min(epoch, epochs) / Math.max(1, epochs));
        return "[" + "#".repeat(full) + ".".repeat(BAR_WIDTH - full) + "]";
    }

    /** Seconds as {@code 4.2 s}, {@code 3m07s} or {@code 2h05m}. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        if (seconds < 59.95) { // what rounds to 60.0 reads as 1m00s
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
    }
}
