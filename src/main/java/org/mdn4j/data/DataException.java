package org.mdn4j.data;

/**
 * Bad input data, with a message that names the file, the line (or byte offset) and the problem
 * in one line; the CLI prints it and exits with code 2.
 */
public class DataException extends Exception {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
