package org.mdn4j.nn;

/**
 * An independent double-precision evaluation of a network's mean loss straight from the flat
 * parameter vector (offsets from {@link ParameterLayout}): dense layers, then the mixture NLL for
 * an MDN (isotropic and diagonal: σ = exp(max(a, log floor)); full: the precision's Cholesky factor
 * U built as a dense matrix, U_ii = exp(min(b_i, −log floor)), and ‖U(t − μ)‖² by a plain
 * matrix-vector product), or PyTorch's {@code MSELoss} (mean over batch and target dimensions)
 * for an MLP. Samples are rows: {@code x[n][i]}, {@code t[n][d]}. Shares no code with the kernels.
 */
final class DoubleReference {

    private final ModelSpec spec;
    private final ParameterLayout layout;

    DoubleReference(ModelSpec spec) {
        this.spec = spec;
        this.layout = new ParameterLayout(spec);
    }

    /** The mean loss over the batch. */
    double loss(double[] p, double[][] x, double[][] t) {
        double sum = 0;
        for (int n = 0; n < x.length; n++) {
            double[] out = forward(p, x[n], null);
            sum += spec.type() == ModelType.MDN ? mixtureNll(out, t[n]) : squaredError(out, t[n]);
        }
        return spec.type() == ModelType.MDN ? sum / x.length : sum / (x.length * (double) spec.targets());
    }

    /**
     * The smallest distance of any kink from where the function is evaluated: |pre-activation|
     * over ReLU layers and |raw log σ − log floor| over the head, across the batch. Central
     * differences are valid only where this is much larger than the step's effect.
     */
    double kinkDistance(double[] p, double[][] x) {
        double[] min = {Double.POSITIVE_INFINITY};
        for (double[] xn : x) {
            double[] out = forward(p, xn, min);
            if (spec.type() == ModelType.MDN) {
                for (int row : boundedRows()) {
                    min[0] = Math.min(min[0], Math.abs(out[row] - bound()));
                }
            }
        }
        return min[0];
    }

    /** How many (sample, row) log σ (or U log-diagonal) values are clamped at their bound, and how many there are. */
    int[] clampedSigmas(double[] p, double[][] x) {
        int[] rows = boundedRows();
        int clamped = 0;
        for (double[] xn : x) {
            double[] out = forward(p, xn, null);
            for (int row : rows) {
                boolean beyond = spec.head() == Head.FULL ? out[row] > bound() : out[row] < bound();
                if (beyond) {
                    clamped++;
                }
            }
        }
        return new int[] {clamped, x.length * rows.length};
    }

    private double logFloor() {
        return spec.logSigmaFloor();
    }

    /** The head's clamp: the log σ floor, or for the full head the cap −log floor on U's log-diagonal. */
    private double bound() {
        return spec.head() == Head.FULL ? -logFloor() : logFloor();
    }

    /** The head rows that are clamped at {@link #bound()}: every log σ, or the log-diagonal of every U. */
    private int[] boundedRows() {
        int k = spec.components();
        int l = spec.targets();
        int s = spec.scaleWidth();
        int perComponent = spec.head() == Head.FULL ? l : s;
        int[] rows = new int[k * perComponent];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < perComponent; i++) {
                rows[c * perComponent + i] = k + k * l + c * s + i;
            }
        }
        return rows;
    }

    /** One sample through every layer; {@code reluMin[0]} (if given) tracks min |pre-activation| of ReLU layers. */
    double[] forward(double[] p, double[] x, double[] reluMin) {
        double[] a = x;
        for (int layer = 0; layer < spec.layerCount(); layer++) {
            int in = spec.layerIn(layer);
            int out = spec.layerOut(layer);
            int w = layout.weightOffset(layer);
            int b = layout.biasOffset(layer);
            String act = spec.layerActivation(layer).label();
            double[] next = new double[out];
            for (int j = 0; j < out; j++) {
                double z = p[b + j];
                for (int i = 0; i < in; i++) {
                    z += p[w + j * in + i] * a[i];
                }
                if (reluMin != null && act.equals("relu")) {
                    reluMin[0] = Math.min(reluMin[0], Math.abs(z));
                }
                next[j] = activate(act, z);
            }
            a = next;
        }
        return a;
    }

    private static double activate(String act, double z) {
        return switch (act) {
            case "identity" -> z;
            case "relu" -> Math.max(z, 0);
            case "sigmoid" -> 1 / (1 + Math.exp(-z));
            case "softplus" -> Math.log(1 + Math.exp(z));
            case "tanh" -> Math.tanh(z);
            default -> throw new IllegalArgumentException(act);
        };
    }

    /** −log Σ_c π_c Π_d N(t_d | μ_cd, σ_c²) with π = softmax(logits), σ_c = exp(max(a_c, log floor)). */
    private double mixtureNll(double[] head, double[] t) {
        int k = spec.components();
        int l = spec.targets();
        double maxLogit = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            maxLogit = Math.max(maxLogit, head[c]);
        }
        double z = 0;
        for (int c = 0; c < k; c++) {
            z += Math.exp(head[c] - maxLogit);
        }
        double[] logJoint = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double logPdf = switch (spec.head()) {
                case ISOTROPIC, DIAGONAL -> diagonalLogPdf(head, c, t);
                case FULL -> fullLogPdf(head, c, t);
            };
            logJoint[c] = (head[c] - maxLogit) - Math.log(z) + logPdf;
            max = Math.max(max, logJoint[c]);
        }
        double sum = 0;
        for (double j : logJoint) {
            sum += Math.exp(j - max);
        }
        return -(max + Math.log(sum));
    }

    /** Σ_d log N(t_d | μ_cd, σ_cd²), σ_cd the component's one σ (isotropic) or its own (diagonal). */
    private double diagonalLogPdf(double[] head, int c, double[] t) {
        int k = spec.components();
        int l = spec.targets();
        double logPdf = 0;
        for (int d = 0; d < l; d++) {
            int row = k + k * l + (spec.head() == Head.ISOTROPIC ? c : c * l + d);
            double sigma = Math.exp(Math.max(head[row], logFloor()));
            double e = (t[d] - head[k + c * l + d]) / sigma;
            logPdf += -0.5 * e * e - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
        }
        return logPdf;
    }

    /** log N(t | μ_c, (UᵀU)⁻¹) = log det U − ½‖U(t − μ_c)‖² − (L/2)·log 2π, with U as a dense matrix. */
    private double fullLogPdf(double[] head, int c, double[] t) {
        int k = spec.components();
        int l = spec.targets();
        int base = k + k * l + c * spec.scaleWidth();
        double[][] u = new double[l][l];
        double logDet = 0;
        int next = base + l;
        for (int i = 0; i < l; i++) {
            double b = Math.min(head[base + i], -logFloor());
            u[i][i] = Math.exp(b);
            logDet += b;
            for (int j = i + 1; j < l; j++) {
                u[i][j] = head[next++];
            }
        }
        double q = 0;
        for (int i = 0; i < l; i++) {
            double r = 0;
            for (int j = 0; j < l; j++) {
                r += u[i][j] * (t[j] - head[k + c * l + j]);
            }
            q += r * r;
        }
        return logDet - 0.5 * q - 0.5 * l * Math.log(2 * Math.PI);
    }

    private static double squaredError(double[] y, double[] t) {
        double s = 0;
        for (int d = 0; d < y.length; d++) {
            s += (y[d] - t[d]) * (y[d] - t[d]);
        }
        return s;
    }
}
