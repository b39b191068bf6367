package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The per-epoch shuffle is a permutation, a pure function of (seed, epoch), and roughly uniform. */
class EpochShuffleTest {

    @Test
    void permutationDependsOnSeedAndEpochOnly() {
        int n = 257;
        int[] a = new int[n];
        int[] b = new int[n];
        EpochShuffle.permutation(a, n, 19, 5);
        Arrays.fill(b, -1);
        EpochShuffle.permutation(b, n, 19, 5);
        assertArrayEquals(a, b, "same seed and epoch, whatever the buffer held before");
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertTrue(sorted[i] == i, "a permutation of 0..n-1");
        }
        EpochShuffle.permutation(b, n, 19, 6);
        assertFalse(Arrays.equals(a, b), "another epoch, another order");
        EpochShuffle.permutation(b, n, 20, 5);
        assertFalse(Arrays.equals(a, b), "another seed, another order");
    }

    @Test
    void everyPositionIsRoughlyUniform() {
        // 4 items, 24000 epochs: each item lands in each position about 6000 times; a biased
        // bounded draw (or an off-by-one in Fisher–Yates) misses by far more than 5%.
        int n = 4;
        int epochs = 24_000;
        int[][] counts = new int[n][n];
        int[] order = new int[n];
        for (int e = 1; e <= epochs; e++) {
            EpochShuffle.permutation(order, n, 3, e);
            for (int pos = 0; pos < n; pos++) {
                counts[order[pos]][pos]++;
            }
        }
        for (int[] row : counts) {
            for (int c : row) {
                assertTrue(Math.abs(c - epochs / n) < epochs / n / 20, "counts " + Arrays.deepToString(counts));
            }
        }
    }
}
