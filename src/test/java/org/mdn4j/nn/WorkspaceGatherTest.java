package org.mdn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Workspace#gather} and {@link Workspace#gatherRange} against the definition, element by
 * element: row-major rows in, feature-major columns out at an offset and a stride wider than the
 * batch, for one feature and for widths that are not powers of two. Every slot the copy must not
 * touch (before the offset, between columns, past the batch) keeps its sentinel.
 */
class WorkspaceGatherTest {

    private static final float UNTOUCHED = -12345f;

    @ParameterizedTest
    @CsvSource({"1, 1, 0", "1, 37, 5", "2, 64, 16", "3, 100, 7", "7, 13, 1", "1, 1000, 24"})
    void gatherCopiesTheChosenRowsFeatureMajor(int width, int count, int dstOff) {
        SplittableRandom random = new SplittableRandom(41L * width + count);
        int rowsInSource = 2 * count + 3;
        float[] src = values(rowsInSource * width, random);
        int[] rows = new int[count + 9];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random.nextInt(rowsInSource);
        }
        int from = 4;
        int stride = count + 11;
        float[] expected = sentinels(dstOff + width * stride);
        for (int n = 0; n < count; n++) {
            for (int f = 0; f < width; f++) {
                expected[dstOff + f * stride + n] = src[rows[from + n] * width + f];
            }
        }
        float[] dst = sentinels(expected.length);
        Workspace.gather(src, width, rows, from, count, dst, dstOff, stride);
        assertArrayEquals(expected, dst);
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 0, 0", "1, 37, 5, 3", "2, 64, 16, 10", "3, 100, 7, 1", "7, 13, 1, 20"})
    void gatherRangeCopiesConsecutiveRowsFeatureMajor(int width, int count, int dstOff, int first) {
        SplittableRandom random = new SplittableRandom(43L * width + count);
        float[] src = values((first + count + 2) * width, random);
        int stride = count + 5;
        float[] expected = sentinels(dstOff + width * stride);
        for (int n = 0; n < count; n++) {
            for (int f = 0; f < width; f++) {
                expected[dstOff + f * stride + n] = src[(first + n) * width + f];
            }
        }
        float[] dst = sentinels(expected.length);
        Workspace.gatherRange(src, width, first, count, dst, dstOff, stride);
        assertArrayEquals(expected, dst);
    }

    private static float[] values(int length, SplittableRandom random) {
        float[] a = new float[length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble(-10, 10);
        }
        return a;
    }

    private static float[] sentinels(int length) {
        float[] a = new float[length];
        Arrays.fill(a, UNTOUCHED);
        return a;
    }
}
