package org.mdn4j.data;

/** Checks on what a reader returned from a fuzzed input. */
final class FuzzedData {

    private FuzzedData() {
    }

    static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
