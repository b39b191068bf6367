package org.mdn4j.data;

import java.util.Locale;
import java.util.function.Consumer;

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

    /**
     * Fits a scaler to a data set: every input and target column's mean and population standard
     * deviation, computed in double and stored as floats. A constant column would divide by zero;
     * it gets std 1 (its values just shift to 0) and {@code notes} is told, once per such column.
     */
    public static Scaler fit(Dataset data, Consumer<String> notes) {
        float[][] x = columnMoments(data.x(), data.inputs(), data.inputNames(), data.name(), notes);
        float[][] t = columnMoments(data.t(), data.targets(), data.targetNames(), data.name(), notes);
        return new Scaler(x[0], x[1], t[0], t[1]);
    }

    /** Means and stds of the {@code width} columns of row-major {@code v}: {@code {mean, std}}. */
    private static float[][] columnMoments(float[] v, int width, String[] names, String where, Consumer<String> notes) {
        float[] mean = new float[width];
        float[] std = new float[width];
        for (int c = 0; c < width; c++) {
            double[] mv = meanAndVariance(v, width, c);
            float s = (float) Math.sqrt(mv[1]);
            mean[c] = (float) mv[0];
            if (!(s > 0f)) {
                notes.accept(String.format(Locale.ROOT, "%s: column '%s' is constant (%s); it is centred but not "
                        + "scaled (std taken as 1)", where, names[c], Float.toString(v[c])));
                s = 1f;
            }
            std[c] = s;
        }
        return new float[][] {mean, std};
    }

    /**
     * Column {@code c} of the row-major {@code v} ({@code width} columns): {@code {mean, population
     * variance}} in double, in two passes, so subtracting the mean first keeps the variance of
     * shifted data (values far from 0) accurate.
     */
    public static double[] meanAndVariance(float[] v, int width, int c) {
        int rows = v.length / width;
        double m = 0;
        for (int i = 0; i < rows; i++) {
            m += v[i * width + c];
        }
        m /= rows;
        double var = 0;
        for (int i = 0; i < rows; i++) {
            double z = v[i * width + c] - m;
            var += z * z;
        }
        return new double[] {m, var / rows};
    }

    /**
     * The one rounding rule of standardisation, {@code (v − mean) / std} in double rounded to a
     * float, used for training data, prediction inputs and scored targets alike, so a model sees
     * bit for bit the same inputs at prediction as in training.
     */
    public static float standardize(float v, float mean, float std) {
        return (float) ((v - (double) mean) / std);
    }

    /** Input column {@code c}'s value in the network's units. */
    public float input(int c, float v) {
        return standardize(v, xMean[c], xStd[c]);
    }

    /**
     * Standardises a feature-major block in place: input column c's {@code count} values start at
     * {@code off + c·stride} (a workspace's input rows).
     */
    public void inputsInPlace(float[] a, int off, int stride, int count) {
        for (int c = 0; c < xMean.length; c++) {
            float m = xMean[c];
            float s = xStd[c];
            int row = off + c * stride;
            for (int i = row; i < row + count; i++) {
                a[i] = standardize(a[i], m, s);
            }
        }
    }

    /** Target column {@code d}'s value in the network's units. */
    public float standardizeTarget(int d, float v) {
        return standardize(v, tMean[d], tStd[d]);
    }

    /** Row-major targets ({@link #targets} columns) in the network's units, as a new array. */
    public float[] standardizeTargets(float[] t) {
        int l = tMean.length;
        float[] r = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            r[i] = standardizeTarget(i % l, t[i]);
        }
        return r;
    }

    /** A copy of {@code data} with its inputs and targets in the network's units (same name and columns). */
    public Dataset apply(Dataset data) {
        if (data.inputs() != inputs() || data.targets() != targets()) {
            throw new IllegalArgumentException("the scaler is for " + inputs() + " inputs and " + targets()
                    + " targets; the data have " + data.inputs() + " and " + data.targets());
        }
        float[] x = data.x().clone();
        int d = inputs();
        for (int i = 0; i < x.length; i++) {
            x[i] = input(i % d, x[i]);
        }
        return new Dataset(data.name(), x, standardizeTargets(data.t()), data.inputNames(), data.targetNames());
    }

    /** Target {@code d} back in the data's units: {@code tMean + tStd · v} (a mean, mode, quantile or sample). */
    public double target(int d, double v) {
        return tMean[d] + (double) tStd[d] * v;
    }

    /** Target {@code d}'s std: what a spread (σ) in the network's units is multiplied by. */
    public double targetStd(int d) {
        return tStd[d];
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
