package org.mdn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.KernelTestSupport;

/**
 * The analytic gradient of {@link Network} (forward, {@link Network#lossAndGradient}, backward,
 * in float, with the scalar and the SIMD kernels) against central finite differences of the
 * independent double-precision {@link DoubleReference}, parameter by parameter.
 *
 * <p>Batches 13 (below one 16-lane AVX-512 vector: all scalar tail there, a vector block plus a
 * tail on AVX2) and 37 (two 16-lane blocks plus a tail of 5) cover both the vector path and the
 * tail. ReLU nets and the active-σ-floor net are evaluated away from their kinks: the seed is
 * advanced until every ReLU pre-activation and every raw log σ is at least {@link #KINK_MARGIN}
 * from its kink, far beyond what a step of {@link #H} can move it.
 *
 * <p>Tolerance {@code |g − fd| ≤ 1e-4·|fd| + 1e-6}. The differences are taken in double with
 * h = 1e-4: truncation error ~h²·f'''/6 ≈ 1e-9, rounding ~1e-16/h ≈ 1e-12, so the reference is
 * exact to far better than the bound. The analytic side is float: each sample's contribution has
 * a relative error of a few 2^-24 and is summed over ≤ 37 samples with scale 1/batch, so its
 * absolute error is ~1e-7 × (largest per-sample gradient, O(1)); 1e-6 absolute covers that for
 * gradients that nearly cancel across the batch, and 1e-4 relative catches any wrong term (a
 * missing factor or a wrong index moves a gradient by O(1) relative). Measured: the largest error
 * is ~3% of this bound (|g − fd| ≲ 3e-8).
 */
class GradientCheckTest {

    private static final double H = 1e-4;
    private static final double REL = 1e-4;
    private static final double ABS = 1e-6;
    private static final double KINK_MARGIN = 1e-2;
    private static final double[] MAX_ERROR = new double[2];

    private static final Activation TANH = Activation.TANH;
    private static final Activation SIGMOID = Activation.SIGMOID;
    private static final Activation SOFTPLUS = Activation.SOFTPLUS;
    private static final Activation RELU = Activation.RELU;

    static List<Arguments> cases() {
        List<ModelSpec> specs = List.of(
                ModelSpec.mdn(2, 1, 3, new int[] {4}, new Activation[] {TANH}),
                ModelSpec.mdn(2, 2, 3, new int[] {4, 3}, new Activation[] {TANH, SIGMOID}),
                ModelSpec.mdn(2, 2, 3, new int[] {4, 3}, new Activation[] {SOFTPLUS, TANH}),
                ModelSpec.mdn(2, 1, 3, new int[] {4, 3}, new Activation[] {RELU, SOFTPLUS}),
                // σ floor 0.8 (log −0.22): some of the head's log σ rows are clamped, with zero gradient.
                new ModelSpec(ModelType.MDN, 2, 2, 3, new int[] {4}, new Activation[] {TANH}, 0.8f),
                ModelSpec.mlp(2, 1, new int[] {4, 3}, new Activation[] {TANH, SIGMOID}),
                ModelSpec.mlp(2, 2, new int[] {4, 3}, new Activation[] {SOFTPLUS, RELU}),
                ModelSpec.mlp(3, 2, new int[] {4}, new Activation[] {SIGMOID}));
        List<ModelSpec> all = new ArrayList<>(specs);
        all.addAll(headSpecs());
        List<Arguments> out = new ArrayList<>();
        for (ModelSpec spec : all) {
            for (int batch : new int[] {13, 37}) {
                for (String kernels : new String[] {"scalar", "simd"}) {
                    out.add(Arguments.of(spec, batch, kernels));
                }
            }
        }
        return out;
    }

    /**
     * Every head at L ∈ {1, 2, 3} and K ∈ {1, 3, 5}, and the diagonal and full heads with a bound
     * that clamps some of their rows: σ floor 0.8 for the diagonal head (log σ ≥ −0.22), σ floor
     * 1.25 for the full one (U's log-diagonal ≤ −log 1.25 = −0.22).
     */
    static List<ModelSpec> headSpecs() {
        List<ModelSpec> out = new ArrayList<>();
        for (Head head : Head.values()) {
            for (int l : new int[] {1, 2, 3}) {
                for (int k : new int[] {1, 3, 5}) {
                    out.add(ModelSpec.mdn(2, l, k, new int[] {4}, new Activation[] {TANH}, head));
                }
            }
        }
        out.add(new ModelSpec(ModelType.MDN, 2, 2, 3, new int[] {4}, new Activation[] {TANH}, 0.8f, Head.DIAGONAL));
        out.add(new ModelSpec(ModelType.MDN, 2, 2, 3, new int[] {4}, new Activation[] {TANH}, 1.25f, Head.FULL));
        return out;
    }

    @AfterAll
    static void report() {
        System.out.printf("GradientCheckTest: max |g - fd| / (%.0e·|fd| + %.0e): scalar %.3f, simd %.3f%n",
                REL, ABS, MAX_ERROR[0], MAX_ERROR[1]);
    }

    @ParameterizedTest(name = "{0} batch={1} {2}")
    @MethodSource("cases")
    void analyticGradientMatchesFiniteDifferences(ModelSpec spec, int batch, String kernelName) {
        ParameterLayout layout = new ParameterLayout(spec);
        DoubleReference ref = new DoubleReference(spec);
        long seed = 20_000 + spec.hashCode() + batch;
        float[] params = null;
        double[][] x = null;
        double[][] t = null;
        for (int attempt = 0; attempt < 1000; attempt++, seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            params = Parameters.initialise(spec, layout, rng.nextLong());
            x = sample(rng, batch, spec.inputs(), 1.5);
            t = sample(rng, batch, spec.targets(), 1.5);
            if (ref.kinkDistance(toDouble(params), x) > KINK_MARGIN) {
                break;
            }
        }
        long usedSeed = seed;
        String ctx = spec + " batch=" + batch + " kernels=" + kernelName + " seed=" + usedSeed;
        assertTrue(ref.kinkDistance(toDouble(params), x) > KINK_MARGIN, "no kink-free seed found: " + ctx);

        if (spec.type() == ModelType.MDN && spec.sigmaFloor() > 0.5f) {
            int[] clamped = ref.clampedSigmas(toDouble(params), x);
            assertTrue(clamped[0] > 0 && clamped[0] < clamped[1],
                    "the σ floor should clamp some but not all log σ values, clamps " + clamped[0] + " of "
                            + clamped[1] + ": " + ctx);
        }

        Network net = new Network(spec,
                kernelName.equals("simd") ? KernelTestSupport.simd() : KernelSelector.select(kernelName));
        assertEquals(kernelName, net.kernels().name());
        Workspace ws = new Workspace(spec, batch + 3);
        load(x, ws.input, ws.base, ws.capacity());
        load(t, ws.target, ws.base, ws.capacity());
        float scale = spec.type() == ModelType.MDN ? 1f / batch : 1f / (batch * spec.targets());
        net.forward(ws, params, batch);
        double lossSum = net.lossAndGradient(ws, batch, scale);
        float[] grads = new float[layout.size()];
        net.backward(ws, params, grads, batch);

        double[] p = toDouble(params);
        double refLoss = ref.loss(p, x, t);
        assertEquals(refLoss, lossSum * scale, 1e-5 * Math.max(1, Math.abs(refLoss)), "mean loss, " + ctx);

        for (int i = 0; i < p.length; i++) {
            double saved = p[i];
            p[i] = saved + H;
            double up = ref.loss(p, x, t);
            p[i] = saved - H;
            double down = ref.loss(p, x, t);
            p[i] = saved;
            double fd = (up - down) / (2 * H);
            double bound = REL * Math.abs(fd) + ABS;
            double err = Math.abs(grads[i] - fd);
            int slot = kernelName.equals("simd") ? 1 : 0;
            synchronized (MAX_ERROR) {
                MAX_ERROR[slot] = Math.max(MAX_ERROR[slot], err / bound);
            }
            if (!(err <= bound)) {
                fail("parameter " + i + " (" + describe(spec, layout, i) + "): analytic " + grads[i] + " vs central "
                        + "difference " + fd + ", |diff| " + err + " > " + bound + " [" + ctx + "]");
            }
        }
    }

    static double[][] sample(SplittableRandom rng, int batch, int width, double bound) {
        double[][] a = new double[batch][width];
        for (double[] row : a) {
            for (int f = 0; f < width; f++) {
                // Rounded to float: the network and the reference see the same numbers.
                row[f] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
        }
        return a;
    }

    /** Row-major samples into a feature-major buffer with stride {@code capacity}. */
    static void load(double[][] rows, float[] dst, int base, int capacity) {
        for (int n = 0; n < rows.length; n++) {
            for (int f = 0; f < rows[n].length; f++) {
                dst[base + f * capacity + n] = (float) rows[n][f];
            }
        }
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** E.g. {@code layer 1 W[2][0]} or {@code layer 0 b[3]}. */
    static String describe(ModelSpec spec, ParameterLayout layout, int index) {
        for (int layer = spec.layerCount() - 1; layer >= 0; layer--) {
            if (index >= layout.biasOffset(layer)) {
                return "layer " + layer + " b[" + (index - layout.biasOffset(layer)) + "]";
            }
            if (index >= layout.weightOffset(layer)) {
                int rel = index - layout.weightOffset(layer);
                int in = spec.layerIn(layer);
                return "layer " + layer + " W[" + rel / in + "][" + rel % in + "]";
            }
        }
        return "?";
    }
}
