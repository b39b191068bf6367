package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command of the CLI, found by walking picocli's command tree (so a command added later is
 * covered without editing this test): its {@code --help} shows an example of itself, it rejects an
 * unknown option with exit 2 and one line, and {@code mdn completion} completes it.
 */
class CommandCoverageTest {

    @TempDir
    Path dir;

    /** Every command below {@code mdn}, as the words that invoke it (e.g. {@code ["train"]}). */
    static List<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        walk(new CommandLine(new MdnCli()), List.of(), all);
        return all;
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> all) {
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            all.add(p);
            walk(e.getValue(), p, all);
        }
    }

    @Test
    void theTreeHoldsTheKnownCommands() {
        List<String> names = commands().stream().map(p -> String.join(" ", p)).toList();
        for (String c : List.of("train", "eval", "predict", "bench", "export", "import", "info", "plot", "demo",
                "completion", "help")) {
            assertTrue(names.contains(c), c + " in " + names);
        }
    }

    @Test
    void everyCommandsHelpShowsAnExampleOfItself() {
        List<List<String>> all = new ArrayList<>(commands());
        all.add(List.of());
        for (List<String> path : all) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli.Result r = Cli.run(args.toArray(String[]::new)).ok();
            String invocation = String.join(" ", List.of("mdn", String.join(" ", path))).strip();
            List<String> lines = r.out().lines().toList();
            int example = -1;
            for (int i = 0; i < lines.size() && example < 0; i++) {
                if (lines.get(i).strip().startsWith("Example")) {
                    example = i;
                }
            }
            assertTrue(example >= 0, invocation + " --help has an Example heading:\n" + r.out());
            // an indented command line after the heading that runs this very command
            assertTrue(lines.subList(example + 1, lines.size()).stream()
                    .anyMatch(l -> l.startsWith("  ") && l.contains(invocation + (path.isEmpty() ? " " : ""))),
                    invocation + " --help shows an example of " + invocation + ":\n" + r.out());
        }
    }

    @Test
    void everyCommandRejectsAnUnknownOptionWithOneLineAndExit2() {
        CommandLine root = new CommandLine(new MdnCli());
        for (List<String> path : commands()) {
            CommandLine cl = root;
            for (String word : path) {
                cl = cl.getSubcommands().get(word);
            }
            if (cl.getCommandSpec().helpCommand()) {
                continue; // picocli's help command skips validation; its bad input is an unknown command, below
            }
            List<String> args = new ArrayList<>(path);
            args.add("--no-such-option");
            String invocation = "mdn " + String.join(" ", path);
            String line = Cli.run(args.toArray(String[]::new)).badInputOneLine("(see '" + invocation + " --help')");
            // picocli names a missing required option or parameter first; without one, the unknown option
            boolean required = cl.getCommandSpec().args().stream().anyMatch(a -> a.required());
            assertTrue(required ? line.contains("Missing required") : line.contains("Unknown option: '--no-such-option'"),
                    line);
        }
        Cli.run("help", "no-such-command").badInputOneLine("Unknown subcommand 'no-such-command'");
    }

    @Test
    void theCompletionScriptCompletesEveryCommand() throws Exception {
        String script = Cli.run("completion").ok().out();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.lines().findFirst().orElse(""));
        // each function's "local commands" line lists the commands below it
        List<String> lists = script.lines().map(String::strip).filter(l -> l.startsWith("local commands=\""))
                .map(l -> " " + l.substring(l.indexOf('"') + 1, l.lastIndexOf('"')) + " ").toList();
        for (List<String> path : commands()) {
            String name = path.get(path.size() - 1);
            assertTrue(lists.stream().anyMatch(l -> l.contains(" " + name + " ")), name + " in " + lists);
        }
        assertTrue(script.contains("--standardize") && script.contains("--delimiter"), "options are completed too");

        Path file = dir.resolve("mdn.bash");
        Cli.Result written = Cli.run("completion", "--out", file.toString()).ok();
        assertEquals("", written.out());
        assertEquals(script, Files.readString(file), "--out writes the same script");
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "no /bin/bash to source the script");
        Process p = new ProcessBuilder(bash.toString(), "-c", "source \"$0\" && complete -p mdn", file.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("_complete_mdn") && out.strip().endsWith(" mdn"), out);
    }

    @Test
    void completionToAnUnwritablePlaceIsBadInput() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "not a folder");
        Path below = file.resolve("mdn.bash");
        Cli.run("completion", "--out", below.toString()).badInputOneLine("cannot write --out " + below);
        assertEquals(List.of("a-file"), Cli.listing(dir), "nothing else written");
        Cli.run("completion", "extra").badInputOneLine("Unmatched argument");
    }

    @Test
    void benchRunsEndToEndAndRejectsBadValues() {
        Cli.run("bench", "--seconds", "0").badInputOneLine("--seconds must be positive");
        Cli.run("bench", "--threads", "0").badInputOneLine("--threads must be at least 1");
        Cli.run("bench", "--seconds", "abc").badInputOneLine("'abc' is not a double");
        // the shortest real run: one thread, short rounds (each configuration still warms up for 3 s)
        Cli.Result r = Cli.run("bench", "--threads", "1", "--seconds", "0.05", "--json").ok();
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"problem\": \"seed\"") && l.contains("\"epochs_per_s\"")),
                r.out());
        assertTrue(lines.get(lines.size() - 2).startsWith("{\"prediction\": \"seed\", \"kernels\": \"scalar\", "), r.out());
        assertTrue(lines.get(lines.size() - 1).startsWith("{\"prediction\": \"seed\", \"kernels\": \"simd\", "), r.out());
        for (String l : lines.subList(lines.size() - 2, lines.size())) {
            // each call timed (clock included), the clock alone, and calls in a chain
            assertTrue(l.contains("\"p50_ns\"") && l.contains("\"p99_ns\"") && l.contains("\"chained_p50_ns\"")
                    && l.contains("\"clock_floor_ns\""), l);
        }
        for (String l : lines) {
            Cli.json(l);
        }
    }

    @Test
    void benchScalingRunsEndToEndAndRejectsBadValues() {
        Cli.run("bench", "scaling", "--sizes", "0,10").badInputOneLine("every size must be at least 1, got 0");
        Cli.run("bench", "scaling", "--sizes", "10,x").badInputOneLine("'x' is not an int");
        Cli.run("bench", "scaling", "--rounds", "0").badInputOneLine("--rounds must be at least 1");
        Cli.run("bench", "scaling", "--batch", "0").badInputOneLine("--batch must be at least 1");
        Cli.run("bench", "scaling", "--threads", "0").badInputOneLine("--threads must be at least 1");
        Cli.run("bench", "scaling", "--seconds", "-1").badInputOneLine("--seconds must be positive");
        Cli.Result r = Cli.run("bench", "scaling", "--sizes", "50,400", "--batch", "32", "--rounds", "2",
                "--seconds", "0.01", "--backend", "scalar", "--json").ok();
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("{\"n\": 50, \"samples_per_s\": "), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"n\": 400, \"samples_per_s\": "), lines.get(1));
        assertTrue(lines.get(2).contains("\"paired_low\"") && lines.get(2).contains("\"kernels\": \"scalar\""),
                lines.get(2));
        for (String l : lines) {
            Cli.json(l);
        }
        String table = Cli.run("bench", "scaling", "--sizes", "50", "--batch", "32", "--rounds", "1", "--seconds",
                "0.01", "--backend", "scalar").ok().out();
        assertTrue(table.contains("paired, round by round"), table);
    }

    @Test
    void usageWithoutACommandListsEveryCommand() {
        StringWriter out = new StringWriter();
        int code = MdnCli.run(new String[0], new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, code);
        for (List<String> path : commands()) {
            assertTrue(out.toString().contains("  " + path.get(0) + " "), path + " in\n" + out);
        }
    }
}
