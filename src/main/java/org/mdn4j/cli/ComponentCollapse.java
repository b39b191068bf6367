package org.mdn4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.mdn4j.data.Dataset;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.mixture.IsotropicMixture;
import org.mdn4j.mixture.Predictor;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ModelType;

/**
 * The warning 'mdn train' prints when a mixture component has collapsed: once training ends, one
 * forward pass over the training inputs gives each component's mean π, and every component below
 * {@link #THRESHOLD} gets one line on stderr. A collapsed component costs parameters and time and
 * says that fewer components would do (or that the σ floor or the learning rate trapped it). One
 * pass at the end costs about a third of an epoch; during training a {@link CollapseWatch} checks
 * a sample of the rows instead.
 */
final class ComponentCollapse {

    /** A component whose mean π over the training inputs is below this has collapsed. */
    static final double THRESHOLD = 1e-3;
    /** Rows per forward pass of {@link #meanWeights}. */
    private static final int BLOCK_ROWS = 4096;

    private ComponentCollapse() {
    }

    /** The mean π of every component of an MDN over {@code data}'s inputs. */
    static double[] meanWeights(Model model, Dataset data, Kernels kernels) {
        ModelSpec s = model.spec();
        int k = s.components();
        Predictor predictor = new Predictor(model, kernels);
        int rows = data.size();
        // blocks of rows, so the pass needs O(block × outputs) memory however large the data set
        int block = Math.min(rows, BLOCK_ROWS);
        float[] heads = new float[Math.max(1, block) * s.outputs()];
        double[] pi = new double[k];
        double[] sum = new double[k];
        for (int first = 0; first < rows; first += block) {
            int count = Math.min(block, rows - first);
            predictor.outputs(data.x(), first, count, heads, 0);
            for (int r = 0; r < count; r++) {
                IsotropicMixture.weights(heads, r * s.outputs(), 1, k, pi);
                for (int c = 0; c < k; c++) {
                    sum[c] += pi[c];
                }
            }
        }
        for (int c = 0; c < k; c++) {
            sum[c] /= Math.max(1, rows);
        }
        return sum;
    }

    /** Prints one warning line per collapsed component of an MDN; nothing for an MLP. */
    static void warn(Model model, Dataset data, Kernels kernels, PrintWriter err) {
        warn(model, data, kernels, err, c -> false);
    }

    /**
     * As {@link #warn(Model, Dataset, Kernels, PrintWriter)}, leaving out the components
     * {@code alreadyReported} names (the ones a {@link CollapseWatch} reported during training).
     */
    static void warn(Model model, Dataset data, Kernels kernels, PrintWriter err,
                     java.util.function.IntPredicate alreadyReported) {
        if (model.spec().type() != ModelType.MDN) {
            return;
        }
        double[] usage = meanWeights(model, data, kernels);
        for (int c = 0; c < usage.length; c++) {
            if (usage[c] < THRESHOLD && !alreadyReported.test(c)) {
                err.printf(Locale.ROOT, "mdn: warning: component %d has collapsed: its mean pi over the training "
                        + "data is %.3g (below %.0e); fewer --components may fit as well%n", c, usage[c], THRESHOLD);
            }
        }
        err.flush();
    }
}
