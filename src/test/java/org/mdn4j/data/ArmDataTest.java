package org.mdn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The two-link arm: forward kinematics of the targets give the inputs, both elbows occur, ranges hold. */
class ArmDataTest {

    @Test
    void forwardKinematicsOfTheTargetsReproduceTheInputs() {
        Dataset d = ArmData.generate(5000, 11);
        assertEquals(5000, d.size());
        assertArrayEquals(new String[] {"x1", "x2"}, d.inputNames());
        assertArrayEquals(new String[] {"theta1", "theta2"}, d.targetNames());
        float[] x = d.x();
        float[] t = d.t();
        double worst = 0;
        for (int i = 0; i < d.size(); i++) {
            double a = t[2 * i];
            double b = t[2 * i + 1];
            worst = Math.max(worst, Math.abs(ArmData.x1(a, b) - x[2 * i]));
            worst = Math.max(worst, Math.abs(ArmData.x2(a, b) - x[2 * i + 1]));
            // The same formula written out, so a wrong helper cannot hide a wrong generator.
            assertEquals(0.8 * Math.cos(a) + 0.2 * Math.cos(a + b), x[2 * i], 1e-5, "x1 of row " + i);
            assertEquals(0.8 * Math.sin(a) + 0.2 * Math.sin(a + b), x[2 * i + 1], 1e-5, "x2 of row " + i);
        }
        assertTrue(worst < 1e-5, "largest forward-kinematics error " + worst);
    }

    @Test
    void bothElbowsOccurAndTheAnglesStayInsideTheirRanges() {
        Dataset d = ArmData.generate(4000, 3);
        float[] t = d.t();
        float[] x = d.x();
        int up = 0;
        int down = 0;
        for (int i = 0; i < d.size(); i++) {
            double a = t[2 * i];
            double b = t[2 * i + 1];
            assertTrue(a > -Math.PI / 2 - 1e-6 && a < Math.PI / 2 + 1e-6, "theta1 " + a);
            assertTrue(Math.abs(b) >= ArmData.EPSILON - 1e-6 && Math.abs(b) <= Math.PI - ArmData.EPSILON + 1e-6,
                    "theta2 " + b + " outside the band");
            if (b > 0) {
                up++;
            } else {
                down++;
            }
            double r = Math.hypot(x[2 * i], x[2 * i + 1]);
            assertTrue(r >= ArmData.L1 - ArmData.L2 - 1e-6 && r <= ArmData.REACH + 1e-6, "radius " + r);
        }
        assertTrue(up > 1800 && down > 1800, "elbow up " + up + ", elbow down " + down);
    }

    @Test
    void seededAndWiredAsABuiltIn() {
        Dataset a = ArmData.generate(300, 5);
        assertArrayEquals(a.x(), ArmData.generate(300, 5).x());
        assertArrayEquals(a.t(), ArmData.generate(300, 5).t());
        assertFalse(Arrays.equals(a.t(), ArmData.generate(300, 6).t()), "another seed gives other data");
        assertTrue(ToyData.isBuiltIn("arm"));
        Dataset named = ToyData.named("arm", 300, 5);
        assertEquals("arm", named.name());
        assertArrayEquals(a.t(), named.t());
        assertThrows(IllegalArgumentException.class, () -> ArmData.generate(0, 1));
    }
}
