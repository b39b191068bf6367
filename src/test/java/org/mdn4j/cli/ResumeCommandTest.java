package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.io.CheckpointFile;
import org.mdn4j.io.ModelFile;

/** {@code mdn train --checkpoint/--resume} in process: equality, reporting and refusals. */
class ResumeCommandTest {

    @TempDir
    Path dir;

    private static final List<String> RUN = List.of("train", "--data", "toy-inverse", "--n", "120", "--batch", "32",
            "--quiet");

    /** The run above with seed 6, plus {@code more}; a {@code --seed} in {@code more} replaces 6. */
    private Cli.Result train(String... more) {
        List<String> args = new ArrayList<>(RUN);
        args.addAll(List.of(more));
        if (!args.contains("--seed")) {
            args.addAll(List.of("--seed", "6"));
        }
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void resumingGivesTheUninterruptedModel() throws Exception {
        Path straight = dir.resolve("straight.mdn");
        Path ck = dir.resolve("run.ckpt");
        train("--epochs", "60", "--out", straight.toString()).ok();
        train("--epochs", "45", "--checkpoint", ck.toString(), "--checkpoint-every", "20",
                "--out", dir.resolve("partial.mdn").toString()).ok();
        assertEquals(40, CheckpointFile.read(ck).state().epoch(), "the last multiple of 20");
        Path resumed = dir.resolve("resumed.mdn");
        Map<String, String> j = Cli.json(train("--epochs", "60", "--resume", ck.toString(), "--json",
                "--out", resumed.toString()).ok().out());
        assertEquals(60, Cli.number(j, "epochs"));
        assertEquals(40, Cli.number(j, "resumed_from"));
        assertEquals(0, Cli.number(j, "nonfinite_steps"));
        assertArrayEquals(bits(ModelFile.read(straight).parameters()), bits(ModelFile.read(resumed).parameters()));
        assertEquals(ModelFile.read(straight).metadata().get("final_loss"),
                ModelFile.read(resumed).metadata().get("final_loss"));
    }

    /**
     * {@code --clip} travels in the checkpoint: the same command resumed gives the uninterrupted
     * clipped model (and the norm is small enough to have changed the run), and a resume with
     * another norm, or without one, is refused naming it.
     */
    @Test
    void resumingAClippedRunKeepsItsClipping() throws Exception {
        Path straight = dir.resolve("straight.mdn");
        Path unclipped = dir.resolve("unclipped.mdn");
        Path ck = dir.resolve("clipped.ckpt");
        train("--epochs", "60", "--clip", "0.05", "--out", straight.toString()).ok();
        train("--epochs", "60", "--out", unclipped.toString()).ok();
        train("--epochs", "45", "--clip", "0.05", "--checkpoint", ck.toString(), "--checkpoint-every", "20",
                "--out", dir.resolve("partial.mdn").toString()).ok();
        assertEquals(0.05f, CheckpointFile.read(ck).clip());
        Path resumed = dir.resolve("resumed.mdn");
        train("--epochs", "60", "--clip", "0.05", "--resume", ck.toString(), "--out", resumed.toString()).ok();
        int[] clipped = bits(ModelFile.read(straight).parameters());
        assertArrayEquals(clipped, bits(ModelFile.read(resumed).parameters()));
        assertFalse(Arrays.equals(clipped, bits(ModelFile.read(unclipped).parameters())), "the clipping acted");
        String out = dir.resolve("other.mdn").toString();
        String dropped = train("--epochs", "60", "--resume", ck.toString(), "--out", out)
                .badInputOneLine("the checkpoint is of another run");
        assertTrue(dropped.endsWith(": --clip 0.0 (checkpoint: 0.05)"), dropped);
        train("--epochs", "60", "--clip", "1", "--resume", ck.toString(), "--out", out)
                .badInputOneLine("--clip 1.0 (checkpoint: 0.05)");
    }

    @Test
    void aResumeWithoutThreadsKeepsTheCheckpointsThreadCount() throws Exception {
        // two threads on a batch small enough that the default would be one
        Path straight = dir.resolve("straight2.mdn");
        Path ck = dir.resolve("two.ckpt");
        train("--epochs", "30", "--threads", "2", "--out", straight.toString()).ok();
        train("--epochs", "25", "--threads", "2", "--checkpoint", ck.toString(), "--checkpoint-every", "10",
                "--out", dir.resolve("partial2.mdn").toString()).ok();
        Path resumed = dir.resolve("resumed2.mdn");
        Map<String, String> j = Cli.json(train("--epochs", "30", "--resume", ck.toString(), "--json",
                "--out", resumed.toString()).ok().out());
        assertEquals(2, Cli.number(j, "threads"), 0.0, "the checkpoint's thread count");
        assertArrayEquals(bits(ModelFile.read(straight).parameters()), bits(ModelFile.read(resumed).parameters()),
                "the resumed run continues the two-thread run");
    }

    @Test
    void aCheckpointOfAnotherRunIsRefusedNamingTheDifferences() {
        Path ck = dir.resolve("run.ckpt");
        train("--epochs", "20", "--checkpoint", ck.toString(), "--checkpoint-every", "10",
                "--out", dir.resolve("a.mdn").toString()).ok();
        String out = dir.resolve("b.mdn").toString();
        String lr = train("--epochs", "30", "--lr", "0.002", "--resume", ck.toString(), "--out", out)
                .badInputOneLine("the checkpoint is of another run");
        assertTrue(lr.endsWith(": --lr 0.002 (checkpoint: 0.001)"), lr);
        String seed = train("--epochs", "30", "--seed", "7", "--resume", ck.toString(), "--out", out)
                .badInputOneLine("data checksum");
        assertTrue(seed.contains("; --seed 7 (checkpoint: 6)"), seed);
        train("--epochs", "30", "--hidden", "4,4", "--resume", ck.toString(), "--out", out)
                .badInputOneLine("model mdn 1-4(relu)-4(relu)-9 K=3 L=1 (checkpoint: mdn 1-5(relu)-5(relu)-9");
        train("--epochs", "30", "--threads", "2", "--resume", ck.toString(), "--out", out)
                .badInputOneLine("--threads 2 (checkpoint: 1)");
        Cli.Result scalar = train("--epochs", "30", "--backend", "scalar", "--resume", ck.toString(), "--out", out);
        if (scalar.code() != MdnCli.EXIT_OK) { // refused unless the default kernels are the scalar ones
            scalar.badInputOneLine("kernels 'scalar kernels (plain loops, one sample at a time)' (checkpoint: '");
        }
        train("--epochs", "10", "--resume", ck.toString(), "--out", out).badInputOneLine("past --epochs 10");
        train("--epochs", "30", "--resume", dir.resolve("none.ckpt").toString(), "--out", out)
                .badInputOneLine("none.ckpt: no such file");
        train("--epochs", "30", "--resume", dir.resolve("a.mdn").toString(), "--out", out)
                .badInputOneLine("not an mdn4j checkpoint");
    }

    static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
