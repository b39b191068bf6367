package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.ChildJvm;
import org.mdn4j.io.ModelFile;

/**
 * The same seed, kernels and thread count give a bitwise-identical model in separate processes,
 * whatever the JIT does: one run is forced to stay in the interpreter ({@code -Xint}), the other
 * gets its kernels compiled by C2 after a few dozen calls. A Vector API operation whose
 * interpreted and compiled results differ (SVML's exp against Math.exp, a tree-ordered lane sum)
 * makes the two models differ.
 */
class CrossProcessDeterminismTest {

    @TempDir
    Path dir;

    @Test
    void interpretedAndCompiledRunsGiveTheSameModel() throws Exception {
        // 40 samples: two whole vectors of 16 lanes and a partial one (or five of 8). -Xint runs
        // the Vector API's Java fallback at about 50 ms an epoch, hence the short run.
        String[] args = {"train", "--data", "toy-inverse", "--n", "40", "--epochs", "200", "--batch", "40",
                "--seed", "4", "--activation", "tanh,softplus", "--quiet"};
        Path a = run(dir.resolve("interpreted.mdn"), true, args);
        Path b = run(dir.resolve("compiled.mdn"), false, args);
        float[] pa = ModelFile.read(a).parameters();
        float[] pb = ModelFile.read(b).parameters();
        int[] ba = new int[pa.length];
        int[] bb = new int[pb.length];
        for (int i = 0; i < pa.length; i++) {
            ba[i] = Float.floatToIntBits(pa[i]);
            bb[i] = Float.floatToIntBits(pb[i]);
        }
        assertArrayEquals(ba, bb, "parameters of the -Xint run and the JIT run differ");
    }

    /**
     * Rows on cache lines ({@code -XX:ObjectAlignmentInBytes=64}, the launcher's default) and rows
     * wherever Java puts them (8) train the same model: two threads, micro-batch slices, a
     * partial last vector in every slice.
     */
    @Test
    void alignedAndUnalignedRowsGiveTheSameModel() throws Exception {
        String[] args = {"train", "--data", "toy-inverse", "--n", "3001", "--hidden", "64,64", "--components", "8",
                "--epochs", "3", "--batch", "3001", "--threads", "2", "--seed", "6", "--quiet"};
        Path a = run(dir.resolve("aligned.mdn"), List.of("-XX:ObjectAlignmentInBytes=64"), args);
        Path b = run(dir.resolve("unaligned.mdn"), List.of("-XX:ObjectAlignmentInBytes=8"), args);
        assertArrayEquals(bits(ModelFile.read(a).parameters()), bits(ModelFile.read(b).parameters()),
                "parameters of the aligned and the unaligned run differ");
    }

    private static int[] bits(float[] p) {
        int[] b = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            b[i] = Float.floatToIntBits(p[i]);
        }
        return b;
    }

    private static Path run(Path out, boolean interpreted, String... args) throws Exception {
        // compiled: after a few dozen calls, waiting for the compiler, so that most of the run executes C2's code
        return run(out, interpreted ? List.of("-Xint")
                : List.of("-XX:CompileThresholdScaling=0.01", "-XX:-BackgroundCompilation"), args);
    }

    private static Path run(Path out, List<String> jvmFlags, String... args) throws Exception {
        List<String> cliArgs = new ArrayList<>(List.of(args));
        cliArgs.addAll(List.of("--out", out.toString()));
        List<String> cmd = ChildJvm.cli(jvmFlags, cliArgs);
        Path log = Files.createTempFile(out.getParent(), "run", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("training run timed out: " + String.join(" ", cmd));
        }
        assertEquals(0, p.exitValue(), () -> "training run failed:" + File.separator + readQuietly(log));
        return out;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
