package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.io.Model;
import org.mdn4j.io.ModelFile;
import org.mdn4j.nn.ModelType;

/** {@code mdn train}: human and JSON reports, the model file it writes, and repeatability. */
class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void humanReport() throws Exception {
        Path out = dir.resolve("m.mdn");
        Cli.Result r = Cli.run("train", "--data", "toy-inverse", "--epochs", "50", "--seed", "3", "--out", out.toString())
                .ok();
        List<String> lines = r.out().lines().toList();
        assertEquals(1, lines.size(), r.describe("one line on stdout"));
        String line = lines.get(0);
        assertTrue(line.startsWith("trained mdn 1-5(relu)-5(relu)-9 K=3 L=1 on toy-inverse: final loss "), line);
        assertTrue(line.contains("nats (mean NLL), 50 epochs in "), line);
        int threads = TrainCommand.defaultThreads(300, false);
        assertTrue(line.endsWith(threads + " thread" + (threads == 1 ? "" : "s") + "); wrote " + out), line);
        assertTrue(r.err().contains("epoch 50/50  loss "), r.describe("a final progress line on stderr"));

        Model m = ModelFile.read(out);
        assertEquals(ModelType.MDN, m.spec().type());
        assertEquals("toy-inverse", m.metadata().get("data"));
        assertEquals("50", m.metadata().get("epochs"));
        assertEquals("3", m.metadata().get("seed"));
        assertArrayEquals(new String[] {"t"}, m.inputNames());
        assertArrayEquals(new String[] {"x"}, m.targetNames());
        assertEquals(List.of("m.mdn"), Cli.listing(dir), "no temp files left");
    }

    @Test
    void jsonReport() throws Exception {
        Path out = dir.resolve("m.mdn");
        Cli.Result r = Cli.run("train", "--data", "toy", "--n", "200", "--epochs", "50", "--batch", "64", "--quiet",
                "--json", "--out", out.toString()).ok();
        assertEquals("", r.err(), "--quiet prints nothing on stderr");
        Map<String, String> j = Cli.json(r.out());
        assertEquals(50, Cli.number(j, "epochs"));
        assertEquals(200, Cli.number(j, "samples"));
        double seconds = Cli.number(j, "train_seconds");
        assertTrue(seconds > 0, "train_seconds " + seconds);
        assertEquals(50 / seconds, Cli.number(j, "epochs_per_s"), 1e-6 * 50 / seconds);
        assertEquals(200 * 50 / seconds, Cli.number(j, "samples_per_s"), 1e-6 * 200 * 50 / seconds);
        double loss = Cli.number(j, "final_loss");
        assertTrue(Double.isFinite(loss), "final_loss " + loss);
        String backend = j.get("backend");
        assertTrue("simd".equals(backend) || "scalar".equals(backend), "backend " + backend);
        String expected = System.getProperty("mdn4j.expectKernels");
        if (expected != null && !expected.isBlank()) {
            assertEquals(expected, backend, "the build expects these kernels by default");
        }
        assertEquals(Double.parseDouble(ModelFile.read(out).metadata().get("final_loss")), loss, 0.0,
                "the model file records the same final loss");
    }

    @Test
    void scalarBackendAndThreadsAreReported() {
        Cli.Result r = Cli.run("train", "--data", "toy", "--epochs", "20", "--backend", "scalar", "--threads", "2",
                "--quiet", "--json", "--out", dir.resolve("m.mdn").toString()).ok();
        Map<String, String> j = Cli.json(r.out());
        assertEquals("scalar", j.get("backend"));
        assertEquals(2, Cli.number(j, "threads"));
    }

    @Test
    void sameSeedSameModel() throws Exception {
        Path a = dir.resolve("a.mdn");
        Path b = dir.resolve("b.mdn");
        for (Path p : List.of(a, b)) {
            Cli.run("train", "--data", "toy-inverse", "--epochs", "30", "--batch", "50", "--seed", "8", "--quiet",
                    "--out", p.toString()).ok();
        }
        float[] pa = ModelFile.read(a).parameters();
        float[] pb = ModelFile.read(b).parameters();
        for (int i = 0; i < pa.length; i++) {
            assertEquals(Float.floatToRawIntBits(pa[i]), Float.floatToRawIntBits(pb[i]), "parameter " + i);
        }
    }

    @Test
    void mlpModelWithItsDefaultActivations() throws Exception {
        Path out = dir.resolve("mlp.mdn");
        Cli.run("train", "--data", "toy", "--model", "mlp", "--hidden", "6,6", "--epochs", "20", "--quiet",
                "--out", out.toString()).ok();
        Model m = ModelFile.read(out);
        assertEquals(ModelType.MLP, m.spec().type());
        assertEquals("sigmoid,softplus", m.spec().activationList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsRepeatTheSameTrainingAndReportEachSpeed() throws Exception {
        Path once = dir.resolve("once.mdn");
        Path thrice = dir.resolve("thrice.mdn");
        String[] common = {"train", "--data", "toy-inverse", "--n", "300", "--epochs", "40", "--quiet", "--json"};
        Cli.run(Cli.concat(common, new String[] {"--out", once.toString()})).ok();
        String out = Cli.run(Cli.concat(common, new String[] {"--runs", "3", "--out", thrice.toString()})).ok().out();
        Map<String, Object> j = (Map<String, Object>) org.mdn4j.io.JsonReader.parse(out.strip(), "train");
        assertEquals(3.0, num(j.get("runs")));
        List<?> speeds = (List<?>) j.get("runs_epochs_per_s");
        assertEquals(3, speeds.size(), out);
        double[] later = {num(speeds.get(1)), num(speeds.get(2))};
        assertEquals((later[0] + later[1]) / 2, num(j.get("warm_epochs_per_s")), 1e-9 * later[0],
                "the median of the runs after the first: " + out);
        assertEquals(num(speeds.get(2)), num(j.get("epochs_per_s")), 0.0,
                "the top-level figures are the last run's, whose model is written");
        assertArrayEquals(ModelFile.read(once).parameters(), ModelFile.read(thrice).parameters(),
                "every run computes the one run's model");
        Cli.run("train", "--data", "toy-inverse", "--epochs", "5", "--runs", "0", "--out", once.toString())
                .badInputOneLine("--runs must be at least 1, got 0");
        Cli.run("train", "--data", "toy-inverse", "--epochs", "5", "--runs", "2", "--checkpoint",
                dir.resolve("c.ckpt").toString(), "--out", once.toString())
                .badInputOneLine("--runs repeats a run from its start; it does not combine with --checkpoint");
    }

    private static double num(Object o) {
        return Double.parseDouble(((org.mdn4j.io.JsonNumber) o).text());
    }

    @Test
    void threadsDefaultToEveryCoreThatHasEnoughSamples() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(1, TrainCommand.defaultThreads(TrainCommand.SAMPLES_PER_THREAD - 1, false), "a small batch");
        assertEquals(Math.min(cores, 2), TrainCommand.defaultThreads(2 * TrainCommand.SAMPLES_PER_THREAD, false));
        assertEquals(cores, TrainCommand.defaultThreads(1 << 20, false), "a large batch takes every core");
        assertEquals(1, TrainCommand.defaultThreads(1 << 20, true), "a device runs one host thread");
        Map<String, String> j = Cli.json(Cli.run("train", "--data", "toy-inverse", "--n", "1000", "--epochs", "2",
                "--batch", "1000", "--quiet", "--json", "--out", dir.resolve("t.mdn").toString()).ok().out());
        assertEquals(TrainCommand.defaultThreads(1000, false), Cli.number(j, "threads"), 0.0,
                "full batch of 1000 rows without --threads");
    }
}
