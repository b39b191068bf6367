package org.mdn4j.data;

import java.util.SplittableRandom;

/**
 * The seed's robot-arm inverse problem ({@code --data arm}): a two-link planar arm with link
 * lengths {@link #L1} = 0.8 and {@link #L2} = 0.2, the first joint at the origin. Its forward
 * kinematics put the end effector at
 *
 * <pre>  x1 = L1 cos θ1 + L2 cos(θ1 + θ2),   x2 = L1 sin θ1 + L2 sin(θ1 + θ2)</pre>
 *
 * where θ1 is the first link's angle from the x1 axis and θ2 the elbow angle of the second link
 * relative to the first. The inputs are the end-effector position (x1, x2), the targets the two
 * joint angles (θ1, θ2): the inverse problem, with two answers for most positions, "elbow up"
 * (θ2 &gt; 0) and "elbow down" (θ2 &lt; 0), whose average is neither.
 *
 * <p>Sampling, seeded and noise-free: θ1 ~ U(−π/2, π/2); |θ2| ~ U(ε, π − ε) with ε = {@link #EPSILON}
 * = 0.2 rad and the sign of θ2 drawn with probability ½ each, so both elbow solutions occur in
 * equal numbers and the band |θ2| &lt; ε, where the two solutions merge, is left out. The
 * reachable positions lie in the annulus |L1 − L2| = 0.6 ≤ |x| ≤ L1 + L2 = 1.0 (a little less of
 * it, because of ε), in the right half-plane and a little beyond. Neither target range reaches
 * the ±π seam where angles wrap, so the targets are ordinary real numbers for the mixture;
 * near the edges of the θ1 range the other elbow's solution falls outside the range, so those
 * positions have one answer only.
 */
public final class ArmData {

    /** The first link's length. */
    public static final double L1 = 0.8;
    /** The second link's length. */
    public static final double L2 = 0.2;
    /** The reach of the arm, L1 + L2. */
    public static final double REACH = L1 + L2;
    /** The band |θ2| &lt; EPSILON (radians) around the stretched arm is not sampled. */
    public static final double EPSILON = 0.2;
    /** The built-in name. */
    public static final String NAME = "arm";

    private ArmData() {
    }

    /** {@code n} samples with the given seed: inputs (x1, x2), targets (theta1, theta2). */
    public static Dataset generate(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("--n must be at least 1, got " + n);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] xs = new float[2 * n];
        float[] ts = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double theta1 = Math.PI * (rng.nextDouble() - 0.5);
            double magnitude = EPSILON + (Math.PI - 2 * EPSILON) * rng.nextDouble();
            double theta2 = rng.nextBoolean() ? magnitude : -magnitude;
            // The angles are stored as floats; the position is computed from the stored values so
            // that the forward kinematics of the targets reproduce the inputs to float rounding.
            float t1 = (float) theta1;
            float t2 = (float) theta2;
            ts[2 * i] = t1;
            ts[2 * i + 1] = t2;
            xs[2 * i] = (float) x1(t1, t2);
            xs[2 * i + 1] = (float) x2(t1, t2);
        }
        return new Dataset(NAME, xs, ts, new String[] {"x1", "x2"}, new String[] {"theta1", "theta2"});
    }

    /** The end effector's first coordinate for joint angles θ1, θ2. */
    public static double x1(double theta1, double theta2) {
        return L1 * Math.cos(theta1) + L2 * Math.cos(theta1 + theta2);
    }

    /** The end effector's second coordinate for joint angles θ1, θ2. */
    public static double x2(double theta1, double theta2) {
        return L1 * Math.sin(theta1) + L2 * Math.sin(theta1 + theta2);
    }
}
