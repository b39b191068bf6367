package org.mdn4j.plot;

/**
 * An axis range [lo, hi] fitted to the values a figure shows: their extent, widened where curves
 * reach further (within a bound, so one wide σ band does not flatten the figure), padded by a
 * fraction of its span, and snapped outwards to round numbers. The charts and the density map
 * take their ranges from here, so every figure of one model frames its data alike.
 */
record AxisRange(double lo, double hi) {

    /** The extent of {@code values} (empty: [+∞, −∞], which {@link #padded} turns into [−0.5, 0.5]). */
    static AxisRange of(float[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new AxisRange(lo, hi);
    }

    double span() {
        return hi - lo;
    }

    /** Widened to hold every finite value of {@code values}, but never beyond {@code bound}. */
    AxisRange including(double[] values, AxisRange bound) {
        double l = lo;
        double h = hi;
        for (double v : values) {
            if (Double.isFinite(v)) {
                l = Math.min(l, Math.max(v, bound.lo));
                h = Math.max(h, Math.min(v, bound.hi));
            }
        }
        return new AxisRange(l, h);
    }

    /** {@code fraction} of the span added each side; a range of one value (or none) gets ±0.5 around it. */
    AxisRange padded(double fraction) {
        if (!(hi > lo)) {
            double centre = hi == lo ? lo : 0;
            return new AxisRange(centre - 0.5, centre + 0.5);
        }
        double pad = fraction * span();
        return new AxisRange(lo - pad, hi + pad);
    }

    /** Widened outwards to multiples of half the tick step, so the axis's ticks fall on round numbers. */
    AxisRange snapped() {
        double step = tickStep(span()) / 2;
        return new AxisRange(Math.floor(lo / step) * step, Math.ceil(hi / step) * step);
    }

    /** Round tick values (steps of 1, 2 or 5 times a power of ten), about six over the range. */
    double[] ticks() {
        double step = tickStep(span());
        double first = Math.ceil(lo / step) * step;
        int n = (int) Math.floor((hi - first) / step) + 1;
        double[] t = new double[Math.max(0, n)];
        for (int i = 0; i < t.length; i++) {
            t[i] = first + i * step;
        }
        return t;
    }

    /** The round step (1, 2 or 5 times a power of ten) that puts about six ticks over {@code span}. */
    private static double tickStep(double span) {
        double raw = span / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        return raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
    }
}
