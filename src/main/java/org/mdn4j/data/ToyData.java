package org.mdn4j.data;

import java.util.SplittableRandom;

/**
 * The seed's toy problem: x ~ U(0, 1), t = x + 0.3·sin(2πx) + U(−0.1, 0.1). {@code toy} maps
 * x → t (a function: the L2 fit works); {@code toy-inverse} maps t → x (three branches over part
 * of the range: the L2 fit fails and an MDN is needed).
 */
public final class ToyData {

    private ToyData() {
    }

    /** The names the CLI accepts for the built-in data: {@code toy}, {@code toy-inverse}, {@code arm}. */
    public static boolean isBuiltIn(String name) {
        return "toy".equals(name) || "toy-inverse".equals(name) || ArmData.NAME.equals(name);
    }

    /**
     * Generates {@code n} samples with the given seed; {@code inverse} swaps inputs and targets.
     */
    public static Dataset generate(int n, long seed, boolean inverse) {
        if (n < 1) {
            throw new IllegalArgumentException("--n must be at least 1, got " + n);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] xs = new float[n];
        float[] ts = new float[n];
        for (int i = 0; i < n; i++) {
            double x = rng.nextDouble();
            xs[i] = (float) x;
            ts[i] = (float) (x + 0.3 * Math.sin(2 * Math.PI * x) + (0.2 * rng.nextDouble() - 0.1));
        }
        return inverse
                ? new Dataset("toy-inverse", ts, xs, new String[] {"t"}, new String[] {"x"})
                : new Dataset("toy", xs, ts, new String[] {"x"}, new String[] {"t"});
    }

    /** {@code toy}, {@code toy-inverse} or {@code arm} (the two-link arm, {@link ArmData}). */
    public static Dataset named(String name, int n, long seed) {
        return switch (name) {
            case "toy" -> generate(n, seed, false);
            case "toy-inverse" -> generate(n, seed, true);
            case ArmData.NAME -> ArmData.generate(n, seed);
            default -> throw new IllegalArgumentException("unknown built-in data set '" + name + "'");
        };
    }
}
