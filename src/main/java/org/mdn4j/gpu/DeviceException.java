package org.mdn4j.gpu;

/**
 * A device backend cannot start or failed: no library, no platform, no device, a kernel that
 * does not compile, or a driver call that returned an error. The message is one line naming the
 * driver's error (e.g. {@code CL_BUILD_PROGRAM_FAILURE}).
 *
 * <p>It extends {@link IllegalArgumentException} because the CLI reports that family as "this
 * request cannot be run here" (one line, exit 2), which is what a missing or failing device is
 * to the user who asked for it.
 */
public final class DeviceException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public DeviceException(String message) {
        super(message);
    }
}
