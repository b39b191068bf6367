package org.mdn4j.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.Scaler;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.mixture.IsotropicMixture;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.Workspace;

/**
 * Watches a training run for collapsing mixture components: every {@code every} epochs it takes
 * the parameters and computes each component's mean π over a fixed sample of the training inputs
 * (at most {@link #SAMPLE} rows, evenly spaced); a component below {@link ComponentCollapse#THRESHOLD}
 * at two checks in a row has stayed collapsed, and is named once on stderr with the epochs. The
 * sample keeps a check far cheaper than an epoch, so ten checks per run cost little; the full pass
 * at the end ({@link ComponentCollapse#warn}) covers what the watch has not already reported.
 *
 * <p>A check runs the training's own code: one {@link Network} and one {@link Workspace} made
 * here, holding the sample's inputs standardised once, and {@link Network#forward}, which the
 * training steps have already had compiled, so the check brings little new code for the JIT:
 * its own loop, which the launcher has compiled at a hundredth of the usual thresholds
 * ({@code scripts/jvm-options}) so that it reaches C2 during the first run's warm-up. Checks
 * through a fresh {@code Predictor} each time, at the usual thresholds, reached C2 in the third
 * to fifth of six runs; on a two-core machine training on both cores those compilations took a
 * core from the training threads, and two-thread runs of the seed problem measured 15–40% slower
 * in the runs they fell in (the same pause spent spinning cost nothing).
 */
final class CollapseWatch {

    /** Rows a check reads at most. */
    static final int SAMPLE = 1024;
    /** Checks per run, spread evenly. */
    static final int CHECKS = 10;

    private final int components;
    private final Network network;
    /** The sample's inputs, standardised as the model's predictor would, feature-major. */
    private final Workspace workspace;
    private final int rows;
    private final double[] pi;
    private final double[] usage;
    private final int every;
    private final PrintWriter err;
    private final int[] belowSince;
    private final boolean[] reported;

    /**
     * @param raw    the training data as read (the model's predictor standardises inputs itself)
     * @param epochs the run's last epoch
     */
    CollapseWatch(ModelSpec spec, Scaler scaler, Dataset raw, Kernels kernels, int epochs, PrintWriter err) {
        Dataset sample = evenlySpaced(raw, SAMPLE);
        this.components = spec.components();
        this.network = new Network(spec, kernels);
        this.rows = sample.size();
        this.workspace = new Workspace(spec, Math.max(1, rows));
        int stride = workspace.capacity();
        Workspace.gatherRange(sample.x(), spec.inputs(), 0, rows, workspace.input, workspace.base, stride);
        if (scaler != null) {
            scaler.inputsInPlace(workspace.input, workspace.base, stride, rows);
        }
        this.pi = new double[components];
        this.usage = new double[components];
        this.every = Math.max(1, epochs / CHECKS);
        this.err = err;
        this.belowSince = new int[components];
        this.reported = new boolean[components];
    }

    /** After epoch {@code epoch}: a check if it is due, with the parameters from {@code parameters}. */
    void epochDone(int epoch, Supplier<float[]> parameters) {
        if (epoch % every != 0) {
            return;
        }
        meanWeights(parameters.get());
        for (int c = 0; c < components; c++) {
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

    /** Each component's mean π over the sample with these parameters (the watch's buffer, until the next check). */
    double[] meanWeights(float[] params) {
        network.forward(workspace, params, rows);
        float[] heads = workspace.output();
        Arrays.fill(usage, 0);
        // The same sum as ComponentCollapse.meanWeights', written here on purpose: with the loop in
        // this method, the launcher's early compilation of this class compiles the whole check in the
        // first run. A shared helper holding the loop left this method loop-free, and it then reached
        // C2 only at its fiftieth call, in the fifth of six runs (measured: that run 58k epochs/s
        // against 72-73k for the others).
        for (int n = 0; n < rows; n++) {
            IsotropicMixture.weights(heads, workspace.base + n, workspace.capacity(), components, pi);
            for (int c = 0; c < components; c++) {
                usage[c] += pi[c];
            }
        }
        for (int c = 0; c < components; c++) {
            usage[c] /= Math.max(1, rows);
        }
        return usage;
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
