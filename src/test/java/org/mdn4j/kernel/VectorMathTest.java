package org.mdn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accuracy bounds of {@link VectorMath} against double-precision {@link Math}, its special values,
 * and the fixed-order lane sum. The bounds here are the ones its class comment documents.
 */
class VectorMathTest {

    private static final long SEED = 0x5EED_0001L;

    @BeforeAll
    static void needsVectorApi() {
        KernelTestSupport.simd();
    }

    private static int lanes() {
        return SimdSpecies.SPECIES.length();
    }

    /** Applies a vector function to every element of {@code xs}, one vector at a time. */
    private static float[] apply(java.util.function.UnaryOperator<FloatVector> f, float[] xs) {
        int l = lanes();
        float[] padded = new float[(xs.length + l - 1) / l * l];
        System.arraycopy(xs, 0, padded, 0, xs.length);
        float[] out = new float[padded.length];
        for (int i = 0; i < padded.length; i += l) {
            f.apply(FloatVector.fromArray(SimdSpecies.SPECIES, padded, i)).intoArray(out, i);
        }
        return java.util.Arrays.copyOf(out, xs.length);
    }

    /** Error in units of the last place of the correctly rounded float result. */
    private static double ulps(float got, double exact) {
        float rounded = (float) exact;
        return Math.abs(got - exact) / Math.ulp(rounded);
    }

    @Test
    void expIsWithinTwoUlpOnItsRange() {
        SplittableRandom r = new SplittableRandom(SEED);
        float[] xs = new float[200_000];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) (r.nextDouble() * (88.3 + 87.3) - 87.3);
        }
        xs[0] = 0f;
        xs[1] = -1e-30f;
        xs[2] = 1e-7f;
        float[] got = apply(VectorMath::exp, xs);
        double worst = 0;
        for (int i = 0; i < xs.length; i++) {
            double e = ulps(got[i], Math.exp(xs[i]));
            worst = Math.max(worst, e);
            assertTrue(e <= 2, "exp(" + xs[i] + ") = " + got[i] + ", " + e + " ulp off (seed " + SEED + ")");
        }
        System.out.println("VectorMath.exp worst error: " + worst + " ulp");
    }

    @Test
    void logIsWithinTwoUlpForNormalFloats() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        float[] xs = new float[200_000];
        for (int i = 0; i < xs.length; i++) {
            // log-uniform over the whole normal range, plus values near 1 where log is near 0
            xs[i] = i % 4 == 0 ? (float) (1 + (r.nextDouble() - 0.5) * 1e-3)
                    : (float) Math.exp(r.nextDouble() * (88.7 + 87.3) - 87.3);
        }
        float[] got = apply(VectorMath::log, xs);
        double worst = 0;
        for (int i = 0; i < xs.length; i++) {
            double exact = Math.log(xs[i]);
            double e = exact == 0 ? (got[i] == 0 ? 0 : Double.POSITIVE_INFINITY) : ulps(got[i], exact);
            worst = Math.max(worst, e);
            assertTrue(e <= 2, "log(" + xs[i] + ") = " + got[i] + ", " + e + " ulp off (seed " + SEED + ")");
        }
        System.out.println("VectorMath.log worst error: " + worst + " ulp");
    }

    @Test
    void log1pKeepsRelativeAccuracyNearZero() {
        SplittableRandom r = new SplittableRandom(SEED + 2);
        float[] us = new float[50_000];
        for (int i = 0; i < us.length; i++) {
            us[i] = (float) Math.pow(10, -12 * r.nextDouble()); // (1e-12, 1]
        }
        float[] lp = apply(VectorMath::log1p, us);
        for (int i = 0; i < us.length; i++) {
            assertTrue(ulps(lp[i], Math.log1p(us[i])) <= 4, "log1p(" + us[i] + ") = " + lp[i] + " (seed " + SEED + ")");
        }
    }

    @Test
    void specialValues() {
        float[] xs = {Float.NEGATIVE_INFINITY, -1000f, -87.5f, 88.8f, 1000f, Float.POSITIVE_INFINITY, Float.NaN};
        float[] e = apply(VectorMath::exp, xs);
        assertEquals(0f, e[0]);
        assertEquals(0f, e[1]);
        assertEquals(0f, e[2]);
        assertEquals(Float.POSITIVE_INFINITY, e[3]);
        assertEquals(Float.POSITIVE_INFINITY, e[4]);
        assertEquals(Float.POSITIVE_INFINITY, e[5]);
        assertTrue(Float.isNaN(e[6]));
        float[] ls = {0f, -1f, Float.POSITIVE_INFINITY, Float.NaN, 1f, Float.MIN_NORMAL, Float.MAX_VALUE};
        float[] lg = apply(VectorMath::log, ls);
        assertEquals(Float.NEGATIVE_INFINITY, lg[0]);
        assertTrue(Float.isNaN(lg[1]));
        assertEquals(Float.POSITIVE_INFINITY, lg[2]);
        assertTrue(Float.isNaN(lg[3]));
        assertEquals(0f, lg[4]);
        assertTrue(ulps(lg[5], Math.log(Float.MIN_NORMAL)) <= 2);
        assertTrue(ulps(lg[6], Math.log(Float.MAX_VALUE)) <= 2);
    }

    @Test
    void sumLanesAddsInItsFixedOrder() {
        SplittableRandom r = new SplittableRandom(SEED + 3);
        int l = lanes();
        float[] scratch = new float[l];
        for (int trial = 0; trial < 1000; trial++) {
            float[] a = new float[l];
            for (int i = 0; i < l; i++) {
                a[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(12) - 6));
            }
            // four partial sums over lanes i mod 4, each left to right, then (s0 + s1) + (s2 + s3)
            float expected;
            if (l < 4) {
                expected = a[0];
                for (int i = 1; i < l; i++) {
                    expected += a[i];
                }
            } else {
                float[] part = new float[4];
                for (int i = 0; i < l; i++) {
                    part[i % 4] = i < 4 ? a[i] : part[i % 4] + a[i];
                }
                expected = (part[0] + part[1]) + (part[2] + part[3]);
            }
            float got = VectorMath.sumLanes(FloatVector.fromArray(SimdSpecies.SPECIES, a, 0), scratch);
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got), "trial " + trial);
        }
    }

    @Test
    void sumLanesInRegistersHasSumLanesBits() {
        SplittableRandom r = new SplittableRandom(SEED + 4);
        int l = lanes();
        float[] scratch = new float[l];
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE};
        for (int trial = 0; trial < 5000; trial++) {
            float[] a = new float[l];
            // a masked tail (zeros past a random count), as in the weight gradient's partial vector
            int count = 1 + r.nextInt(l);
            for (int i = 0; i < count; i++) {
                a[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(12) - 6));
                if (r.nextInt(40) == 0) {
                    a[i] = specials[r.nextInt(specials.length)];
                }
            }
            FloatVector v = FloatVector.fromArray(SimdSpecies.SPECIES, a, 0);
            float expected = VectorMath.sumLanes(v, scratch);
            float got = VectorMath.sumLanesInRegisters(v, scratch);
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got), "trial " + trial);
        }
    }

    /** Every pair drawn from these, each operand in every lane position. */
    private static final float[] EDGES = {Float.NaN, Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -87.5f, -1f,
        -Float.MIN_VALUE, -0f, 0f, Float.MIN_VALUE, 0.5f, 1f, 88.5f, Float.MAX_VALUE, Float.POSITIVE_INFINITY};

    /**
     * atLeast (or atMost) of every element against {@code bound}. No lambda over vectors: its
     * synthetic method would name FloatVector in its signature, which the build's own JVM (no
     * Vector API module) fails to resolve when it lists this class's methods.
     */
    private static float[] clampEach(float[] xs, float bound, boolean floor) {
        int l = lanes();
        float[] out = new float[xs.length];
        float[] lane = new float[l];
        for (int i = 0; i < xs.length; i++) {
            java.util.Arrays.fill(lane, xs[i]);
            FloatVector v = FloatVector.fromArray(SimdSpecies.SPECIES, lane, 0);
            out[i] = (floor ? VectorMath.atLeast(v, bound) : VectorMath.atMost(v, bound)).lane(i % l);
        }
        return out;
    }

    @Test
    void clampsAreMathMaxAndMinForTheirBounds() {
        // atLeast: any bound but NaN and −0; atMost: any bound but NaN and +0
        float[] floors = {Float.NEGATIVE_INFINITY, -87.33654f, -13.8f, 0f, 1f, Float.POSITIVE_INFINITY};
        float[] ceilings = {Float.NEGATIVE_INFINITY, -1f, -0f, 13.8f, 88.37626f, Float.POSITIVE_INFINITY};
        for (float b : floors) {
            float[] got = clampEach(EDGES, b, true);
            for (int i = 0; i < EDGES.length; i++) {
                assertEquals(Float.floatToIntBits(Math.max(EDGES[i], b)), Float.floatToIntBits(got[i]),
                        "atLeast(" + EDGES[i] + ", " + b + ")");
            }
        }
        for (float b : ceilings) {
            float[] got = clampEach(EDGES, b, false);
            for (int i = 0; i < EDGES.length; i++) {
                assertEquals(Float.floatToIntBits(Math.min(EDGES[i], b)), Float.floatToIntBits(got[i]),
                        "atMost(" + EDGES[i] + ", " + b + ")");
            }
        }
    }

    @Test
    void maxOfIsMathMaxButForTheSignOfZero() {
        int l = lanes();
        float[] a = new float[l];
        float[] b = new float[l];
        float[] out = new float[l];
        for (float x : EDGES) {
            for (float y : EDGES) {
                java.util.Arrays.fill(a, x);
                java.util.Arrays.fill(b, y);
                VectorMath.maxOf(FloatVector.fromArray(SimdSpecies.SPECIES, a, 0),
                        FloatVector.fromArray(SimdSpecies.SPECIES, b, 0)).intoArray(out, 0);
                float expected = Math.max(x, y);
                if (x == 0f && y == 0f) {
                    assertTrue(out[0] == 0f, "max(" + x + ", " + y + ")"); // either zero
                } else {
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[0]),
                            "max(" + x + ", " + y + ")");
                }
            }
        }
    }
}
