package org.mdn4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel source compiles as CUDA C where a CUDA toolkit's {@code nvcc} is on the PATH, even
 * without a GPU: the same front end as NVRTC, with the options {@link Nvrtc} passes (no FMA
 * contraction), and every {@code KERNEL} of the source is an unmangled entry point of the PTX,
 * the name {@code cuModuleGetFunction} looks up. Skipped, with the reason, where there is no
 * nvcc.
 */
class CudaKernelSourceTest {

    @TempDir
    Path dir;

    @Test
    void kernelsCompileAsCudaCWithEveryKernelAnEntryPoint() throws IOException, InterruptedException {
        assumeTrue(onPath("nvcc"), "no nvcc on the PATH: the CUDA C compile check is skipped");
        KernelSource.Unit unit = KernelSource.load();
        Path source = dir.resolve("mdn4j.cu");
        Files.writeString(source, unit.text(), StandardCharsets.UTF_8);
        Path ptx = dir.resolve("mdn4j.ptx");
        Process p = new ProcessBuilder("nvcc", "-ptx", "--fmad=false", source.toString(), "-o", ptx.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(120, TimeUnit.SECONDS), "nvcc did not finish in 120 s");
        assertEquals(0, p.exitValue(), () -> "nvcc failed: " + log);
        assertFalse(log.contains("warning"), () -> "nvcc warned: " + log);
        String text = Files.readString(ptx, StandardCharsets.US_ASCII);
        List<String> kernels = names(Pattern.compile("KERNEL\\s+(\\w+)\\s*\\("), unit.text());
        List<String> entries = names(Pattern.compile("\\.entry\\s+(\\w+)\\s*\\("), text);
        assertFalse(kernels.isEmpty(), "the source declares kernels");
        assertEquals(kernels, entries, "every KERNEL is an entry point of the PTX under its own name");
    }

    private static List<String> names(Pattern pattern, String text) {
        List<String> names = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }
}
