package org.mdn4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks jar's entry point: JMH's own {@code Main}, with every fork started with
 * {@code scripts/jvm-options}, the JVM options of every JVM that runs mdn4j (the Vector API module,
 * the JIT's inlining rules for the SIMD kernels, the object alignment). The file is packed into the
 * jar when it is built, so {@code java -jar bench/target/benchmarks.jar} measures the kernels as
 * the launcher runs them from wherever it is started, and the options live in one file rather than
 * in a copy per benchmark class. Options given with {@code -jvmArgsPrepend} go after these.
 */
public final class BenchMain {

    /** Where the build puts {@code scripts/jvm-options} inside the jar (bench/pom.xml). */
    static final String OPTIONS = "/org/mdn4j/bench/jvm-options";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(withForkOptions(args, jvmOptions()));
    }

    /** {@code args} with {@code -jvmArgsPrepend} set to {@code options}, then any the caller gave. */
    static String[] withForkOptions(String[] args, List<String> options) {
        List<String> out = new ArrayList<>();
        StringBuilder prepend = new StringBuilder(String.join(" ", options));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-jvmArgsPrepend") && i + 1 < args.length) {
                prepend.append(' ').append(args[++i]);
            } else {
                out.add(args[i]);
            }
        }
        out.add(0, "-jvmArgsPrepend");
        out.add(1, prepend.toString());
        return out.toArray(String[]::new);
    }

    /**
     * The options in the packed file, a java argument file: tokens separated by white space,
     * {@code #} comment lines.
     */
    static List<String> jvmOptions() {
        try (InputStream in = BenchMain.class.getResourceAsStream(OPTIONS)) {
            if (in == null) {
                throw new IllegalStateException("benchmarks jar has no " + OPTIONS + "; rebuild it with bench/pom.xml");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPTIONS, e);
        }
    }

    static List<String> parse(BufferedReader reader) throws IOException {
        List<String> options = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            if (s.contains("\"") || s.contains("'")) {
                // JMH splits -jvmArgsPrepend at spaces, so a quoted option holding one cannot pass through it
                throw new IllegalStateException(OPTIONS + ": a quoted option cannot be passed to JMH's forks: " + s);
            }
            options.addAll(List.of(s.split("\\s+")));
        }
        return options;
    }
}
