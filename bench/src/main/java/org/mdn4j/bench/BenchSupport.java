package org.mdn4j.bench;

import java.util.SplittableRandom;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;

/** Shared set-up: the kernels by name and seeded random buffers. */
final class BenchSupport {

    private BenchSupport() {
    }

    static Kernels kernels(String name) {
        return KernelSelector.select(name);
    }

    /** A buffer of uniform values in [−1, 1), the same for a given seed. */
    static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }
}
