package org.mdn4j.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;

/**
 * The single-row path, scalar and Vector API ({@link org.mdn4j.kernel.SimdRowForward}), gives the
 * batched scalar path's bits and allocates nothing per call.
 */
class PredictorSingleRowTest {

    private static final long SEED = 0xBEEF_0002L;

    private static Model model(Activation a, Activation b) {
        return model(new int[] {7, 5}, 4, a, b);
    }

    /** Hidden widths and head widths that fill no vector, exactly one, and more than one. */
    private static Model model(int[] hidden, int components, Activation a, Activation b) {
        ModelSpec spec = ModelSpec.mdn(3, 2, components, hidden, new Activation[] {a, b});
        float[] p = Parameters.initialise(spec, new ParameterLayout(spec), SEED);
        return new Model(spec, p, new String[] {"a", "b", "c"}, new String[] {"u", "v"}, Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void matchesTheBatchedScalarPathBitForBit(String kernels) {
        // {5, 3} with one component fits a vector of 8 lanes at every layer (the in-register path
        // on AVX2), {7, 5} and {16, 1} one of 16 (on AVX-512); {7, 5} with 4 components (16
        // head outputs) on AVX2 and {6, 5} with 8 (32) on both keep the hidden rows in registers
        // and store a head of several vectors
        int[][] shapes = {{5, 3}, {7, 5}, {16, 1}, {17, 33}, {64, 64}, {6, 5}};
        int[] components = {1, 4, 1, 3, 8, 8};
        for (int s = 0; s < shapes.length; s++) {
            for (Activation a : Activation.values()) {
                matchesTheBatchedScalarPath(kernels, model(shapes[s], components[s], a, Activation.TANH), s, a);
                matchesTheBatchedScalarPath(kernels, model(shapes[s], components[s], Activation.RELU, a), s, a);
            }
        }
    }

    /**
     * Every width a row held in a register can have (1 to 16 lanes; beyond the species' lane count
     * the general path runs): each input count stops at its own guarded term.
     */
    @Test
    void everyHiddenWidthUpToSixteenMatchesBitForBit() {
        for (int w = 1; w <= 16; w++) {
            int[] hidden = {w, 17 - w};
            matchesTheBatchedScalarPath("simd", model(hidden, 1, Activation.RELU, Activation.RELU), 100 + w,
                    Activation.RELU);
            matchesTheBatchedScalarPath("simd", model(hidden, 2, Activation.IDENTITY, Activation.RELU), 200 + w,
                    Activation.IDENTITY);
        }
    }

    private static void matchesTheBatchedScalarPath(String kernels, Model m, int shape, Activation a) {
        {
            Predictor p = new Predictor(m, KernelSelector.select(kernels));
            Predictor reference = new Predictor(m, KernelSelector.select("scalar"));
            SplittableRandom r = new SplittableRandom(SEED + a.code() + 31L * shape);
            float[] x = new float[3 * 50];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 4 - 2);
            }
            float[] batched = new float[50 * p.outputs()];
            reference.outputs(x, 0, 50, batched, 0);
            float[] single = new float[50 * p.outputs()];
            for (int n = 0; n < 50; n++) {
                p.outputsOfOne(x, 3 * n, single, n * p.outputs());
            }
            assertArrayEquals(batched, single, kernels + " kernels, shape " + shape + ", activation " + a
                    + " (seed " + SEED + ")");
            // the form without the copy hands back the scratch row holding the same values
            for (int n = 0; n < 50; n++) {
                float[] row = p.outputsOfOne(x, 3 * n);
                for (int o = 0; o < p.outputs(); o++) {
                    assertEquals(Float.floatToIntBits(batched[n * p.outputs() + o]), Float.floatToIntBits(row[o]), kernels + " kernels, shape " + shape
                            + ", activation " + a + ", row " + n + " output " + o + " without the copy");
                }
            }
        }
    }

    /**
     * A call for the leading outputs alone (what a mean and a mode read) gives them the full pass's
     * bits, for counts inside one vector, at a vector's edge, past it, and past the row's end, on
     * the in-register path (the first shapes) and the general one ({@code {17, 33}}, {@code {64, 64}}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void theLeadingOutputsAloneHaveTheFullPassBits(String kernels) {
        int[][] shapes = {{5, 3}, {7, 5}, {6, 5}, {17, 33}, {64, 64}};
        int[] components = {1, 4, 8, 3, 8};
        for (int s = 0; s < shapes.length; s++) {
            Model m = model(shapes[s], components[s], Activation.RELU, Activation.TANH);
            Predictor p = new Predictor(m, KernelSelector.select(kernels));
            Predictor.Scratch scratch = p.newScratch();
            int width = p.outputs();
            SplittableRandom r = new SplittableRandom(SEED + 17L * s);
            float[] x = new float[3];
            float[] full = new float[width];
            for (int trial = 0; trial < 20; trial++) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (r.nextDouble() * 4 - 2);
                }
                System.arraycopy(p.outputsOfOne(x, 0, scratch), 0, full, 0, width);
                for (int wanted : new int[] {1, 2, 7, 8, 9, 15, 16, 17, width - 1, width, width + 5}) {
                    float[] row = p.outputsOfOne(x, 0, scratch, wanted);
                    for (int o = 0; o < Math.min(wanted, width); o++) {
                        assertEquals(Float.floatToIntBits(full[o]), Float.floatToIntBits(row[o]), kernels
                                + " kernels, shape " + s + ", " + wanted + " wanted, output " + o);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void allocatesNothingPerCall(String kernels) {
        Predictor p = new Predictor(model(Activation.RELU, Activation.SOFTPLUS), KernelSelector.select(kernels));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float[] x = {0.1f, 0.2f, 0.3f};
        float[] out = new float[p.outputs()];
        for (int i = 0; i < 50_000; i++) {
            x[0] = i * 1e-5f;
            p.outputsOfOne(x, 0, out, 0);
            p.outputsOfOne(x, 0);
        }
        // A window can catch a one-off allocation of the JIT's own (tens of bytes once); a
        // per-call allocation shows in every window, so one clean window of 100,000 calls proves it.
        long[] seen = new long[20];
        for (int w = 0; w < seen.length; w++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                x[0] = i * 1e-5f;
                p.outputsOfOne(x, 0, out, 0);
                p.outputsOfOne(x, 0);
            }
            seen[w] = mx.getCurrentThreadAllocatedBytes() - before;
            if (seen[w] == 0) {
                return;
            }
        }
        assertEquals(0, seen[seen.length - 1], "bytes allocated per window of 100,000 single-row predictions: "
                + java.util.Arrays.toString(seen));
    }
}
