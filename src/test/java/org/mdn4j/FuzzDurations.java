package org.mdn4j;

/**
 * How long each fuzz target runs when fuzzing ({@code JAZZER_FUZZ=1}, {@code scripts/fuzz}); in
 * an ordinary test run the targets only replay their kept inputs. Four targets of 5 s each, plus
 * a JVM start per target, keep the CI fuzzing step under two minutes. A longer run overrides it
 * with a libFuzzer flag (see {@code scripts/fuzz}).
 */
public final class FuzzDurations {

    public static final String CI = "5s";

    private FuzzDurations() {
    }
}
