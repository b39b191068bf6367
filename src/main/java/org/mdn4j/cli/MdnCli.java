package org.mdn4j.cli;

import java.io.PrintWriter;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mdn4j.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mdn}: train, evaluate and query Mixture Density Networks.
 *
 * <p>Exit codes: 0 success; 2 bad input or usage (one line on stderr, no stack trace);
 * 1 internal error.
 */
@Command(name = "mdn", mixinStandardHelpOptions = true, version = "mdn4j 0.1.0",
        description = "Train, evaluate and query Mixture Density Networks.",
        footer = {"", "Example (the seed end to end, then one command's options):", "  mdn demo --out mdn-demo",
                "  mdn help train"},
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, BenchCommand.class,
                ExportCommand.class, ImportCommand.class, InfoCommand.class, PlotCommand.class, DemoCommand.class,
                CompletionCommand.class, CommandLine.HelpCommand.class})
public final class MdnCli implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        configureLogging();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code (the tests' entry point). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new MdnCli());
        // picocli's own help command: its example is set here, as it is not ours to annotate
        cl.getSubcommands().get("help").getCommandSpec().usageMessage()
                .footer("", "Example:", "  mdn help predict");
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("mdn: " + ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName()
                    + " --help')");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof DataException || ex instanceof IllegalArgumentException) {
                c.getErr().println("mdn: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            c.getErr().println("mdn: internal error: " + ex);
            if (System.getenv("MDN4J_DEBUG") != null) {
                ex.printStackTrace(c.getErr());
            }
            return EXIT_INTERNAL;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli passes Errors through; a heap too small for the data deserves one line, not a trace
            err.println("mdn: out of memory: the JVM's heap limit is " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB; allow more with MDN4J_JAVA_OPTS=-Xmx<size> (e.g. -Xmx8g)");
            return EXIT_INTERNAL;
        }
    }

    /** One line per record on stderr: {@code mdn4j: INFO kernels: ...}. */
    private static void configureLogging() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "mdn4j: %4$s %5$s%6$s%n");
        Logger.getLogger("").setLevel(Level.INFO);
    }
}
