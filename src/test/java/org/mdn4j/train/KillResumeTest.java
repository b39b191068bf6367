package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.ChildJvm;
import org.mdn4j.data.DataException;
import org.mdn4j.io.CheckpointFile;
import org.mdn4j.io.Model;
import org.mdn4j.io.ModelFile;

/**
 * A training process killed with SIGKILL at seeded random moments and resumed each time from its
 * last checkpoint ends with the model of an uninterrupted run, bit for bit. Each resumed process
 * starts cold (interpreter, then C1, then C2) where the uninterrupted one is long compiled, so
 * this also checks that the kernels' results do not depend on the JIT's state.
 */
class KillResumeTest {

    private static final long KILL_SEED = 20261126L;
    private static final int EPOCHS = 3000;
    private static final int EVERY = 100;
    private static final String[] RUN = {"train", "--data", "toy-inverse", "--n", "300", "--epochs",
            Integer.toString(EPOCHS), "--batch", "100", "--seed", "8", "--quiet"};

    @TempDir
    Path dir;

    @Test
    void killedAndResumedRunEqualsUninterruptedRun() throws Exception {
        Path ck = dir.resolve("run.ckpt");
        Path reference = dir.resolve("reference.mdn");
        Path resumed = dir.resolve("resumed.mdn");
        // the uninterrupted run (no checkpoints either) runs alongside the killed ones
        Process straight = start(reference, List.of());
        List<String> checkpointing = List.of("--checkpoint", ck.toString(), "--checkpoint-every",
                Integer.toString(EVERY));

        // Kill points: once the last checkpoint has reached a random epoch, after a further
        // random 0-40 ms, so the kill lands anywhere in an epoch or in a checkpoint write.
        SplittableRandom rng = new SplittableRandom(KILL_SEED);
        int[] targets = {rng.nextInt(150, 700), rng.nextInt(900, 1500), rng.nextInt(1700, 2300),
                rng.nextInt(2400, 2800)};
        StringBuilder log = new StringBuilder();
        for (int target : targets) {
            Process p = start(resumed, resumeArgs(ck, checkpointing));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (checkpointEpoch(ck) < target) {
                assertTrue(p.isAlive(), "the run ended before epoch " + target + ": " + output(resumed));
                assertTrue(System.nanoTime() < deadline, "no checkpoint at epoch " + target + " within 60 s");
                Thread.sleep(2);
            }
            int delay = rng.nextInt(41);
            Thread.sleep(delay);
            assertTrue(p.isAlive(), "the run ended before its kill after epoch " + target);
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "killed process did not end");
            log.append(String.format(" kill at checkpoint epoch >= %d + %d ms -> resume from %d (exit %d);",
                    target, delay, checkpointEpoch(ck), p.exitValue()));
        }
        Process last = start(resumed, resumeArgs(ck, checkpointing));
        finish(last, resumed);
        finish(straight, reference);
        System.out.println("kill/resume:" + log);

        Model a = ModelFile.read(reference);
        Model b = ModelFile.read(resumed);
        assertArrayEquals(bits(a.parameters()), bits(b.parameters()), "parameters after kills:" + log);
        assertEquals(a.metadata().get("final_loss"), b.metadata().get("final_loss"));
        assertEquals(Integer.toString(EPOCHS), b.metadata().get("epochs"));
        try (var files = Files.list(dir)) {
            // a kill during a checkpoint write may leave its temporary file, never a broken
            // checkpoint; so may one that lands in the model's final write, near the last epoch
            List<String> unexpected = files.map(f -> f.getFileName().toString())
                    .filter(f -> !(f.startsWith(".run.ckpt.") || f.startsWith(".resumed.mdn.") && f.endsWith(".tmp")
                            || f.endsWith(".mdn") || f.endsWith(".log") || f.equals("run.ckpt")))
                    .toList();
            assertTrue(unexpected.isEmpty(), "unexpected files " + unexpected + ":" + log);
        }
    }

    private static List<String> resumeArgs(Path ck, List<String> checkpointing) {
        List<String> args = new ArrayList<>(checkpointing);
        if (Files.exists(ck)) {
            args.add("--resume");
            args.add(ck.toString());
        }
        return args;
    }

    /** The epoch of the checkpoint on disk, 0 if none yet; a torn read would throw. */
    private static int checkpointEpoch(Path ck) throws DataException {
        return Files.exists(ck) ? CheckpointFile.read(ck).state().epoch() : 0;
    }

    /** A child JVM running the CLI with the launcher's flags, appending its output to OUT.log. */
    private static Process start(Path out, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(Arrays.asList(RUN));
        args.addAll(extra);
        args.addAll(List.of("--out", out.toString()));
        List<String> cmd = ChildJvm.cli(List.of(), args);
        Path log = logOf(out);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static void finish(Process p, Path out) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("training run timed out: " + output(out));
        }
        assertEquals(0, p.exitValue(), () -> "training run failed: " + output(out));
    }

    private static Path logOf(Path out) {
        return out.resolveSibling(out.getFileName() + ".log");
    }

    private static String output(Path out) {
        try {
            return Files.readString(logOf(out));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
