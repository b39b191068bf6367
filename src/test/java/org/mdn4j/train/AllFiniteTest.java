package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The trainer's guard scan, which runs four interleaved probes and a tail: one bad value at any
 * position, in the probes' strides or in the tail, makes the scan say so.
 */
class AllFiniteTest {

    private static final float[] BAD = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

    @Test
    void findsOneBadValueAtEveryPositionOfEveryLength() {
        for (int length = 0; length <= 13; length++) {
            float[] a = new float[length];
            for (int i = 0; i < length; i++) {
                a[i] = (i % 3 == 0 ? -1 : 1) * (i + 0.5f) * 1e30f;
            }
            assertTrue(Trainer.allFinite(a), "finite values, length " + length);
            for (int at = 0; at < length; at++) {
                for (float bad : BAD) {
                    float[] b = Arrays.copyOf(a, length);
                    b[at] = bad;
                    assertFalse(Trainer.allFinite(b), bad + " at " + at + " of " + length);
                }
            }
        }
    }

    @Test
    void extremeFiniteValuesAndSignedZerosPass() {
        assertTrue(Trainer.allFinite(new float[] {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -0f, 0f,
                Float.MIN_NORMAL, 1f, -1f, 3f}));
    }
}
