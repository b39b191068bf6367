package org.mdn4j.api;

import org.mdn4j.io.Model;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.mixture.GaussianMixture;
import org.mdn4j.mixture.IsotropicMixture;
import org.mdn4j.mixture.MixtureCovariance;
import org.mdn4j.mixture.Predictor;
import org.mdn4j.mixture.TargetUnits;
import org.mdn4j.nn.Head;

/**
 * Predicts with an open {@link MdnModel} into arrays the caller provides. Thread-safe: a call
 * takes one of the model's slots, which counts it in and lends it that slot's scratch buffers
 * ({@link CallSlots}; as many slots as calls run at once, up to {@link #POOLED}), so once the
 * slots have their buffers a call allocates nothing.
 *
 * <p>For each input row x (D floats) an MDN gives, per target, the conditional mean
 * Σ πₖ μₖ, the conditional variance (the diagonal of Σ πₖ (Σₖ + (μₖ − mean)(μₖ − mean)ᵀ)), the
 * approximate mode (the mean of the component with the largest π), and for a target row t the
 * log-density log p(t | x); {@link #mixture} gives the parameters πₖ, μₖ and each component's
 * standard deviation per target. Every head works (isotropic, diagonal, full); the isotropic one
 * is read straight from the network's outputs, the others through the row's
 * {@link GaussianMixture}, which allocates a few small arrays per row. An MLP gives only a value:
 * its mean and mode are that value, and the distribution methods throw
 * {@link UnsupportedOperationException}.
 *
 * <p>Inputs and answers are in the data's units: for a model trained on standardised data the
 * inputs are standardised before the network and every answer is mapped back
 * ({@link TargetUnits}), log-densities included.
 *
 * <p>Single-row methods run the network on plain rows with the scalar kernel's arithmetic (the
 * latency path; with the SIMD kernels, Vector API lanes along each layer's outputs, same bits);
 * batch methods run blocks of rows through the model's kernels (SIMD where available). The two
 * agree to float rounding, not bit for bit, when the kernels are SIMD.
 *
 * <p>Output arrays may be {@code null} where a statistic is not wanted. Batch arrays are
 * row-major: row n's inputs at {@code x[n·D ..]}, its targets at {@code t[n·L ..]}, its mean at
 * {@code mean[n·L ..]}. An array too short for the call throws
 * {@link IllegalArgumentException}; a call on a closed model throws
 * {@code IllegalStateException("model is closed")}.
 */
public final class MdnPredictor {

    /** Rows per forward pass in the batch methods: the scratch holds this many head rows. */
    private static final int BLOCK = 256;
    /** Scratch buffers kept for concurrent calls: enough for every core several times over. */
    static final int POOLED = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());

    private final CallSlots<Scratch> calls;
    private final int inputs;
    private final int targets;
    private final int components;
    private final int width;
    /**
     * The head outputs a mean and a mode read: the K π logits and the K·L means that lead every
     * head's row (an MLP's L values are its whole row). A single-row prediction without the
     * variance computes only these.
     */
    private final int locations;
    private final float logSigmaFloor;
    private final Head head;
    private final TargetUnits units;
    /**
     * An MDN whose answers need no change of units: a mean and a mode alone then go from the head
     * straight into the caller's arrays ({@link #locationsOnly}).
     */
    private final boolean directLocations;
    private Predictor network;

    /** One call's buffers: the network's, a block of head rows and one row's statistics. */
    private static final class Scratch {
        final Predictor.Scratch network;
        final float[] heads;
        final double[] pi;
        final double[] mean;
        final double[] stat;
        /** One target row in the network's units. */
        final float[] t;

        Scratch(Predictor.Scratch network, int width, int components, int targets) {
            this.network = network;
            heads = new float[BLOCK * width];
            pi = new double[Math.max(components, 1)];
            mean = new double[targets];
            stat = new double[targets];
            t = new float[targets];
        }
    }

    MdnPredictor(Model model, Kernels kernels) {
        this.inputs = model.spec().inputs();
        this.targets = model.spec().targets();
        this.components = model.spec().components();
        this.logSigmaFloor = model.spec().logSigmaFloor();
        this.head = model.spec().head();
        this.units = TargetUnits.of(model);
        this.network = new Predictor(model, kernels);
        this.width = network.outputs();
        this.locations = components == 0 ? width : components + components * targets;
        this.directLocations = components > 0 && units.identity();
        Predictor net = network;
        this.calls = new CallSlots<>(POOLED, () -> new Scratch(net.newScratch(), width, components, targets));
    }

    /** The model's open/closed state and calls in flight, which {@link MdnModel} reports and closes. */
    CallSlots<?> calls() {
        return calls;
    }

    /** Drops the network and the scratch buffers; called once no call is in flight and none can start. */
    void release() {
        network = null;
        calls.clear();
    }

    /**
     * One row's conditional mean, variance and approximate mode, each L values (any may be null).
     *
     * @param x the row's D inputs
     */
    public void predict(float[] x, double[] mean, double[] variance, double[] mode) {
        check(x, inputs, "x");
        checkOut(mean, targets, "mean");
        checkOut(variance, targets, "variance");
        checkOut(mode, targets, "mode");
        requireMixtureFor(variance);
        int slot = calls.enter();
        try {
            Scratch s = calls.buffers(slot);
            float[] row = network.outputsOfOne(x, 0, s.network, variance == null ? locations : width);
            // the common call, mean and mode of an MDN, here rather than in statistics(): the JIT
            // inlines this method into its caller, and statistics() is too large to go with it
            if (!locationsOnly(s, row, 0, mean, variance, mode, 0)) {
                statistics(s, row, 0, mean, variance, mode, 0);
            }
        } finally {
            calls.exit(slot);
        }
    }

    /**
     * The conditional mean, variance and approximate mode of {@code rows} rows, row-major, L
     * values per row each (any may be null).
     */
    public void predict(float[] x, int rows, double[] mean, double[] variance, double[] mode) {
        check(x, (long) rows * inputs, "x");
        checkOut(mean, (long) rows * targets, "mean");
        checkOut(variance, (long) rows * targets, "variance");
        checkOut(mode, (long) rows * targets, "mode");
        requireMixtureFor(variance);
        int slot = calls.enter();
        try {
            Scratch s = calls.buffers(slot);
            for (int first = 0; first < rows; first += BLOCK) {
                int block = forwardBlock(s, x, first, rows);
                for (int n = 0; n < block; n++) {
                    statistics(s, s.heads, n * width, mean, variance, mode, (first + n) * targets);
                }
            }
        } finally {
            calls.exit(slot);
        }
    }

    /** log p(t | x) of one row: x its D inputs, t its L targets. MDN only. */
    public double logDensity(float[] x, float[] t) {
        check(x, inputs, "x");
        check(t, targets, "t");
        requireMixture("log-density");
        int slot = calls.enter();
        try {
            Scratch s = calls.buffers(slot);
            network.outputsOfOne(x, 0, s.heads, 0, s.network);
            return logDensityOfRow(s, 0, t, 0);
        } finally {
            calls.exit(slot);
        }
    }

    /** log p(t | x) of {@code rows} rows into {@code logDensity[0 .. rows)}. MDN only. */
    public void logDensity(float[] x, float[] t, int rows, double[] logDensity) {
        check(x, (long) rows * inputs, "x");
        check(t, (long) rows * targets, "t");
        check(logDensity, rows, "logDensity");
        requireMixture("log-density");
        int slot = calls.enter();
        try {
            Scratch s = calls.buffers(slot);
            for (int first = 0; first < rows; first += BLOCK) {
                int block = forwardBlock(s, x, first, rows);
                for (int n = 0; n < block; n++) {
                    logDensity[first + n] = logDensityOfRow(s, n * width, t, (first + n) * targets);
                }
            }
        } finally {
            calls.exit(slot);
        }
    }

    /**
     * One row's mixture: π into {@code pi[0 .. K)}, the means component-major into
     * {@code mu[0 .. K·L)} (component k's target d at {@code mu[k·L + d]}), and each component's
     * standard deviation per target (floored), component-major like the means, into
     * {@code sigma[0 .. K·L)}: σ_k for every target of an isotropic head over unscaled targets,
     * √(Σ_k)_dd in general (a full head's correlations are not included). Any may be null. MDN only.
     */
    public void mixture(float[] x, double[] pi, double[] mu, double[] sigma) {
        check(x, inputs, "x");
        checkOut(pi, components, "pi");
        checkOut(mu, (long) components * targets, "mu");
        checkOut(sigma, (long) components * targets, "sigma");
        requireMixture("mixture");
        int slot = calls.enter();
        try {
            Scratch s = calls.buffers(slot);
            network.outputsOfOne(x, 0, s.heads, 0, s.network);
            if (pi != null) {
                IsotropicMixture.weights(s.heads, 0, 1, components, pi);
            }
            GaussianMixture m = head == Head.ISOTROPIC || sigma == null ? null
                    : GaussianMixture.fromHead(head, s.heads, 0, 1, components, targets, logSigmaFloor);
            for (int c = 0; c < components; c++) {
                for (int d = 0; mu != null && d < targets; d++) {
                    mu[c * targets + d] = units.location(d,
                            IsotropicMixture.mu(s.heads, 0, 1, components, targets, c, d));
                }
                for (int d = 0; sigma != null && d < targets; d++) {
                    double sd = m == null ? IsotropicMixture.sigma(s.heads, 0, 1, components, targets, c, logSigmaFloor)
                            : m.marginalSigma(c, d);
                    sigma[c * targets + d] = units.spread(d, sd);
                }
            }
        } finally {
            calls.exit(slot);
        }
    }

    /** Runs rows {@code first ..} (at most a block of them) into the scratch's heads; returns how many. */
    private int forwardBlock(Scratch s, float[] x, int first, int rows) {
        int block = Math.min(BLOCK, rows - first);
        network.outputs(x, first, block, s.heads, 0, s.network);
        return block;
    }

    /**
     * Where only the mean and mode are asked of an MDN whose answers need no change of units:
     * writes them from the head row at {@code head[h ..]} straight into the outputs at offset
     * {@code o} and returns true; otherwise does nothing and returns false.
     */
    private boolean locationsOnly(Scratch s, float[] head, int h, double[] mean, double[] variance, double[] mode,
                                  int o) {
        if (variance != null || !directLocations) {
            return false;
        }
        IsotropicMixture.meanAndModeOnly(head, h, 1, components, targets, s.pi, mean, o, mode, o);
        return true;
    }

    /** The statistics of the head row at {@code head[h ..]} into the outputs at offset {@code o}. */
    private void statistics(Scratch s, float[] head, int h, double[] mean, double[] variance, double[] mode, int o) {
        if (components == 0) {
            for (int d = 0; d < targets; d++) {
                if (mean != null) {
                    mean[o + d] = head[h + d];
                }
                if (mode != null) {
                    mode[o + d] = head[h + d];
                }
            }
            return;
        }
        if (locationsOnly(s, head, h, mean, variance, mode, o)) {
            return;
        }
        double[] modeOut = mode == null ? null : s.stat;
        if (variance == null) {
            IsotropicMixture.meanAndModeOnly(head, h, 1, components, targets, s.pi, s.mean, modeOut);
        } else {
            IsotropicMixture.meanAndMode(head, h, 1, components, targets, s.pi, s.mean, modeOut);
        }
        if (mode != null) {
            for (int d = 0; d < targets; d++) {
                mode[o + d] = units.location(d, s.stat[d]);
            }
        }
        if (mean != null) {
            for (int d = 0; d < targets; d++) {
                mean[o + d] = units.location(d, s.mean[d]);
            }
        }
        if (variance != null) {
            MixtureCovariance.variances(this.head, head, h, 1, components, targets, s.pi, s.mean, logSigmaFloor,
                    s.stat);
            for (int d = 0; d < targets; d++) {
                variance[o + d] = units.variance(d, s.stat[d]);
            }
        }
    }

    /** log p(t | x) in the data's units for the head row at {@code heads[h ..]} and targets {@code t[tOff ..]}. */
    private double logDensityOfRow(Scratch s, int h, float[] t, int tOff) {
        for (int d = 0; d < targets; d++) {
            s.t[d] = units.toNetwork(d, t[tOff + d]);
        }
        double logP;
        if (head == Head.ISOTROPIC) {
            logP = IsotropicMixture.logDensity(s.heads, h, 1, components, targets, s.t, 0, logSigmaFloor);
        } else {
            for (int d = 0; d < targets; d++) {
                s.stat[d] = s.t[d];
            }
            logP = GaussianMixture.fromHead(head, s.heads, h, 1, components, targets, logSigmaFloor)
                    .logDensity(s.stat);
        }
        return logP + units.logDensityShift();
    }

    private void requireMixtureFor(double[] variance) {
        if (variance != null) {
            requireMixture("variance");
        }
    }

    private void requireMixture(String what) {
        if (components == 0) {
            throw new UnsupportedOperationException("an MLP model predicts a value, not a distribution: it has no "
                    + what);
        }
    }

    private static void check(float[] a, long needed, String name) {
        if (a == null || a.length < needed) {
            throw shortArray(name, a == null ? -1 : a.length, needed);
        }
    }

    private static void check(double[] a, long needed, String name) {
        if (a == null || a.length < needed) {
            throw shortArray(name, a == null ? -1 : a.length, needed);
        }
    }

    private static void checkOut(double[] a, long needed, String name) {
        if (a != null && a.length < needed) {
            throw shortArray(name, a.length, needed);
        }
    }

    private static IllegalArgumentException shortArray(String name, int length, long needed) {
        return new IllegalArgumentException(name + (length < 0 ? " is null" : " has " + length + " elements")
                + "; the call needs " + needed);
    }
}
