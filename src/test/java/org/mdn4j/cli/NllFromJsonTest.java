package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.ToyData;

/**
 * {@code scripts/nll-from-json}, an independent Python evaluator of the exported JSON, agrees
 * with {@code mdn eval} on a trained toy-inverse model, and on an arm model (two targets) of each
 * head: the JSON carries everything needed to reproduce the model outside the JVM.
 */
class NllFromJsonTest {

    private static final Path SCRIPT = Path.of("scripts", "nll-from-json");

    @TempDir
    static Path dir;
    static Path python;
    static Path json;

    /** /usr/bin/python3, else the first python3 on PATH; null when there is none. */
    static Path findPython() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/python3")));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    candidates.add(Path.of(d, "python3"));
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    @BeforeAll
    static void trainAndExport() {
        python = findPython();
        assumeTrue(python != null, "skipped: no python3 at /usr/bin/python3 or on PATH to run " + SCRIPT);
        Path model = dir.resolve("m.mdn");
        json = dir.resolve("m.json");
        // lr 0.01 gets the NLL well below zero in a few seconds, so a relative comparison means something
        Cli.run("train", "--data", "toy-inverse", "--epochs", "300", "--lr", "0.01", "--quiet", "--out",
                model.toString()).ok();
        Cli.run("export", "--model", model.toString(), "--format", "json", "--out", json.toString()).ok();
    }

    record Run(int code, String out, String err) {
    }

    static Run script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "py", ".out");
        Path err = Files.createTempFile(dir, "py", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nll-from-json finished within 2 minutes");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The rows {@code mdn eval --data toy-inverse --seed S} scores, as a CSV with columns t,x. */
    static Path toyInverseCsv(int n, long seed) throws IOException {
        Dataset d = ToyData.generate(n, seed, true);
        StringBuilder csv = new StringBuilder("t,x\n");
        for (int i = 0; i < n; i++) {
            // Float.toString is exact for floats, so both sides read the same numbers
            csv.append(Float.toString(d.x()[i])).append(',').append(Float.toString(d.t()[i])).append('\n');
        }
        Path file = dir.resolve("toy-inverse-" + seed + ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void pythonNllAgreesWithMdnEval() throws Exception {
        Path model = dir.resolve("m.mdn");
        for (long seed : new long[] {19, 7}) {
            double java = Cli.number(Cli.json(Cli.run("eval", "--model", model.toString(), "--data", "toy-inverse",
                    "--seed", Long.toString(seed), "--json").ok().out()), "nll");
            Run r = script(json.toString(), toyInverseCsv(300, seed).toString());
            assertEquals(0, r.code(), () -> "nll-from-json failed: " + r);
            double py = Double.parseDouble(r.out().strip());
            assertTrue(Math.abs(java) > 0.1, "a trained model's NLL is away from zero: " + java);
            double rel = Math.abs(py - java) / Math.abs(java);
            // surefire keeps this in the test's output: the measured agreement
            System.out.printf("seed %d: mdn eval nll %.12f, nll-from-json %.12f, relative difference %.3g%n",
                    seed, java, py, rel);
            assertTrue(rel <= 1e-5, "seed " + seed + ": java " + java + " vs python " + py + " (relative " + rel + ")");
        }
    }

    /**
     * A model of each head trained briefly on the arm (L = 2), with and without the scaler, its NLL
     * from Python and from mdn eval.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} head, --standardize {1}")
    @org.junit.jupiter.params.provider.CsvSource({"isotropic, none", "isotropic, on", "diagonal, none", "diagonal, on",
            "full, none", "full, on"})
    void everyHeadAgreesWithMdnEval(String head, String standardize) throws Exception {
        Path model = dir.resolve("arm-" + head + "-" + standardize + ".mdn");
        Path exported = dir.resolve("arm-" + head + "-" + standardize + ".json");
        Cli.run("train", "--data", "arm", "--n", "600", "--head", head, "--components", "3", "--hidden", "16",
                "--epochs", "40", "--lr", "0.01", "--batch", "100", "--standardize", standardize, "--quiet", "--out",
                model.toString()).ok();
        Cli.run("export", "--model", model.toString(), "--format", "json", "--out", exported.toString()).ok();
        assertTrue(Files.readString(exported).contains("\"type\": \"" + head + "\""), "head.type in the JSON");
        assertEquals(standardize.equals("on"), Files.readString(exported).contains("\"t_std\""), "a scaler iff on");
        Path csv = dir.resolve("arm-" + head + "-" + standardize + ".csv");
        // the rows 'mdn eval --data arm --n 300 --seed 7' scores
        Dataset d = org.mdn4j.data.ArmData.generate(300, 7);
        StringBuilder rows = new StringBuilder("x1,x2,theta1,theta2\n");
        for (int i = 0; i < d.size(); i++) {
            rows.append(Float.toString(d.x()[2 * i])).append(',').append(Float.toString(d.x()[2 * i + 1])).append(',')
                    .append(Float.toString(d.t()[2 * i])).append(',').append(Float.toString(d.t()[2 * i + 1]))
                    .append('\n');
        }
        Files.writeString(csv, rows, StandardCharsets.UTF_8);
        double java = Cli.number(Cli.json(Cli.run("eval", "--model", model.toString(), "--data", "arm", "--n", "300",
                "--seed", "7", "--json").ok().out()), "nll");
        Run r = script(exported.toString(), csv.toString());
        assertEquals(0, r.code(), () -> "nll-from-json failed: " + r);
        double py = Double.parseDouble(r.out().strip());
        assertTrue(Math.abs(java) > 0.1, "a trained model's NLL is away from zero: " + java);
        double rel = Math.abs(py - java) / Math.abs(java);
        System.out.printf("arm %s, --standardize %s: mdn eval nll %.12f, nll-from-json %.12f, relative difference %.3g%n",
                head, standardize, java, py, rel);
        assertTrue(rel <= 1e-5, head + ": java " + java + " vs python " + py + " (relative " + rel + ")");
    }

    @Test
    void pythonAppliesTheScalerAsMdnEvalDoes() throws Exception {
        // data in units far from 1, standardised by default: the script must standardise the inputs and add
        // the Jacobian to agree; written in mdn's other CSV dialect (semicolons, a quoted header, comments),
        // which the script must read as mdn does
        Path comma = StandardizeCommandTest.csvIn(dir, "scaled-comma.csv", 1e3, 1e4);
        String text = Files.readString(comma).replace(',', ';').replaceFirst("t;x", "\"t\";\"x\"")
                .replace("\n1", "\n# a comment\n\n1");
        Path csv = dir.resolve("scaled.csv");
        Files.writeString(csv, "# units: mm\n" + text);
        Path model = dir.resolve("scaled.mdn");
        Path scaledJson = dir.resolve("scaled.json");
        Cli.run("train", "--data", csv.toString(), "--epochs", "300", "--lr", "0.01", "--quiet", "--out",
                model.toString()).ok();
        Cli.run("export", "--model", model.toString(), "--out", scaledJson.toString()).ok();
        assertTrue(Files.readString(scaledJson).contains("\"t_std\""), "the model has a scaler");
        double java = Cli.number(Cli.json(Cli.run("eval", "--model", model.toString(), "--data", csv.toString(),
                "--json").ok().out()), "nll");
        Run r = script(scaledJson.toString(), csv.toString());
        assertEquals(0, r.code(), () -> "nll-from-json failed: " + r);
        double py = Double.parseDouble(r.out().strip());
        double rel = Math.abs(py - java) / Math.abs(java);
        System.out.printf("with a scaler: mdn eval nll %.12f, nll-from-json %.12f, relative difference %.3g%n",
                java, py, rel);
        assertTrue(rel <= 1e-5, "java " + java + " vs python " + py + " (relative " + rel + ")");
    }

    @Test
    void jsonOutput() throws Exception {
        Run r = script(json.toString(), toyInverseCsv(10, 3).toString(), "--json");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().matches("\\{\"nll\": -?[0-9.e+-]+, \"n\": 10\\}\\R"), r.out());
    }

    @Test
    void badInputIsOneLineAndExit2() throws Exception {
        Path csv = dir.resolve("wrong-columns.csv");
        Files.writeString(csv, "a,x\n0.5,0.5\n");
        Run r = script(json.toString(), csv.toString());
        assertEquals(2, r.code(), r::toString);
        assertEquals("nll-from-json: " + csv + ": no column 't' (header: a,x)", r.err().strip());

        Path notJson = dir.resolve("not.json");
        Files.writeString(notJson, "{\"format\": \"mdn4j\",,}");
        Run bad = script(notJson.toString(), csv.toString());
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.err().startsWith("nll-from-json: " + notJson + ": line 1, column 20"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }
}
