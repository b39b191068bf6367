package org.mdn4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an input file whole, turning every failure into a one-line {@link DataException}. */
public final class InputFiles {

    private InputFiles() {
    }

    public static byte[] readAllBytes(Path file) throws DataException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException | OutOfMemoryError e) {
            throw new DataException(file + ": cannot read: " + e.getMessage());
        }
    }
}
