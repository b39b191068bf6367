package org.mdn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;
import org.mdn4j.nn.Workspace;

/**
 * Which kernels run. Surefire sets {@code mdn4j.expectKernels} (this pom: {@code simd}); when it
 * says {@code simd}, the automatic selection must pick the Vector API kernels, they must be
 * really vectorised (≥ 2 lanes), and a network run with them must match the scalar one, so a
 * build that silently fell back to scalar kernels (a missing {@code --add-modules}, a JVM without
 * the module, a CPU without vectors) fails here.
 */
class KernelSelectionTest {

    private static final String EXPECT = System.getProperty("mdn4j.expectKernels", "");

    @Test
    void selectsTheKernelsTheBuildExpects() {
        if (EXPECT.equals("simd")) {
            assertNull(KernelSelector.simdUnavailableReason(), "mdn4j.expectKernels=simd but SIMD is unavailable");
            Kernels auto = KernelSelector.fromProperty();
            assertEquals("simd", auto.name(), "mdn4j.expectKernels=simd (mdn4j.kernels="
                    + System.getProperty(KernelSelector.PROPERTY) + ") but selected: " + auto.describe());
            assertSame(SimdBackend.INSTANCE, auto);
            assertTrue(SimdBackend.lanes() >= 2, "SIMD with " + SimdBackend.lanes() + " lanes");
            assertTrue(auto.describe().contains(SimdBackend.lanes() + " float lanes"), auto.describe());
            networkRunsTheSameWith(auto);
        } else {
            assertTrue(EXPECT.isEmpty() || EXPECT.equals("scalar"), "unknown mdn4j.expectKernels=" + EXPECT);
            Kernels scalar = KernelSelector.select("scalar");
            assertSame(ScalarBackend.INSTANCE, scalar);
            assertEquals("scalar", scalar.name());
        }
    }

    /**
     * Forward through a 1-5-5-9 MDN (the seed's network) on a batch of 3 full vectors plus a tail,
     * so the vector path runs; the head must match the scalar kernels to 1e-5.
     */
    private static void networkRunsTheSameWith(Kernels simd) {
        ModelSpec spec = ModelSpec.mdn(1, 1, 3, new int[] {5, 5}, new Activation[] {Activation.TANH, Activation.TANH});
        int batch = 3 * SimdBackend.lanes() + 1;
        long seed = 42;
        ParameterLayout layout = new ParameterLayout(spec);
        float[] params = Parameters.initialise(spec, layout, seed);
        Workspace a = new Workspace(spec, batch);
        Workspace b = new Workspace(spec, batch);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int n = 0; n < batch; n++) {
            a.input[a.base + n] = b.input[b.base + n] = (float) (rng.nextDouble() * 4 - 2);
        }
        new Network(spec, simd).forward(a, params, batch);
        new Network(spec, KernelSelector.select("scalar")).forward(b, params, batch);
        for (int i = 0; i < spec.outputs() * batch; i++) {
            float expected = b.output()[i];
            float actual = a.output()[i];
            int ii = i;
            KernelTestSupport.assertClose(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)),
                    () -> "head cell " + ii + " seed=" + seed + " batch=" + batch);
        }
    }

    @Test
    void scalarAndSimdAreSelectableByName() {
        assertSame(ScalarBackend.INSTANCE, KernelSelector.select("scalar"));
        assertSame(ScalarBackend.INSTANCE, KernelSelector.select(" Scalar "));
        if (KernelSelector.simdUnavailableReason() == null) {
            assertSame(SimdBackend.INSTANCE, KernelSelector.select("SIMD"));
            assertSame(SimdBackend.INSTANCE, KernelSelector.select("auto"));
            assertSame(SimdBackend.INSTANCE, KernelSelector.select(null));
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KernelSelector.select("simd"));
            assertTrue(e.getMessage().contains("SIMD kernels unavailable"), e.getMessage());
            assertSame(ScalarBackend.INSTANCE, KernelSelector.select("auto"));
        }
    }

    @Test
    void unknownNameIsRejectedWithTheAcceptedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelSelector.select("bogus"));
        String m = e.getMessage();
        assertTrue(m.contains("'bogus'"), m);
        assertTrue(m.contains("scalar") && m.contains("simd"), "message should list the accepted names: " + m);
    }
}
