package org.mdn4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.Scaler;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.ModelSpec;

/**
 * Watches a training run for collapsing mixture components: every {@code every} epochs it takes
 * the parameters and computes each component's mean π over a fixed sample of the training inputs
 * (at most {@link #SAMPLE} rows, evenly spaced); a component below {@link ComponentCollapse#THRESHOLD}
 * at two checks in a row has stayed collapsed, and is named once on stderr with the epochs. The
 * sample keeps a check far cheaper than an epoch, so ten checks per run cost little; the full pass
 * at the end ({@link ComponentCollapse#warn}) covers what the watch has not already reported.
 */
final class CollapseWatch {

    /** Rows a check reads at most. */
    static final int SAMPLE = 1024;
    /** Checks per run, spread evenly. */
    static final int CHECKS = 10;

    private final ModelSpec spec;
    private final Scaler scaler;
    private final Dataset sample;
    private final Kernels kernels;
    private final int every;
    private final PrintWriter err;
    private final int[] belowSince;
    private final boolean[] reported;

    /**
     * @param raw    the training data as read (the model's predictor standardises inputs itself)
     * @param epochs the run's last epoch
     */
    CollapseWatch(ModelSpec spec, Scaler scaler, Dataset raw, Kernels kernels, int epochs, PrintWriter err) {
        this.spec = spec;
        this.scaler = scaler;
        this.sample = evenlySpaced(raw, SAMPLE);
        this.kernels = kernels;
        this.every = Math.max(1, epochs / CHECKS);
        this.err = err;
        this.belowSince = new int[spec.components()];
        this.reported = new boolean[spec.components()];
    }

    /** After epoch {@code epoch}: a check if it is due, with the parameters from {@code parameters}. */
    void epochDone(int epoch, Supplier<float[]> parameters) {
        if (epoch % every != 0) {
            return;
        }
        Model now = new Model(spec, parameters.get(), sample.inputNames(), sample.targetNames(), Map.of(), scaler);
        double[] usage = ComponentCollapse.meanWeights(now, sample, kernels);
        for (int c = 0; c < usage.length; c++) {
            if (usage[c] >= ComponentCollapse.THRESHOLD) {
                belowSince[c] = 0;
            } else if (belowSince[c] == 0) {
                belowSince[c] = epoch;
            } else if (!reported[c]) {
                reported[c] = true;
                err.printf(Locale.ROOT, "mdn: warning: epoch %d: component %d has stayed collapsed since epoch %d "
                        + "(mean pi %.3g, below %.0e); fewer --components may fit as well%n", epoch, c,
                        belowSince[c], usage[c], ComponentCollapse.THRESHOLD);
                err.flush();
            }
        }
    }

    /** Whether component {@code c} was already reported during the run. */
    boolean reported(int c) {
        return reported[c];
    }

    /** At most {@code max} rows of {@code data}, evenly spaced (all of them if it has fewer). */
    static Dataset evenlySpaced(Dataset data, int max) {
        int n = data.size();
        if (n <= max) {
            return data;
        }
        int d = data.inputs();
        int l = data.targets();
        float[] x = new float[max * d];
        float[] t = new float[max * l];
        for (int i = 0; i < max; i++) {
            int row = (int) ((long) i * n / max);
            System.arraycopy(data.x(), row * d, x, i * d, d);
            System.arraycopy(data.t(), row * l, t, i * l, l);
        }
        return new Dataset(data.name(), x, t, data.inputNames(), data.targetNames());
    }
}
