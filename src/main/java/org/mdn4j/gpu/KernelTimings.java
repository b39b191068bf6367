package org.mdn4j.gpu;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Wall time per kernel name, for finding where a device step spends its time: with the system
 * property {@value #PROPERTY} set, a device waits for every launch to finish and adds its time
 * here, and prints the table to standard error when it closes. Waiting after each launch removes
 * the overlap of launching with running, so the total is an upper bound of a normal run's; the
 * shares are what it is for.
 */
final class KernelTimings {

    static final String PROPERTY = "mdn4j.device.profile";

    private final Map<String, long[]> byName = new LinkedHashMap<>();

    /** Timings for a device when the property asks for them, else null. */
    static KernelTimings ifRequested() {
        return Boolean.getBoolean(PROPERTY) ? new KernelTimings() : null;
    }

    void add(String name, long nanos) {
        long[] t = byName.computeIfAbsent(name, k -> new long[2]);
        t[0]++;
        t[1] += nanos;
    }

    /** One line per kernel, the slowest first: launches, total milliseconds, share, mean microseconds. */
    void print(PrintStream out, String device) {
        long total = byName.values().stream().mapToLong(t -> t[1]).sum();
        out.printf(Locale.ROOT, "kernel times on %s (each launch waited for; %.1f ms in all)%n", device, total / 1e6);
        byName.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                .forEach(e -> out.printf(Locale.ROOT, "  %-28s %8d launches %10.1f ms %5.1f%% %10.1f us each%n",
                        e.getKey(), e.getValue()[0], e.getValue()[1] / 1e6, 100.0 * e.getValue()[1] / Math.max(1, total),
                        e.getValue()[1] / 1e3 / e.getValue()[0]));
    }
}
