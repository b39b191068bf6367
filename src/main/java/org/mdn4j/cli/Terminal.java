package org.mdn4j.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is an interactive terminal, so progress can be redrawn in place. Java has
 * no isatty for one stream: {@link Console#isTerminal()} speaks for standard input and output,
 * which a user redirects ({@code > out.json}) while still watching stderr. The checks, in order:
 * the property {@code mdn4j.terminal} ({@code true}/{@code false}; {@code scripts/mdn} sets it,
 * because it filters stderr through a pipe); {@code TERM=dumb} (no cursor control); on Linux,
 * where {@code /proc/self/fd/2} points (a tty or pts device); else the console's own answer.
 */
final class Terminal {

    static final String PROPERTY = "mdn4j.terminal";

    private Terminal() {
    }

    static boolean stderrIsTerminal() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null) {
            return Boolean.parseBoolean(forced);
        }
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd2)) {
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | SecurityException e) {
                return false;
            }
        }
        Console c = System.console();
        return c != null && c.isTerminal();
    }
}
