package org.mdn4j.io;

/**
 * A JSON number kept as its literal text. The reader does not convert numbers itself: a weight
 * must go straight from its text to {@link Float#parseFloat} (going through a double first could
 * round twice and change the last bit), and a count must be checked as a whole number.
 *
 * @param text the number exactly as written, already checked against JSON's number grammar
 */
public record JsonNumber(String text) {

    /** True for a literal without a fraction or an exponent, e.g. {@code -12}. */
    public boolean isInteger() {
        return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
