package org.mdn4j.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The figures' axis ranges: extent, bounded widening, padding (also of a single value), snapping and ticks. */
class AxisRangeTest {

    @Test
    void paddedExtentAndTheDegenerateCases() {
        AxisRange r = AxisRange.of(new float[] {0.5f, -1f, 3f});
        assertEquals(new AxisRange(-1, 3), r);
        assertEquals(new AxisRange(-1.4, 3.4), r.padded(0.1));
        assertEquals(new AxisRange(1.5, 2.5), AxisRange.of(new float[] {2f, 2f}).padded(0.1), "one value: ±0.5");
        assertEquals(new AxisRange(-0.5, 0.5), AxisRange.of(new float[0]).padded(0.1), "no values: around 0");
    }

    @Test
    void includingStopsAtTheBoundAndSkipsNonFiniteValues() {
        AxisRange data = new AxisRange(0, 1);
        AxisRange bound = new AxisRange(-1, 2);
        assertEquals(new AxisRange(-0.25, 1.5),
                data.including(new double[] {-0.25, 1.5, Double.NaN}, bound));
        assertEquals(new AxisRange(-1, 2), data.including(new double[] {-50, Double.POSITIVE_INFINITY, 70}, bound));
        assertEquals(data, data.including(new double[] {0.5}, bound), "values inside change nothing");
    }

    @Test
    void snappedToHalfATickStepAndTicksOnRoundNumbers() {
        // span 1.06: ticks every 0.2, so the ends snap outwards to multiples of 0.1
        AxisRange r = new AxisRange(-0.03, 1.03).snapped();
        assertEquals(-0.1, r.lo(), 1e-12);
        assertEquals(1.1, r.hi(), 1e-12);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}, r.ticks(), 1e-12);
        assertArrayEquals(new double[] {-20, -10, 0, 10, 20, 30}, new AxisRange(-23, 31).ticks(), 1e-12);
    }
}
