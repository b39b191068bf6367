package org.mdn4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM, for the tests that need a process of their own (a kill, a JIT
 * state, a native-memory count, a hidden OpenCL platform): this JVM's {@code java}, the options
 * {@code scripts/mdn} passes (its argument files {@code scripts/jvm-options} and
 * {@code scripts/jvm-options-training}, read from the project directory the tests run in), the
 * test's own flags, this test run's class path, the main class and its arguments.
 */
public final class ChildJvm {

    /** The launcher's JVM options (java argument files); the tests run in the project directory. */
    private static final List<Path> OPTIONS = List.of(Path.of("scripts", "jvm-options").toAbsolutePath(),
            Path.of("scripts", "jvm-options-training").toAbsolutePath());

    private ChildJvm() {
    }

    public static List<String> command(List<String> jvmFlags, String mainClass, List<String> args) {
        for (Path options : OPTIONS) {
            if (!Files.isRegularFile(options)) {
                throw new IllegalStateException("no JVM options file at " + options
                        + ": run the tests in the project directory");
            }
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (Path options : OPTIONS) {
            cmd.add("@" + options);
        }
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** The CLI ({@code org.mdn4j.cli.MdnCli}) in a child JVM with the kernels this build expects. */
    public static List<String> cli(List<String> jvmFlags, List<String> args) {
        List<String> flags = new ArrayList<>(jvmFlags);
        flags.add("-Dmdn4j.kernels=" + System.getProperty("mdn4j.expectKernels", "auto"));
        return command(flags, "org.mdn4j.cli.MdnCli", args);
    }
}
