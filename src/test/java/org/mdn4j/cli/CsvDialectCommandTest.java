package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CSV dialect end to end: the same rows written with tabs, quotes and comments, or with
 * semicolons, train the same model and score the same as a plain comma file; {@code --delimiter}
 * reads a file whose header alone is ambiguous.
 */
class CsvDialectCommandTest {

    @TempDir
    Path dir;

    /** 60 seeded rows of (x, t) in the given dialect. */
    private Path write(String name, String header, String delimiter, boolean quoteValues) throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        StringBuilder s = new StringBuilder("# generated for a test\n").append(header).append('\n');
        for (int i = 0; i < 60; i++) {
            float x = (float) r.nextDouble();
            float t = (float) (2 * x + 0.1 * r.nextGaussian());
            String a = quoteValues ? "\"" + x + "\"" : Float.toString(x);
            s.append(a).append(delimiter).append(t).append('\n');
            if (i % 17 == 0) {
                s.append("\n# a comment between rows\n");
            }
        }
        Path f = dir.resolve(name);
        Files.writeString(f, s);
        return f;
    }

    private String trainAndEval(Path csv, String... delimiter) {
        Path model = dir.resolve(csv.getFileName() + ".mdn");
        String[] train = {"train", "--data", csv.toString(), "--epochs", "20", "--quiet", "--out", model.toString()};
        Cli.run(Cli.concat(train, delimiter)).ok();
        return Cli.run(Cli.concat(new String[] {"eval", "--model", model.toString(), "--data", csv.toString(), "--json"},
                delimiter)).ok().out();
    }

    @Test
    void everyDialectGivesTheSameModel() throws Exception {
        String plain = trainAndEval(write("plain.csv", "x,t", ",", false));
        assertEquals(plain, trainAndEval(write("tabs.tsv", "\"x\"\t\"t\"", "\t", true)));
        assertEquals(plain, trainAndEval(write("semicolons.csv", "x;t", ";", false)));
        assertEquals(plain, trainAndEval(write("pipes.csv", "x|t", "|", true), "--delimiter", "|"));
    }

    @Test
    void theDelimiterOptionReadsAnAmbiguousHeader() throws Exception {
        Path f = write("ambiguous.csv", "x;raw,t", ",", false);
        Cli.run("train", "--data", f.toString(), "--epochs", "2", "--quiet", "--out", dir.resolve("a.mdn").toString())
                .badInputOneLine("cannot tell the delimiter");
        Cli.run("train", "--data", f.toString(), "--delimiter", ",", "--epochs", "2", "--quiet", "--out",
                dir.resolve("a.mdn").toString()).ok();
        Path pred = dir.resolve("p.csv");
        Cli.run("predict", "--model", dir.resolve("a.mdn").toString(), "--data", f.toString(), "--delimiter", ",",
                "--out", pred.toString()).ok();
        assertEquals(61, Files.readAllLines(pred).size(), "header and 60 rows");
    }
}
