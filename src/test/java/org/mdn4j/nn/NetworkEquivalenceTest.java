package org.mdn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.KernelTestSupport;
import org.mdn4j.kernel.Kernels;

/**
 * A whole training step's forward, loss and backward on 3-layer networks (two hidden layers and
 * the output layer), SIMD against scalar, for batch sizes 1, 17, 100 and 257, MDN and MLP: every
 * layer's activations, the per-sample losses, the loss sum and every parameter gradient.
 *
 * <p>Tolerance {@code |simd − scalar| ≤ 1e-5·max(1, |scalar|)}: activations, losses and
 * gradients here are O(0.01–10), and the per-kernel differences (~1e-7 relative, see the kernel
 * equivalence tests) grow only by the layers' gain through three layers.
 */
class NetworkEquivalenceTest {

    private static final Kernels SCALAR = KernelSelector.select("scalar");
    private static Kernels SIMD;

    @BeforeAll
    static void selectKernels() {
        SIMD = KernelTestSupport.simd();
    }

    static List<Arguments> cases() {
        List<ModelSpec> specs = List.of(
                ModelSpec.mdn(3, 2, 5, new int[] {17, 9}, new Activation[] {Activation.TANH, Activation.SOFTPLUS}),
                ModelSpec.mdn(1, 1, 3, new int[] {5, 5}, new Activation[] {Activation.RELU, Activation.RELU}),
                ModelSpec.mlp(3, 2, new int[] {17, 9}, new Activation[] {Activation.SIGMOID, Activation.RELU}));
        List<Arguments> out = new ArrayList<>();
        for (ModelSpec spec : specs) {
            for (int batch : new int[] {1, 17, 100, 257}) {
                out.add(Arguments.of(spec, batch));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} batch={1}")
    @MethodSource("cases")
    void simdStepMatchesScalarStep(ModelSpec spec, int batch) {
        long seed = 7_000L + 31L * spec.hashCode() + batch;
        SplittableRandom rng = new SplittableRandom(seed);
        ParameterLayout layout = new ParameterLayout(spec);
        float[] params = Parameters.initialise(spec, layout, rng.nextLong());
        double[][] x = GradientCheckTest.sample(rng, batch, spec.inputs(), 2);
        double[][] t = GradientCheckTest.sample(rng, batch, spec.targets(), 1.5);
        String ctx = spec + " batch=" + batch + " seed=" + seed;

        Step scalar = Step.run(spec, SCALAR, params, x, t);
        Step simd = Step.run(spec, SIMD, params, x, t);

        int capA = scalar.ws.capacity();
        int capB = simd.ws.capacity();
        for (int layer = 0; layer < spec.layerCount(); layer++) {
            float[] a = scalar.ws.activations[layer];
            float[] b = simd.ws.activations[layer];
            for (int j = 0; j < spec.layerOut(layer); j++) {
                for (int n = 0; n < batch; n++) {
                    check(a[scalar.ws.base + j * capA + n], b[simd.ws.base + j * capB + n],
                            ctx + " layer " + layer + " output j=" + j + " n=" + n);
                }
            }
        }
        if (spec.type() == ModelType.MDN) {
            for (int n = 0; n < batch; n++) {
                check(scalar.ws.sampleLoss()[scalar.ws.base + n], simd.ws.sampleLoss()[simd.ws.base + n],
                        ctx + " sample loss n=" + n);
            }
        }
        check(scalar.loss, simd.loss, ctx + " loss sum");
        for (int i = 0; i < layout.size(); i++) {
            check(scalar.grads[i], simd.grads[i], ctx + " gradient " + GradientCheckTest.describe(spec, layout, i));
        }
        assertEquals("simd", simd.net.kernels().name(), ctx);
    }

    /**
     * Where a workspace's rows start and how its stride is rounded ({@link BufferAlignment}) moves
     * no bit: a shifted, padded workspace gives the same losses and gradients as a plain one.
     */
    @ParameterizedTest(name = "base {0}, stride quantum {1}")
    @CsvSource({"12, 16", "5, 16", "3, 1"})
    void rowPlacementChangesNoBit(int base, int quantum) {
        List<ModelSpec> specs = List.of(
                ModelSpec.mdn(1, 1, 3, new int[] {5, 5}, new Activation[] {Activation.RELU, Activation.RELU}),
                ModelSpec.mdn(3, 2, 5, new int[] {17, 9}, new Activation[] {Activation.TANH, Activation.SOFTPLUS}),
                ModelSpec.mlp(3, 2, new int[] {17, 9}, new Activation[] {Activation.SIGMOID, Activation.RELU}));
        for (ModelSpec spec : specs) {
            for (int batch : new int[] {1, 17, 300}) {
                SplittableRandom rng = new SplittableRandom(7L * batch + base);
                float[] params = Parameters.initialise(spec, new ParameterLayout(spec), rng.nextLong());
                double[][] x = GradientCheckTest.sample(rng, batch, spec.inputs(), 2);
                double[][] t = GradientCheckTest.sample(rng, batch, spec.targets(), 1.5);
                Step plain = Step.run(spec, SIMD, params, x, t, new Workspace(spec, batch, 0, 1));
                Step shifted = Step.run(spec, SIMD, params, x, t, new Workspace(spec, batch, base, quantum));
                assertEquals(base, shifted.ws.base);
                assertEquals(0, shifted.ws.capacity() % quantum, "the stride is rounded");
                assertEquals(plain.loss, shifted.loss, 0.0, spec + " batch " + batch);
                assertArrayEquals(plain.grads, shifted.grads,
                        spec + " batch " + batch + " base " + base);
            }
        }
    }

    private static void check(double expected, double actual, String what) {
        double tol = 1e-5 * Math.max(1, Math.abs(expected));
        if (!(Math.abs(actual - expected) <= tol)) {
            fail(what + ": scalar " + expected + ", simd " + actual + ", |diff| " + Math.abs(actual - expected)
                    + " > " + tol);
        }
    }

    /** One forward, loss-and-gradient and backward pass into zeroed gradients. */
    private record Step(Network net, Workspace ws, double loss, float[] grads) {

        static Step run(ModelSpec spec, Kernels kernels, float[] params, double[][] x, double[][] t) {
            return run(spec, kernels, params, x, t, new Workspace(spec, x.length + 5));
        }

        static Step run(ModelSpec spec, Kernels kernels, float[] params, double[][] x, double[][] t, Workspace ws) {
            int batch = x.length;
            Network net = new Network(spec, kernels);
            GradientCheckTest.load(x, ws.input, ws.base, ws.capacity());
            GradientCheckTest.load(t, ws.target, ws.base, ws.capacity());
            float scale = spec.type() == ModelType.MDN ? 1f / batch : 1f / (batch * spec.targets());
            net.forward(ws, params, batch);
            double loss = net.lossAndGradient(ws, batch, scale);
            float[] grads = new float[net.layout().size()];
            net.backward(ws, params, grads, batch);
            return new Step(net, ws, loss, grads);
        }
    }
}
