package org.mdn4j.data;

import java.util.Arrays;

/**
 * Inputs and targets held row-major in two flat arrays: sample {@code n}'s inputs at
 * {@code x[n·inputs() ..]}, its targets at {@code t[n·targets() ..]}.
 *
 * @param name where the data came from (a built-in name or a file)
 */
public record Dataset(String name, float[] x, float[] t, String[] inputNames, String[] targetNames) {

    public Dataset {
        if (inputNames.length == 0 || targetNames.length == 0) {
            throw new IllegalArgumentException("a data set needs at least one input and one target column");
        }
        if (x.length % inputNames.length != 0 || t.length % targetNames.length != 0
                || x.length / inputNames.length != t.length / targetNames.length) {
            throw new IllegalArgumentException("inputs and targets hold different numbers of rows");
        }
        inputNames = inputNames.clone();
        targetNames = targetNames.clone();
    }

    public int size() {
        return x.length / inputNames.length;
    }

    public int inputs() {
        return inputNames.length;
    }

    public int targets() {
        return targetNames.length;
    }

    @Override
    public String[] inputNames() {
        return inputNames.clone();
    }

    @Override
    public String[] targetNames() {
        return targetNames.clone();
    }

    @Override
    public String toString() {
        return name + " (" + size() + " rows, inputs " + Arrays.toString(inputNames) + ", targets "
                + Arrays.toString(targetNames) + ")";
    }
}
