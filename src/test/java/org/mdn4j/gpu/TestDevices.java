package org.mdn4j.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a device backend opens in this JVM, asked once per backend. A test that needs the
 * device is skipped, test by test with the reason (no library, no platform, no device), where it
 * does not; CI installs PoCL, so there the OpenCL tests run, and the CUDA tests run where an
 * NVIDIA driver and NVRTC are present.
 */
final class TestDevices {

    private static final String AVAILABLE = "";
    private static final Map<String, String> REASONS = new ConcurrentHashMap<>();

    private TestDevices() {
    }

    /** Skips the calling test unless {@code backend} opens here. */
    static void skipUnlessAvailable(String backend) {
        String why = reason(backend);
        assumeTrue(why.equals(AVAILABLE), () -> backend + " tests skipped: " + why);
    }

    /** The opened device, or null where it does not open. */
    static Device openIfAvailable(String backend) {
        return reason(backend).equals(AVAILABLE) ? Devices.open(backend) : null;
    }

    private static String reason(String backend) {
        return REASONS.computeIfAbsent(backend, b -> {
            String why = Devices.unavailableReason(b);
            return why == null ? AVAILABLE : why;
        });
    }
}
