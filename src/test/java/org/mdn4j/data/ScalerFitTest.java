package org.mdn4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Scaler#fit} and {@link Scaler#apply}: mean 0 and std 1 per column, constant columns centred. */
class ScalerFitTest {

    private static final long SEED = 0x5CA1_E002L;

    @Test
    void standardisedColumnsHaveMeanZeroAndStdOne() {
        SplittableRandom r = new SplittableRandom(SEED);
        int n = 1001;
        float[] x = new float[2 * n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) (1e6 + 3e3 * r.nextGaussian());
            x[2 * i + 1] = (float) (1e-4 * r.nextDouble());
            t[i] = (float) (-42 + 7 * r.nextGaussian());
        }
        Dataset d = new Dataset("d", x, t, new String[] {"a", "b"}, new String[] {"c"});
        List<String> notes = new ArrayList<>();
        Dataset s = Scaler.fit(d, notes::add).apply(d);
        assertTrue(notes.isEmpty(), notes.toString());
        for (int c = 0; c < 2; c++) {
            assertMoments(s.x(), 2, c);
        }
        assertMoments(s.t(), 1, 0);
    }

    private static void assertMoments(float[] v, int width, int c) {
        int n = v.length / width;
        double m = 0;
        double q = 0;
        for (int i = 0; i < n; i++) {
            m += v[i * width + c];
        }
        m /= n;
        for (int i = 0; i < n; i++) {
            q += (v[i * width + c] - m) * (v[i * width + c] - m);
        }
        assertEquals(0, m, 1e-5, "mean of column " + c);
        assertEquals(1, Math.sqrt(q / n), 1e-5, "std of column " + c);
    }

    @Test
    void aConstantColumnIsCentredWithStdOneAndANote() {
        Dataset d = new Dataset("f.csv", new float[] {3, 1, 3, 2, 3, 3}, new float[] {-2, -2, -2},
                new String[] {"k", "v"}, new String[] {"t"});
        List<String> notes = new ArrayList<>();
        Scaler sc = Scaler.fit(d, notes::add);
        assertEquals(List.of("f.csv: column 'k' is constant (3.0); it is centred but not scaled (std taken as 1)",
                "f.csv: column 't' is constant (-2.0); it is centred but not scaled (std taken as 1)"), notes);
        assertEquals(1f, sc.xStd()[0]);
        assertEquals(1f, sc.tStd()[0]);
        Dataset s = sc.apply(d);
        assertEquals(0f, s.x()[0]);
        assertEquals(0f, s.t()[2]);
        assertEquals(0.0, sc.logDensityShift());
    }
}
