package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdn4j.ChildJvm;

/**
 * After warm-up a training epoch allocates nothing, on the calling thread and on the pool's
 * workers, as measured by HotSpot's per-thread allocation counters ({@link TrainerAllocationProbe}).
 *
 * <p>Each configuration trains in a JVM of its own started with the launcher's options
 * ({@code scripts/jvm-options}): the claim is about a process that trains, compiled the way
 * {@code mdn train} compiles it (the training path in the foreground), and each configuration is
 * compiled from its own profiles, not from what the cases before it left in the JIT. The SIMD MLP
 * (sigmoid, softplus) and the full head are the cases that caught C2 boxing vectors once a
 * compilation outgrew its inlining budget (see {@code scripts/jvm-options}). The wide shape runs
 * with a batch of 300 on two threads (the 4 × 3 block, each chunk's last vector again) and of 64
 * on one (a tile that leaves one vector for the four-row, one-vector block).
 */
class TrainerAllocationTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} kernels, {1} thread(s), batch {2}, {3}")
    @CsvSource({
            "auto,   1, 300, mdn", "auto,   1, 64, mdn", "auto,   1, 64, mlp", "scalar, 1, 64, mlp", "scalar, 1, 64, mdn",
            "auto,   2, 300, mdn", "auto,   2, 150, mdn", "auto,   1, 64, diagonal", "auto,   1, 64, full",
            "auto,   2, 300, wide", "auto,   1, 64, wide", "auto,   1, 64, tanh",
    })
    void epochAllocatesNothingAfterWarmUp(String backend, int threads, int batch, String type) throws Exception {
        List<String> cmd = ChildJvm.command(List.of(), TrainerAllocationProbe.class.getName(),
                List.of(backend, Integer.toString(threads), Integer.toString(batch), type));
        Path log = dir.resolve("probe.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the probe did not finish in 2 minutes: " + Files.readString(log));
        }
        String result = Files.readString(log).strip();
        assertEquals(0, p.exitValue(), backend + " kernels, " + threads + " thread(s), batch " + batch + ", " + type
                + ": " + result);
    }
}
