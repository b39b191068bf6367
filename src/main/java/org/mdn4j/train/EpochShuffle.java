package org.mdn4j.train;

/**
 * The minibatch order of one epoch, a pure function of the seed and the epoch number.
 *
 * <p>Each epoch starts again from the identity permutation and runs a Fisher–Yates shuffle driven
 * by SplitMix64 started at a hash of {@code (seed, epoch)}. Nothing carries over from one epoch
 * to the next, so a checkpoint needs neither a generator state nor the index permutation to
 * continue bitwise-identically; and because the generator is a local {@code long}, shuffling
 * allocates nothing (a {@code new SplittableRandom} per epoch would).
 */
public final class EpochShuffle {

    /** Keeps the shuffle's draws apart from the data generator's and the initialisation's. */
    static final long STREAM = 0x5DEECE66DL;

    /** SplitMix64's increment (the golden ratio in 64 bits). */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private EpochShuffle() {
    }

    /** Fills {@code order[0 .. n)} with the permutation of 1-based {@code epoch} under {@code seed}. */
    public static void permutation(int[] order, int n, long seed, long epoch) {
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long state = mix(mix(seed ^ STREAM) + epoch * GAMMA);
        for (int i = n - 1; i > 0; i--) {
            // Lemire's multiply-shift: an unbiased draw in [0, bound) from 32 random bits,
            // redrawing only in the rare low band that would favour small values.
            long bound = i + 1;
            state += GAMMA;
            long product = (mix(state) >>> 32) * bound;
            if ((product & 0xFFFFFFFFL) < bound) {
                long threshold = (0x1_0000_0000L - bound) % bound;
                while ((product & 0xFFFFFFFFL) < threshold) {
                    state += GAMMA;
                    product = (mix(state) >>> 32) * bound;
                }
            }
            int j = (int) (product >>> 32);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** SplitMix64's finaliser (Stafford's variant 13). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
