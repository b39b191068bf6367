package org.mdn4j.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link InlineExp} against the JDK's exp: its accuracy bound, and the special cases it hands on. */
class InlineExpTest {

    /** Distance in ulps between two finite doubles of the same sign. */
    private static long ulps(double a, double b) {
        return Math.abs(Double.doubleToLongBits(a) - Double.doubleToLongBits(b));
    }

    @Test
    void withinOneUlpOfStrictMathOverTheWholeInlinedRange() {
        SplittableRandom random = new SplittableRandom(71);
        long worst = 0;
        for (int i = 0; i < 3_000_000; i++) {
            // uniform over (−708, 708), and dense near 0, where a softmax's arguments mostly fall
            double x = i % 2 == 0 ? random.nextDouble(-708, 708) : random.nextDouble(-30, 0.5);
            double got = InlineExp.exp(x);
            double want = StrictMath.exp(x);
            long d = ulps(got, want);
            assertTrue(d <= 1, "exp(" + x + ") = " + got + ", StrictMath " + want + ": " + d + " ulps");
            worst = Math.max(worst, d);
        }
        assertTrue(worst <= 1);
    }

    @Test
    void rangeEdgesAndReductionBoundariesStayWithinOneUlp() {
        double ln2 = Math.log(2);
        double[] xs = {-707.999, 707.999, -1e-300, 1e-300, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-17, -1e-17,
            ln2 / 2, -ln2 / 2, Math.nextUp(ln2 / 2), Math.nextDown(-ln2 / 2), ln2, -ln2, 1, -1, 0.5, -0.5,
            -87.33654, -103.97208, -745.0 / 2, -20 * ln2, 20.5 * ln2, -1000.5 * ln2};
        for (double x : xs) {
            assertTrue(ulps(InlineExp.exp(x), StrictMath.exp(x)) <= 1, "exp(" + x + ")");
        }
    }

    @Test
    void zeroGivesExactlyOne() {
        assertEquals(1.0, InlineExp.exp(0.0), 0.0);
        assertEquals(1.0, InlineExp.exp(-0.0), 0.0);
    }

    @Test
    void specialValuesAndTheRangeOutsideAreMathExps() {
        double[] xs = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 708, -708, 709.7, 709.8,
            710, -708.5, -720, -745.1, -745.2, -1e10, 1e10, Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double x : xs) {
            assertEquals(Double.doubleToLongBits(Math.exp(x)), Double.doubleToLongBits(InlineExp.exp(x)), "exp(" + x + ")");
        }
    }

    @Test
    void isIncreasingAcrossReductionIntervalBoundaries() {
        // where n = round(x / ln 2) steps, the two sides must still be in order
        for (int n = -1000; n <= 1000; n++) {
            double edge = (n + 0.5) * Math.log(2);
            double below = Math.nextDown(edge);
            double above = Math.nextUp(edge);
            if (Math.abs(above) < 708) {
                assertTrue(InlineExp.exp(below) <= InlineExp.exp(edge) && InlineExp.exp(edge) <= InlineExp.exp(above),
                        "around " + edge);
            }
        }
    }
}
