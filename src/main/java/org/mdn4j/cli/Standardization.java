package org.mdn4j.cli;

import org.mdn4j.data.Scaler;

/**
 * {@code mdn train --standardize on|none}: whether the run fits a {@link Scaler} to its data. The
 * default depends on where the data come from: a data file is standardised (columns in arbitrary
 * units train badly with one learning rate), the built-in data sets are not, so that they keep
 * reproducing the seed's runs.
 */
final class Standardization {

    static final String ON = "on";
    static final String NONE = "none";

    private Standardization() {
    }

    /** Whether to standardise: the option when given, else on for a file and off for built-in data. */
    static boolean wanted(String option, boolean builtInData) {
        if (option == null) {
            return !builtInData;
        }
        return switch (option) {
            case ON -> true;
            case NONE -> false;
            default -> throw new IllegalArgumentException("--standardize: '" + option + "' is not on or none");
        };
    }

    static String label(Scaler scaler) {
        return scaler == null ? NONE : ON;
    }
}
