package org.mdn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The seed's toy problem: seeded determinism, value ranges, and the inverse's swap. */
class ToyDataTest {

    @Test
    void sameSeedSameData() {
        Dataset a = ToyData.generate(500, 7, false);
        Dataset b = ToyData.generate(500, 7, false);
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.t(), b.t());
        Dataset c = ToyData.generate(500, 8, false);
        assertFalse(Arrays.equals(a.x(), c.x()), "another seed gives other data");
    }

    @Test
    void valuesFollowTheSeedsFormula() {
        Dataset d = ToyData.generate(5000, 3, false);
        assertEquals(5000, d.size());
        float[] x = d.x();
        float[] t = d.t();
        double minNoise = 1;
        double maxNoise = -1;
        for (int i = 0; i < x.length; i++) {
            assertTrue(x[i] >= 0f && x[i] < 1f, "x[" + i + "] = " + x[i] + " outside [0, 1)");
            double noise = t[i] - (x[i] + 0.3 * Math.sin(2 * Math.PI * x[i]));
            assertTrue(Math.abs(noise) <= 0.1 + 1e-6, "t[" + i + "] is " + noise + " off the curve");
            minNoise = Math.min(minNoise, noise);
            maxNoise = Math.max(maxNoise, noise);
        }
        assertTrue(minNoise < -0.09 && maxNoise > 0.09, "noise spans ±0.1: [" + minNoise + ", " + maxNoise + "]");
        assertArrayEquals(new String[] {"x"}, d.inputNames());
        assertArrayEquals(new String[] {"t"}, d.targetNames());
        assertEquals("toy", d.name());
    }

    @Test
    void inverseSwapsInputsAndTargets() {
        Dataset fwd = ToyData.generate(300, 11, false);
        Dataset inv = ToyData.generate(300, 11, true);
        assertArrayEquals(fwd.t(), inv.x(), "the inverse's inputs are the forward targets");
        assertArrayEquals(fwd.x(), inv.t(), "the inverse's targets are the forward inputs");
        assertArrayEquals(new String[] {"t"}, inv.inputNames());
        assertArrayEquals(new String[] {"x"}, inv.targetNames());
        assertEquals("toy-inverse", inv.name());
    }

    @Test
    void namedMatchesGenerate() {
        assertArrayEquals(ToyData.generate(50, 5, true).x(), ToyData.named("toy-inverse", 50, 5).x());
        assertArrayEquals(ToyData.generate(50, 5, false).x(), ToyData.named("toy", 50, 5).x());
        assertTrue(ToyData.isBuiltIn("toy") && ToyData.isBuiltIn("toy-inverse"));
        assertFalse(ToyData.isBuiltIn("toy.csv"));
        assertThrows(IllegalArgumentException.class, () -> ToyData.named("toy2", 10, 1));
        assertThrows(IllegalArgumentException.class, () -> ToyData.generate(0, 1, false));
    }
}
