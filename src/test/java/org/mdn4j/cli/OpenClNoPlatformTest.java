package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.ChildJvm;
import org.mdn4j.gpu.Devices;

/**
 * {@code mdn train --backend opencl} where the ICD loader finds no driver: a separate JVM whose
 * loader is pointed at an empty vendors folder ({@code OCL_ICD_VENDORS}, read once when the
 * loader starts, hence the process) prints one line naming OpenCL's error and exits 2.
 */
class OpenClNoPlatformTest {

    @TempDir
    Path dir;

    @Test
    void noPlatformIsOneLineWithTheErrorNameAndExit2() throws Exception {
        String why = Devices.unavailableReason("opencl");
        assumeTrue(why == null, () -> "needs the OpenCL loader and a platform to hide: " + why);
        Path vendors = Files.createDirectories(dir.resolve("no-vendors"));
        Path out = dir.resolve("m.mdn");
        Path log = dir.resolve("run.log");
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(List.of(), "org.mdn4j.cli.MdnCli",
                List.of("train", "--data", "toy-inverse", "--epochs", "5", "--backend", "opencl",
                        "--out", out.toString())));
        pb.environment().put("OCL_ICD_VENDORS", vendors.toString());
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the run ends");
        List<String> lines = Files.readAllLines(log).stream().filter(l -> l.startsWith("mdn")).toList();
        String all = String.join("\n", Files.readAllLines(log));
        assertEquals(MdnCli.EXIT_BAD_INPUT, p.exitValue(), all);
        assertEquals(1, lines.size(), all);
        assertTrue(lines.get(0).startsWith("mdn: OpenCL unavailable: no platform (CL_PLATFORM_NOT_FOUND_KHR)"), all);
        assertFalse(all.contains("Exception"), all);
        assertFalse(Files.exists(out));
    }
}
