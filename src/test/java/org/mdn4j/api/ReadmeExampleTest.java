package org.mdn4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.io.ModelFile;

/**
 * The README's embedding example is the code in {@link ReadmeExample}, verbatim, and it runs:
 * on a model file it prints the model's mean, variance, mode and log-density.
 */
class ReadmeExampleTest {

    private static final String BEGIN = "// README example begin";
    private static final String END = "// README example end";

    @TempDir
    Path dir;

    /** The lines between the markers, their common indentation removed. */
    static String snippet() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/org/mdn4j/api/ReadmeExample.java"));
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(BEGIN)) {
                from = i + 1;
            } else if (lines.get(i).strip().equals(END)) {
                to = i;
            }
        }
        assertTrue(from > 0 && to > from, "the markers in ReadmeExample.java");
        List<String> body = lines.subList(from, to);
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder s = new StringBuilder();
        for (String l : body) {
            s.append(l.length() >= indent ? l.substring(indent) : l.strip()).append('\n');
        }
        return s.toString();
    }

    @Test
    void theReadmeShowsTheExampleVerbatim() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String block = "```java\n" + snippet() + "```";
        assertTrue(readme.contains(block), "README.md should contain, verbatim:\n" + block);
    }

    @Test
    void theExampleRuns() throws Exception {
        Path file = dir.resolve("inverse-mdn.mdn");
        ModelFile.write(ApiModels.mdn(1, 1, 3, 19), file);
        double[] mean = new double[1];
        double[] variance = new double[1];
        double[] mode = new double[1];
        double logP;
        try (MdnModel model = MdnModel.load(file)) {
            model.predictor().predict(new float[] {0.5f}, mean, variance, mode);
            logP = model.predictor().logDensity(new float[] {0.5f}, new float[] {0.3f});
        }
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            ReadmeExample.run(file);
        } finally {
            System.setOut(original);
        }
        assertEquals(String.format("mean %.4f, variance %.4f, mode %.4f, log p %.4f%n", mean[0], variance[0], mode[0],
                logP), printed.toString(StandardCharsets.UTF_8));
        assertTrue(Double.isFinite(logP) && variance[0] > 0, String.format(Locale.ROOT, "%f %f", logP, variance[0]));
    }
}
