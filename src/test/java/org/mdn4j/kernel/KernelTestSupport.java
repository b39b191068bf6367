package org.mdn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Shared helpers of the kernel tests: the two kernel families, the sizes every kernel is tried
 * at, feature-major buffers with poisoned padding, and tolerance-checked comparisons that name
 * the seed and sizes of the failing case.
 *
 * <p>Buffers are filled with NaN outside the region a kernel may read or write, so a kernel that
 * reads past {@code batch} (into a stride's padding) produces NaN, and one that writes past it
 * is caught by {@link #assertOutsideUnchanged}.
 */
public final class KernelTestSupport {

    /** The relative bound of the acceptance criteria. */
    public static final double REL_TOL = 1e-5;

    /** Batch sizes: 1, around SSE/AVX/AVX-512 lane counts and their multiples, and a long odd one. */
    public static final int[] BATCH_SIZES = {1, 3, 7, 8, 9, 13, 16, 17, 31, 33, 64, 100, 257};
    /** Input widths of the dense layers under test. */
    public static final int[] IN_DIMS = {1, 3, 8, 13, 64};
    /** Output widths of the dense layers under test: below, at and above the 4-row register block. */
    public static final int[] OUT_DIMS = {1, 4, 5, 9, 17, 64};

    private KernelTestSupport() {
    }

    /**
     * The Vector API kernels. Where they cannot run here and the build does not expect them
     * (property {@code mdn4j.expectKernels} is not {@code simd}), the calling test is skipped by
     * an assumption; where the build expects them, selecting them fails loudly.
     */
    public static Kernels simd() {
        String why = KernelSelector.simdUnavailableReason();
        assumeTrue(why == null || "simd".equals(System.getProperty("mdn4j.expectKernels")),
                () -> "SIMD kernels unavailable, and not expected by this build: " + why);
        return KernelSelector.select("simd");
    }

    public static Kernels scalar() {
        return KernelSelector.select("scalar");
    }

    /** A deterministic seed for one case, so every assertion message can name it. */
    public static long seed(Object... parts) {
        return 0x9E3779B97F4A7C15L ^ (31L * Arrays.deepHashCode(parts) + 0x632BE59BD9B4E019L);
    }

    /**
     * Where a feature-major buffer's rows start and how far apart they are: row {@code f} of
     * sample {@code n} is at {@code off + f * stride + n}.
     */
    public record Layout(int off, int stride) {

        /** Offset 0 and stride equal to the batch: the workspace layout. */
        public static Layout tight(int batch) {
            return new Layout(0, batch);
        }

        /** A nonzero offset and a stride larger than the batch; {@code salt} varies both. */
        public static Layout padded(int batch, int salt) {
            return new Layout(1 + 2 * salt, batch + 3 + 5 * salt);
        }

        /** The layout of a case's {@code variant}: 0 tight, any other padded with {@code salt}. */
        public static Layout of(int variant, int batch, int salt) {
            return variant == 0 ? tight(batch) : padded(batch, salt);
        }

        /** Buffer length for {@code rows} rows, with a few poisoned cells after the last one. */
        public int length(int rows, int batch) {
            return off + Math.max(0, rows - 1) * stride + batch + 5;
        }

        public int at(int row, int n) {
            return off + row * stride + n;
        }

        public boolean inRegion(int index, int rows, int batch) {
            int rel = index - off;
            return rel >= 0 && rel / stride < rows && rel % stride < batch;
        }

        @Override
        public String toString() {
            return "off=" + off + ",stride=" + stride;
        }
    }

    /** A buffer whose region (rows × batch) holds U(lo, hi) values and whose padding holds NaN. */
    public static float[] featureMajor(SplittableRandom rng, Layout lay, int rows, int batch, double lo, double hi) {
        float[] a = new float[lay.length(rows, batch)];
        Arrays.fill(a, Float.NaN);
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < batch; n++) {
                a[lay.at(r, n)] = uniform(rng, lo, hi);
            }
        }
        return a;
    }

    /** A buffer of {@code off + n + 3} cells: U(lo, hi) in {@code [off, off + n)}, NaN elsewhere. */
    public static float[] flat(SplittableRandom rng, int off, int n, double lo, double hi) {
        float[] a = new float[off + n + 3];
        Arrays.fill(a, Float.NaN);
        for (int i = 0; i < n; i++) {
            a[off + i] = uniform(rng, lo, hi);
        }
        return a;
    }

    public static float uniform(SplittableRandom rng, double lo, double hi) {
        return (float) (lo + (hi - lo) * rng.nextDouble());
    }

    /** Rows {@code [from, from + rows)} of sample {@code n}'s column of a feature-major buffer, in double. */
    public static double[] column(float[] a, Layout lay, int from, int rows, int n) {
        double[] v = new double[rows];
        for (int r = 0; r < rows; r++) {
            v[r] = a[lay.at(from + r, n)];
        }
        return v;
    }

    /** The largest of {@code v} (−∞ for none). */
    public static double max(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        return max;
    }

    /** {@code Σ exp(v_i − max)}: a softmax's normaliser with the max taken out. */
    public static double sumExp(double[] v, double max) {
        double sum = 0;
        for (double x : v) {
            sum += Math.exp(x - max);
        }
        return sum;
    }

    /** {@code log Σ exp v_i}, max-subtracted, in double: the reference log-sum-exp of the mixture tests. */
    public static double logSumExp(double[] v) {
        double max = max(v);
        return max + Math.log(sumExp(v, max));
    }

    /** {@code exp(v_i − lse)}: the responsibilities γ of log joints {@code v} whose log-sum-exp is {@code lse}. */
    public static double[] responsibilities(double[] v, double lse) {
        double[] gamma = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            gamma[i] = Math.exp(v[i] - lse);
        }
        return gamma;
    }

    /** Asserts that every cell outside the region is bit-for-bit what it was before the call. */
    public static void assertOutsideUnchanged(String what, float[] before, float[] after, Layout lay, int rows,
                                              int batch, Supplier<String> ctx) {
        assertEquals(before.length, after.length);
        for (int i = 0; i < before.length; i++) {
            if (!lay.inRegion(i, rows, batch)
                    && Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(after[i])) {
                fail(what + ": cell " + i + " outside the " + rows + "x" + batch + " region (" + lay
                        + ") was written: " + before[i] + " -> " + after[i] + " [" + ctx.get() + "]");
            }
        }
    }

    /** Asserts that cells outside {@code [off, off + n)} are bit-for-bit unchanged. */
    public static void assertOutsideUnchanged(String what, float[] before, float[] after, int off, int n,
                                              Supplier<String> ctx) {
        assertOutsideUnchanged(what, before, after, new Layout(off, Math.max(n, 1)), 1, n, ctx);
    }

    /** Asserts the whole array is bit-for-bit unchanged (an input a kernel must not write). */
    public static void assertUnchanged(String what, float[] before, float[] after, Supplier<String> ctx) {
        if (!Arrays.equals(before, after)) {
            for (int i = 0; i < before.length; i++) {
                if (Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(after[i])) {
                    fail(what + " was modified at " + i + ": " + before[i] + " -> " + after[i]
                            + " [" + ctx.get() + "]");
                }
            }
        }
    }

    /**
     * Asserts {@code |actual − expected| ≤ tol}. A NaN or infinite {@code actual} fails unless it
     * equals {@code expected} exactly.
     */
    public static void assertClose(double expected, double actual, double tol, Supplier<String> ctx) {
        if (Double.compare(expected, actual) == 0) {
            return;
        }
        double err = Math.abs(actual - expected);
        if (!(err <= tol)) {
            fail("expected " + expected + " but was " + actual + " (|diff| " + err + " > tol " + tol + ") ["
                    + ctx.get() + "]");
        }
    }

    /** The tolerance {@code REL_TOL · scale}, where scale is the sum of absolute terms of the value. */
    public static double tol(double scale) {
        return REL_TOL * scale;
    }

    /**
     * Records the largest observed {@code |a − b| / scale} per quantity, so that a test class can
     * print how close to its bound it ran.
     */
    public static final class ErrorStats {
        private final Map<String, Double> max = new TreeMap<>();

        public synchronized void record(String quantity, double expected, double actual, double scale) {
            if (scale > 0 && Double.isFinite(expected) && Double.isFinite(actual)) {
                max.merge(quantity, Math.abs(actual - expected) / scale, Math::max);
            }
        }

        /**
         * Records, then asserts {@code |actual − expected| ≤ REL_TOL · scale}; {@code scale} is
         * the magnitude the float error is proportional to (the sum of absolute terms for a sum).
         */
        public void check(String quantity, double expected, double actual, double scale, Supplier<String> ctx) {
            record(quantity, expected, actual, scale);
            assertClose(expected, actual, tol(scale), () -> quantity + " " + ctx.get());
        }

        public synchronized String report(String title) {
            StringBuilder sb = new StringBuilder(title).append(": max |simd - scalar| / error scale");
            max.forEach((k, v) -> sb.append(String.format("%n  %-34s %.3e", k, v)));
            return sb.toString();
        }
    }
}
