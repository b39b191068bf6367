package org.mdn4j.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The device kernels' source text: {@code kernels/mdn4j_device.h} followed by
 * {@code kernels/mdn4j_kernels.c}, the one source compiled by every device backend.
 *
 * <p>The files are read from the directory named by the system property
 * {@value #DIRECTORY_PROPERTY} when it is set (a checkout's {@code kernels/}, or a test's broken
 * copy), else from the class path, where the build copies {@code kernels/} (the jar's
 * {@code /kernels/} resources).
 */
public final class KernelSource {

    /** System property: a directory to read the kernel files from instead of the class path. */
    public static final String DIRECTORY_PROPERTY = "mdn4j.kernelDir";
    static final String HEADER = "mdn4j_device.h";
    static final String KERNELS = "mdn4j_kernels.c";

    private KernelSource() {
    }

    /** The header and the kernels as one compilation unit, and where they came from. */
    record Unit(String text, String origin) {
    }

    static Unit load() {
        String dir = System.getProperty(DIRECTORY_PROPERTY);
        if (dir != null) {
            Path d = Path.of(dir);
            return new Unit(readFile(d.resolve(HEADER)) + "\n" + readFile(d.resolve(KERNELS)), d.toString());
        }
        return new Unit(readResource(HEADER) + "\n" + readResource(KERNELS), "the class path's /kernels/");
    }

    private static String readFile(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DeviceException("cannot read kernel source " + p + ": " + e.getMessage());
        }
    }

    private static String readResource(String name) {
        try (InputStream in = KernelSource.class.getResourceAsStream("/kernels/" + name)) {
            if (in == null) {
                throw new DeviceException("kernel source /kernels/" + name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DeviceException("cannot read kernel source /kernels/" + name + ": " + e.getMessage());
        }
    }
}
