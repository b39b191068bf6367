package org.mdn4j.gpu;

import java.util.Locale;

/** The device backends by name: {@code opencl} and {@code cuda}. */
public final class Devices {

    private Devices() {
    }

    /** True for {@code opencl} and {@code cuda} (any case). */
    public static boolean isDevice(String backend) {
        String n = normalise(backend);
        return n.equals("opencl") || n.equals("cuda");
    }

    /**
     * Opens the named device.
     *
     * @throws DeviceException in one line naming the driver's error when it cannot start
     * @throws IllegalArgumentException for a name that is not a device backend
     */
    public static Device open(String backend) {
        return switch (normalise(backend)) {
            case "opencl" -> OpenClDevice.open();
            case "cuda" -> CudaDevice.open();
            default -> throw new IllegalArgumentException("'" + backend + "' is not a device backend (opencl or cuda)");
        };
    }

    /** Null when the named device opens here, else the one-line reason it does not. */
    public static String unavailableReason(String backend) {
        try (Device d = open(backend)) {
            return d.describe().isEmpty() ? "the device has no name" : null;
        } catch (DeviceException e) {
            return e.getMessage();
        }
    }

    private static String normalise(String backend) {
        return backend == null ? "" : backend.trim().toLowerCase(Locale.ROOT);
    }
}
