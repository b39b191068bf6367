package org.mdn4j.data;

/**
 * Per-column standardisation stored with a model: the network sees {@code x' = (x − xMean) / xStd}
 * and predicts {@code t'}, which maps back as {@code t = tMean + tStd · t'}. Densities over t are
 * densities over t' divided by the Jacobian {@code Π tStd}, see {@link #logDensityShift()}.
 */
public record Scaler(float[] xMean, float[] xStd, float[] tMean, float[] tStd) {

    public Scaler {
        xMean = xMean.clone();
        xStd = xStd.clone();
        tMean = tMean.clone();
        tStd = tStd.clone();
        if (xMean.length != xStd.length || tMean.length != tStd.length || xMean.length == 0 || tMean.length == 0) {
            throw new IllegalArgumentException("scaler sizes do not match: x " + xMean.length + "/" + xStd.length
                    + ", t " + tMean.length + "/" + tStd.length);
        }
        checkColumns("x", xMean, xStd);
        checkColumns("t", tMean, tStd);
    }

    private static void checkColumns(String what, float[] mean, float[] std) {
        for (int i = 0; i < mean.length; i++) {
            if (!Float.isFinite(mean[i])) {
                throw new IllegalArgumentException(what + "_mean[" + i + "] is not finite");
            }
            if (!(std[i] > 0f) || !Float.isFinite(std[i])) {
                throw new IllegalArgumentException(what + "_std[" + i + "] must be positive and finite, got " + std[i]);
            }
        }
    }

    public int inputs() {
        return xMean.length;
    }

    public int targets() {
        return tMean.length;
    }

    /** {@code −Σ log tStd}: add to a log-density over standardised targets to get one over raw targets. */
    public double logDensityShift() {
        double s = 0;
        for (float v : tStd) {
            s -= Math.log(v);
        }
        return s;
    }

    @Override
    public float[] xMean() {
        return xMean.clone();
    }

    @Override
    public float[] xStd() {
        return xStd.clone();
    }

    @Override
    public float[] tMean() {
        return tMean.clone();
    }

    @Override
    public float[] tStd() {
        return tStd.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler s && java.util.Arrays.equals(s.xMean, xMean) && java.util.Arrays.equals(s.xStd, xStd)
                && java.util.Arrays.equals(s.tMean, tMean) && java.util.Arrays.equals(s.tStd, tStd);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(xMean) * 31 + java.util.Arrays.hashCode(tMean);
    }
}
