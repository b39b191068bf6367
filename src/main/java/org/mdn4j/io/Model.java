package org.mdn4j.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mdn4j.data.Scaler;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;

/**
 * A trained model: its shape, its parameters in the {@link ParameterLayout} order, the names of
 * its input and target columns, and free-form training metadata (data, epochs, final loss,
 * kernels, date), and the standardisation the network was trained under ({@code null}: none).
 */
public record Model(ModelSpec spec, float[] parameters, String[] inputNames, String[] targetNames,
                    Map<String, String> metadata, Scaler scaler) {

    /** A model trained on unscaled data. */
    public Model(ModelSpec spec, float[] parameters, String[] inputNames, String[] targetNames,
                 Map<String, String> metadata) {
        this(spec, parameters, inputNames, targetNames, metadata, null);
    }

    public Model {
        int expected = new ParameterLayout(spec).size();
        if (parameters.length != expected) {
            throw new IllegalArgumentException("the spec needs " + expected + " parameters, got " + parameters.length);
        }
        if (inputNames.length != spec.inputs() || targetNames.length != spec.targets()) {
            throw new IllegalArgumentException("column names do not match the spec's inputs and targets");
        }
        if (scaler != null && (scaler.inputs() != spec.inputs() || scaler.targets() != spec.targets())) {
            throw new IllegalArgumentException("the scaler's sizes do not match the spec's inputs and targets");
        }
        inputNames = inputNames.clone();
        targetNames = targetNames.clone();
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    @Override
    public String[] inputNames() {
        return inputNames.clone();
    }

    @Override
    public String[] targetNames() {
        return targetNames.clone();
    }
}
