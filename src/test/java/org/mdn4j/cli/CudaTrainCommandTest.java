package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.gpu.Devices;

/**
 * {@code mdn train --backend cuda} end to end: where a CUDA device opens it trains the seed
 * problem to the scalar backend's loss within 1e-4 relative; where none does (no driver, no
 * device, no NVRTC) it says why in one line, exits 2 and writes nothing.
 */
class CudaTrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void trainsOnTheDeviceOrSaysWhyItCannot() {
        Path out = dir.resolve("cuda.mdn");
        String[] args = {"train", "--data", "toy-inverse", "--epochs", "60", "--backend", "cuda", "--quiet", "--json",
            "--out", out.toString()};
        String why = Devices.unavailableReason("cuda");
        if (why != null) {
            String line = Cli.run(args).badInput("CUDA");
            assertTrue(line.contains(why), () -> line + " gives the reason: " + why);
            assertFalse(Files.exists(out));
            return;
        }
        Map<String, String> gpu = Cli.json(Cli.run(args).ok().out());
        Map<String, String> cpu = Cli.json(Cli.run("train", "--data", "toy-inverse", "--epochs", "60", "--backend",
                "scalar", "--quiet", "--json", "--out", dir.resolve("cpu.mdn").toString()).ok().out());
        assertEquals("cuda", gpu.get("backend"));
        double c = Cli.number(cpu, "final_loss");
        assertEquals(c, Cli.number(gpu, "final_loss"), 1e-4 * Math.abs(c), "final loss, cuda against scalar");
    }

    @Test
    void aMissingDriverLibraryIsOneLineAndExit2() {
        Path out = dir.resolve("m.mdn");
        String old = System.getProperty("mdn4j.cuda.library");
        System.setProperty("mdn4j.cuda.library", dir.resolve("libcuda-absent.so").toString());
        try {
            Cli.run("train", "--data", "toy-inverse", "--epochs", "5", "--backend", "cuda", "--out", out.toString())
                    .badInput("CUDA unavailable: cannot load");
        } finally {
            if (old == null) {
                System.clearProperty("mdn4j.cuda.library");
            } else {
                System.setProperty("mdn4j.cuda.library", old);
            }
        }
        assertFalse(Files.exists(out));
    }
}
