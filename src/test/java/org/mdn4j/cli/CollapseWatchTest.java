package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.Scaler;
import org.mdn4j.data.ToyData;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.Head;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;

/** The collapse watch during training: two checks in a row below the threshold, reported once. */
class CollapseWatchTest {

    private static final ModelSpec SPEC = ModelSpec.mdn(1, 1, 3, new int[] {2}, new Activation[] {Activation.TANH},
            Head.ISOTROPIC);

    /** Parameters whose last layer ignores the input: π = softmax(logits). */
    private static float[] parameters(float... logits) {
        ParameterLayout layout = new ParameterLayout(SPEC);
        float[] p = new float[layout.size()];
        System.arraycopy(logits, 0, p, layout.biasOffset(SPEC.layerCount() - 1), logits.length);
        return p;
    }

    private static final float[] HEALTHY = parameters(0, 0, 0);
    private static final float[] THIRD_GONE = parameters(0, 0, -20);

    @Test
    void aComponentBelowTheThresholdAtTwoChecksInARowIsNamedOnce() {
        StringWriter out = new StringWriter();
        Dataset data = new Dataset("d", new float[] {-1, 0, 1, 2}, new float[4], new String[] {"x"},
                new String[] {"t"});
        CollapseWatch watch = new CollapseWatch(SPEC, null, data, KernelSelector.select("scalar"), 100,
                new PrintWriter(out, true));
        watch.epochDone(5, () -> {
            throw new AssertionError("epoch 5 is not a check (every 10 epochs)");
        });
        watch.epochDone(10, () -> THIRD_GONE);
        assertEquals("", out.toString(), "one check below is not yet 'stays below'");
        watch.epochDone(20, () -> HEALTHY);
        watch.epochDone(30, () -> THIRD_GONE);
        assertEquals("", out.toString(), "it recovered at epoch 20");
        watch.epochDone(40, () -> THIRD_GONE);
        String w = out.toString();
        assertTrue(w.contains("epoch 40: component 2 has stayed collapsed since epoch 30"), w);
        assertEquals(1, w.lines().count(), w);
        watch.epochDone(50, () -> THIRD_GONE);
        assertEquals(1, out.toString().lines().count(), "reported once");
        assertTrue(watch.reported(2));
        assertFalse(watch.reported(0));
    }

    /**
     * A check's mean π is the one the model's predictor gives over the same sample (the watch
     * runs the network on its own workspace, with the inputs standardised once), on a data set
     * larger than the sample, with a scaler, with either kernel family.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scalar", "simd"})
    void aChecksMeanPiIsThePredictorsOverTheSample(String kernelName) {
        Kernels kernels = KernelSelector.select(kernelName);
        Dataset raw = ToyData.named("toy-inverse", 1500, 5);
        Scaler scaler = Scaler.fit(raw, note -> { });
        ModelSpec spec = ModelSpec.mdn(1, 1, 3, new int[] {5, 5}, new Activation[] {Activation.RELU, Activation.RELU});
        CollapseWatch watch = new CollapseWatch(spec, scaler, raw, kernels, 100,
                new PrintWriter(Writer.nullWriter()));
        for (long seed = 1; seed <= 3; seed++) {
            float[] params = Parameters.initialise(spec, new ParameterLayout(spec), seed);
            Model model = new Model(spec, params, raw.inputNames(), raw.targetNames(), Map.of(), scaler);
            double[] expected = ComponentCollapse.meanWeights(model,
                    CollapseWatch.evenlySpaced(raw, CollapseWatch.SAMPLE), kernels);
            double[] got = watch.meanWeights(params);
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[c], got[c], 1e-9, kernelName + " seed " + seed + " component " + c);
            }
        }
    }

    @Test
    void evenlySpacedSampleKeepsTheFirstRowAndAtMostMaxRows() {
        float[] x = new float[5000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        Dataset d = new Dataset("d", x, x.clone(), new String[] {"x"}, new String[] {"t"});
        Dataset s = CollapseWatch.evenlySpaced(d, 1024);
        assertEquals(1024, s.size());
        assertEquals(0f, s.x()[0]);
        assertEquals((float) (1023L * 5000 / 1024), s.x()[1023]);
        assertEquals(s.x()[700], s.t()[700], "rows keep their targets");
    }
}
