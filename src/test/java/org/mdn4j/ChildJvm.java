package org.mdn4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM, for the tests that need a process of their own (a kill, a JIT
 * state, a native-memory count, a hidden OpenCL platform): this JVM's {@code java}, the flags
 * {@code scripts/mdn} passes (the Vector API module, native access, VectorMath inlined, the
 * training path compiled in the foreground), the test's own flags, this test run's class path,
 * the main class and its arguments.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    public static List<String> command(List<String> jvmFlags, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-XX:CompileCommand=quiet", "-XX:CompileCommand=inline,org.mdn4j.kernel.VectorMath::*",
                "-XX:ObjectAlignmentInBytes=64",
                "-XX:CompileCommand=BackgroundCompilation,org.mdn4j.kernel.*::*,false",
                "-XX:CompileCommand=BackgroundCompilation,org.mdn4j.nn.*::*,false",
                "-XX:CompileCommand=BackgroundCompilation,org.mdn4j.train.*::*,false"));
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
