package org.mdn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An --out directory: made if missing, and refused with one line when it cannot be written. */
final class OutputDirectory {

    private OutputDirectory() {
    }

    static Path prepare(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write to --out " + dir + ": " + reason(e));
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("cannot write to --out " + dir + ": not writable");
        }
        return dir;
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file of that name exists";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? "I/O error" : e.getMessage();
    }
}
