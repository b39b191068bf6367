package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mdn4j.data.Dataset;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.nn.Head;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;

/** The collapse warning: a component whose mean π over the training inputs is below 1e-3 is named. */
class ComponentCollapseTest {

    /** A 1-2-K network whose last layer ignores its input: π = softmax(bias of the logit rows). */
    private static Model model(Head head, float... logits) {
        ModelSpec spec = ModelSpec.mdn(1, 2, logits.length, new int[] {2}, new Activation[] {Activation.TANH}, head);
        ParameterLayout layout = new ParameterLayout(spec);
        float[] p = new float[layout.size()];
        int last = spec.layerCount() - 1;
        System.arraycopy(logits, 0, p, layout.biasOffset(last), logits.length);
        return new Model(spec, p, new String[] {"x"}, new String[] {"a", "b"}, Map.of());
    }

    private static Dataset data() {
        return new Dataset("d", new float[] {-1, 0, 0.5f, 2}, new float[8], new String[] {"x"}, new String[] {"a", "b"});
    }

    private static String warnings(Model m) {
        StringWriter s = new StringWriter();
        ComponentCollapse.warn(m, data(), KernelSelector.select("scalar"), new PrintWriter(s, true));
        return s.toString();
    }

    @Test
    void namesEveryCollapsedComponentOfEveryHead() {
        for (Head head : Head.values()) {
            // π ≈ (0.5, 0.5, 1e-9, 3e-4): components 2 and 3 are below 1e-3.
            Model m = model(head, 0, 0, -20, (float) Math.log(6e-4));
            double[] usage = ComponentCollapse.meanWeights(m, data(), KernelSelector.select("scalar"));
            assertEquals(1, usage[0] + usage[1] + usage[2] + usage[3], 1e-9);
            String w = warnings(m);
            assertEquals(2, w.lines().count(), head + ": " + w);
            assertTrue(w.contains("component 2 has collapsed") && w.contains("component 3 has collapsed"), w);
        }
    }

    @Test
    void silentWhenEveryComponentIsUsed() {
        // π ≈ 2e-3 for the last component: rare, not collapsed.
        assertEquals("", warnings(model(Head.FULL, 0, 0, (float) Math.log(4e-3))));
    }
}
