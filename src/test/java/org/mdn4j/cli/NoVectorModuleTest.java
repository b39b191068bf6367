package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM without {@code jdk.incubator.vector} trains and predicts with the scalar kernels: nothing
 * on those paths may touch a Vector API class (a class initialiser that builds a species fails
 * there), including the single-row predictor's choice of its row path.
 */
class NoVectorModuleTest {

    @TempDir
    Path dir;

    @Test
    void trainAndPredictRunOnTheScalarKernels() throws Exception {
        Path model = dir.resolve("m.mdn");
        Result train = run("train", "--data", "toy-inverse", "--epochs", "5", "--quiet", "--out", model.toString());
        assertEquals(0, train.exit, train.output);
        assertTrue(train.output.contains("jdk.incubator.vector"), "one warning names the module: " + train.output);
        Path csv = dir.resolve("p.csv");
        Result predict = run("predict", "--model", model.toString(), "--data", "toy-inverse", "--n", "20",
                "--out", csv.toString());
        assertEquals(0, predict.exit, predict.output);
        assertEquals(21, Files.readAllLines(csv).size(), "a header and 20 rows");
    }

    private record Result(int exit, String output) {
    }

    /** The CLI in a child JVM with no --add-modules: only the class path and native access. */
    private Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.mdn4j.cli.MdnCli"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "run", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }
}
