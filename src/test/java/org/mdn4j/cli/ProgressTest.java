package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training progress with a fake clock: a bar redrawn in place on a terminal, log lines elsewhere. */
class ProgressTest {

    @TempDir
    Path dir;

    /** Runs {@code epochs} epochs of which each takes {@code nanosPerEpoch}; returns what was printed. */
    private static String run(boolean terminal, int epochs, int firstEpoch, long nanosPerEpoch, long nonFinite) {
        StringWriter out = new StringWriter();
        AtomicLong now = new AtomicLong(1_000_000_000L);
        Progress p = new Progress(new PrintWriter(out, true), epochs, "nats", firstEpoch, () -> nonFinite, terminal,
                now::get);
        for (int e = firstEpoch + 1; e <= epochs; e++) {
            now.addAndGet(nanosPerEpoch);
            p.epochDone(e, -0.5 - e / 1000.0);
        }
        return out.toString();
    }

    @Test
    void withoutATerminalALineEveryFewSecondsAndTheLast() {
        // one epoch a second: lines at 5 s and 10 s, and the last epoch
        List<String> lines = run(false, 12, 0, 1_000_000_000L, 0).lines().toList();
        assertEquals(List.of(
                "epoch 5/12  loss -0.50500 nats  1 epochs/s  eta 7.0 s",
                "epoch 10/12  loss -0.51000 nats  1 epochs/s  eta 2.0 s",
                "epoch 12/12  loss -0.51200 nats  1 epochs/s  eta 0.0 s"), lines);
    }

    @Test
    void onATerminalABarRedrawnInPlace() {
        // 20 epochs a second, 100 ms between redraws: every second epoch, and one line in all
        String s = run(true, 10, 0, 50_000_000L, 0);
        assertEquals(5, s.chars().filter(c -> c == '\r').count(), s);
        assertTrue(s.endsWith("\n") && s.indexOf('\n') == s.length() - 1, "one line break, at the end: " + s);
        String[] frames = s.substring(1, s.length() - 1).split("\r");
        assertTrue(frames[0].startsWith("[####" + ".".repeat(Progress.BAR_WIDTH - 4) + "] epoch 2/10  loss -0.50200 nats  "
                + "20 epochs/s  eta 0.4 s"), frames[0]);
        assertTrue(frames[4].startsWith("[" + "#".repeat(Progress.BAR_WIDTH) + "] epoch 10/10"), frames[4]);
        for (int i = 1; i < frames.length; i++) {
            // a redraw at least as long as the one before, so nothing of it is left on screen
            assertTrue(frames[i].length() >= frames[i - 1].length(), frames[i - 1] + " then " + frames[i]);
        }
    }

    @Test
    void aShorterRedrawBlanksTheRestOfTheLine() {
        // the ETA shrinks from minutes to seconds, so some redraws are shorter than the one before
        String s = run(true, 3000, 0, 100_000_000L, 0);
        String[] frames = s.substring(1, s.length() - 1).split("\r");
        assertTrue(frames[0].contains("eta 5m00s"), frames[0]);
        int padded = 0;
        for (int i = 1; i < frames.length; i++) {
            assertTrue(frames[i].length() >= frames[i - 1].stripTrailing().length(),
                    "covers what was on screen: " + frames[i - 1] + " then " + frames[i]);
            padded += frames[i].endsWith(" ") ? 1 : 0;
        }
        assertTrue(padded > 0, "some redraw was shorter and padded");
    }

    @Test
    void aResumedRunCountsOnlyItsOwnEpochsAndNonFiniteStepsShow() {
        List<String> lines = run(false, 100, 90, 1_000_000_000L, 3).lines().toList();
        assertEquals("epoch 95/100  loss -0.59500 nats  1 epochs/s  eta 5.0 s  nonfinite 3", lines.get(0));
        assertEquals("epoch 100/100  loss -0.60000 nats  1 epochs/s  eta 0.0 s  nonfinite 3", lines.get(1));
        assertEquals(2, lines.size());
    }

    @Test
    void durations() {
        assertEquals("59.9 s", Progress.duration(59.94));
        assertEquals("1m00s", Progress.duration(59.96));
        assertEquals("2h05m", Progress.duration(2 * 3600 + 5 * 60 + 7));
        assertEquals("?", Progress.duration(Double.POSITIVE_INFINITY));
    }

    @Test
    void theTrainCommandDrawsABarOnATerminalAndNothingWhenQuiet() {
        System.setProperty(Terminal.PROPERTY, "true");
        try {
            Cli.Result r = Cli.run("train", "--data", "toy", "--epochs", "50", "--out", dir.resolve("a.mdn").toString())
                    .ok();
            String bar = r.err().substring(r.err().lastIndexOf('\r') + 1);
            assertTrue(bar.startsWith("[" + "#".repeat(Progress.BAR_WIDTH) + "] epoch 50/50  loss "), r.err());
            Cli.Result quiet = Cli.run("train", "--data", "toy", "--epochs", "50", "--quiet", "--out",
                    dir.resolve("b.mdn").toString()).ok();
            assertEquals("", quiet.err());
        } finally {
            System.clearProperty(Terminal.PROPERTY);
        }
        assertFalse(Terminal.stderrIsTerminal(), "surefire's stderr is a file or a pipe, not a terminal");
        Cli.Result logged = Cli.run("train", "--data", "toy", "--epochs", "50", "--out", dir.resolve("c.mdn").toString())
                .ok();
        assertFalse(logged.err().contains("\r"), logged.err());
        assertTrue(logged.err().lines().anyMatch(l -> l.startsWith("epoch 50/50  loss ")), logged.err());
    }
}
