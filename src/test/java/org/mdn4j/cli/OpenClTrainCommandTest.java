package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.gpu.KernelSource;
import org.mdn4j.gpu.Devices;

/**
 * {@code mdn train --backend opencl} end to end through picocli: a run, a checkpointed run
 * resumed, and the ways the backend refuses (no library, a kernel that does not compile, a
 * command or model it does not run), each one line and exit 2 with nothing written.
 */
class OpenClTrainCommandTest {

    @TempDir
    Path dir;

    private static void needsOpenCl() {
        String why = Devices.unavailableReason("opencl");
        assumeTrue(why == null, () -> "OpenCL tests skipped: " + why);
    }

    @Test
    void trainsTheSeedProblemOnTheDeviceAndAgreesWithScalar() {
        needsOpenCl();
        Map<String, String> gpu = Cli.json(Cli.run("train", "--data", "toy-inverse", "--epochs", "60", "--backend",
                "opencl", "--quiet", "--json", "--out", dir.resolve("gpu.mdn").toString()).ok().out());
        Map<String, String> cpu = Cli.json(Cli.run("train", "--data", "toy-inverse", "--epochs", "60", "--backend",
                "scalar", "--quiet", "--json", "--out", dir.resolve("cpu.mdn").toString()).ok().out());
        assertEquals("opencl", gpu.get("backend"));
        double g = Cli.number(gpu, "final_loss");
        double c = Cli.number(cpu, "final_loss");
        assertEquals(c, g, 1e-4 * Math.abs(c), "final loss, opencl against scalar");
        assertTrue(Files.exists(dir.resolve("gpu.mdn")));
        Cli.run("eval", "--model", dir.resolve("gpu.mdn").toString(), "--data", "toy-inverse").ok();
    }

    @Test
    void trainsTheDiagonalHeadAndTheMlpOnTheDeviceAsScalarDoes() {
        needsOpenCl();
        String[][] runs = {
            {"--data", "arm", "--n", "400", "--head", "diagonal", "--hidden", "8,8", "--batch", "100"},
            {"--data", "toy", "--model", "mlp", "--lr", "0.1"},
        };
        for (String[] run : runs) {
            String what = String.join(" ", run);
            Map<String, String> gpu = Cli.json(Cli.run(concat(concat(new String[] {"train"}, run), "--epochs", "40",
                    "--backend", "opencl", "--quiet", "--json", "--out", dir.resolve("gpu.mdn").toString())).ok().out());
            Map<String, String> cpu = Cli.json(Cli.run(concat(concat(new String[] {"train"}, run), "--epochs", "40",
                    "--backend", "scalar", "--quiet", "--json", "--out", dir.resolve("cpu.mdn").toString())).ok().out());
            assertEquals("opencl", gpu.get("backend"), what);
            double c = Cli.number(cpu, "final_loss");
            assertEquals(c, Cli.number(gpu, "final_loss"), 1e-4 * Math.abs(c), () -> what + ": final loss, opencl against scalar");
            Cli.run("eval", "--model", dir.resolve("gpu.mdn").toString(), "--data", run[1]).ok();
        }
    }

    @Test
    void checkpointedRunResumesToTheUninterruptedResult() {
        needsOpenCl();
        String ckpt = dir.resolve("run.ckpt").toString();
        String[] common = {"train", "--data", "toy-inverse", "--batch", "64", "--backend", "opencl", "--quiet",
            "--json"};
        Map<String, String> straight = Cli.json(Cli.run(concat(common, "--epochs", "30", "--out",
                dir.resolve("a.mdn").toString())).ok().out());
        Cli.run(concat(common, "--epochs", "20", "--checkpoint", ckpt, "--checkpoint-every", "10", "--out",
                dir.resolve("b.mdn").toString())).ok();
        Map<String, String> resumed = Cli.json(Cli.run(concat(common, "--epochs", "30", "--resume", ckpt, "--out",
                dir.resolve("c.mdn").toString())).ok().out());
        assertEquals("20", resumed.get("resumed_from"));
        assertEquals(straight.get("final_loss"), resumed.get("final_loss"));
    }

    @Test
    void aMissingLibraryIsOneLineAndExit2() {
        Path out = dir.resolve("m.mdn");
        String line = withProperty("mdn4j.opencl.library", dir.resolve("libOpenCL-absent.so").toString(),
                () -> Cli.run("train", "--data", "toy-inverse", "--epochs", "5", "--backend", "opencl", "--out",
                        out.toString()).badInput("cannot load"));
        assertTrue(line.contains("OpenCL unavailable"), line);
        assertFalse(Files.exists(out));
    }

    @Test
    void aKernelThatDoesNotCompileNamesTheBuildFailure() throws Exception {
        needsOpenCl();
        Path kernels = dir.resolve("kernels");
        Files.createDirectories(kernels);
        Files.copy(Path.of("kernels", "mdn4j_device.h"), kernels.resolve("mdn4j_device.h"));
        Files.writeString(kernels.resolve("mdn4j_kernels.c"), "KERNEL broken(GLOBAL float *x) { x[0] = undeclared; }\n");
        Path out = dir.resolve("m.mdn");
        String line = withProperty(KernelSource.DIRECTORY_PROPERTY, kernels.toString(),
                () -> Cli.run("train", "--data", "toy-inverse", "--epochs", "5", "--backend", "opencl", "--out",
                        out.toString()).badInput("CL_BUILD_PROGRAM_FAILURE"));
        assertTrue(line.contains("undeclared"), () -> "the compiler's log is in the line: " + line);
        assertFalse(Files.exists(out));
    }

    @Test
    void commandsAndModelsTheBackendDoesNotRunAreRefused() {
        Path model = dir.resolve("s.mdn");
        Cli.run("train", "--data", "toy-inverse", "--epochs", "5", "--backend", "scalar", "--quiet", "--out",
                model.toString()).ok();
        Cli.run("eval", "--model", model.toString(), "--data", "toy-inverse", "--backend", "opencl")
                .badInput("runs 'mdn train' only");
        needsOpenCl();
        Cli.run("train", "--data", "arm", "--head", "full", "--epochs", "5", "--backend", "opencl", "--out",
                dir.resolve("full.mdn").toString()).badInputOneLine("isotropic and diagonal heads");
        Cli.run("train", "--data", "toy-inverse", "--epochs", "5", "--threads", "2", "--backend", "opencl", "--out",
                dir.resolve("t.mdn").toString()).badInput("--threads 2 does not apply");
        assertFalse(Files.exists(dir.resolve("t.mdn")));
        assertFalse(Files.exists(dir.resolve("full.mdn")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static <T> T withProperty(String key, String value, java.util.function.Supplier<T> body) {
        String old = System.getProperty(key);
        System.setProperty(key, value);
        try {
            return body.get();
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }
}
