package org.mdn4j.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens the OpenCL device for a test class, or skips the class with the reason it cannot be
 * opened (no libOpenCL, no platform, no device). CI installs PoCL, so there the tests run.
 */
final class OpenClTestDevice {

    private OpenClTestDevice() {
    }

    static OpenClDevice openOrSkip() {
        String why = OpenClDevice.unavailableReason();
        assumeTrue(why == null, () -> "OpenCL tests skipped: " + why);
        return OpenClDevice.open();
    }
}
