package org.mdn4j.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mdn4j.kernel.ScalarBackend;

class ScalingThroughputTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3, ScalingThroughput.median(new double[] {5, 1, 3}));
        assertEquals(2.5, ScalingThroughput.median(new double[] {4, 1, 3, 2}));
        assertEquals(7, ScalingThroughput.median(new double[] {7}));
    }

    @Test
    void aSlowRoundCancelsFromThePairedMeasureButNotFromTheRange() {
        // three sizes, four rounds; round 2 is a slow phase of the machine (everything at half
        // speed), and size 1000 is truly 10% faster than the others in every round
        int[] sizes = {1000, 10000, 100000};
        double[][] rates = {
                {110, 110, 55, 110},
                {100, 100, 50, 100},
                {100, 100, 50, 100},
        };
        List<ScalingThroughput.Size> r = ScalingThroughput.summarise(sizes, rates);
        assertEquals(3, r.size());
        assertEquals(1000, r.get(0).n());
        assertEquals(110, r.get(0).samplesPerSecond(), 1e-9);
        assertEquals(55, r.get(0).lowest(), 1e-9);
        assertEquals(110, r.get(0).highest(), 1e-9);
        assertEquals(1.1, r.get(0).vsRound(), 1e-12);
        assertEquals(1.0, r.get(1).vsRound(), 1e-12);
        assertEquals(1.0, r.get(2).vsRound(), 1e-12);
        assertEquals(4, r.get(2).turns());
    }

    @Test
    void aSizeSlowInMostRoundsReadsSlowPaired() {
        // size 2 is 10% slow in the fast rounds and level in the slow one: its paired median says 10%
        double[][] rates = {
                {100, 40, 100},
                {90, 50, 90},
                {100, 50, 100},
        };
        List<ScalingThroughput.Size> r = ScalingThroughput.summarise(new int[] {1, 2, 3}, rates);
        assertEquals(0.9, r.get(1).vsRound(), 1e-12);
        assertEquals(90, r.get(1).samplesPerSecond(), 1e-9);
    }

    @Test
    void measuresEverySizeInTurns() {
        List<ScalingThroughput.Size> r = ScalingThroughput.measure(new int[] {40, 300}, 32, 1, ScalarBackend.INSTANCE,
                0.01, 2);
        assertEquals(2, r.size());
        for (ScalingThroughput.Size s : r) {
            assertEquals(2, s.turns());
            assertTrue(s.lowest() > 0 && s.lowest() <= s.samplesPerSecond() && s.samplesPerSecond() <= s.highest(),
                    s.toString());
            assertTrue(Double.isFinite(s.vsRound()) && s.vsRound() > 0, s.toString());
        }
        assertEquals(300, r.get(1).n());
    }

    @Test
    void refusesEmptyOrNonPositiveSettings() {
        assertThrows(IllegalArgumentException.class,
                () -> ScalingThroughput.measure(new int[0], 32, 1, ScalarBackend.INSTANCE, 0.01, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ScalingThroughput.measure(new int[] {10}, 32, 1, ScalarBackend.INSTANCE, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ScalingThroughput.measure(new int[] {10}, 32, 1, ScalarBackend.INSTANCE, 0.01, 0));
    }
}
