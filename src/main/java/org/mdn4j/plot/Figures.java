package org.mdn4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.AxesChartStyler.TextAlignment;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mdn4j.data.Dataset;
import org.mdn4j.io.AtomicFiles;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.mixture.ExactMode;
import org.mdn4j.mixture.GaussianMixture;
import org.mdn4j.mixture.IsotropicMixture;
import org.mdn4j.mixture.Predictor;
import org.mdn4j.mixture.TargetUnits;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ModelType;

/**
 * The seed's figures as PNG files, for a model with one input and one target: the data, the
 * mixing coefficients π_k(x), the component means μ_k(x) with ±σ_k(x) bands, the approximate and
 * exact conditional modes, and the conditional density p(t|x) as a heat map (an MDN); the data and
 * the fitted curve (an MLP); and the L2 fits of the forward and inverse problems side by side.
 *
 * <p>Charts are drawn with XChart (Java2D), the heat map by {@link DensityImage}; both work with
 * {@code java.awt.headless=true}, which callers should set before this class is used.
 */
public final class Figures {

    public static final String DATA = "data.png";
    public static final String MIXING = "mixing-coefficients.png";
    public static final String MEANS = "component-means.png";
    public static final String MODES = "modes.png";
    public static final String DENSITY = "density.png";
    public static final String FIT = "fit.png";
    public static final String L2_FITS = "l2-fits.png";

    /** Height of the data's row of dots under the mixing coefficients (below π = 0). */
    private static final double RUG = -0.03;

    /** Points of the input grid the curves are drawn on. */
    static final int GRID = 400;
    static final int WIDTH = 800;
    static final int HEIGHT = 600;

    private static final Color DATA_COLOR = new Color(0x2CA02C);
    private static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0xD62728),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0xBCBD22),
        new Color(0x17BECF)};

    private Figures() {
    }

    /** The file names {@link #plot} writes for a model of this type, in order. */
    public static List<String> names(ModelType type) {
        return type == ModelType.MDN ? List.of(DATA, MIXING, MEANS, MODES, DENSITY) : List.of(DATA, FIT);
    }

    /**
     * Checks that the model can be drawn in one dimension over this data: one input, one target,
     * and the data's columns the model's. Throws {@link IllegalArgumentException} naming what differs.
     */
    public static void check(Model model, Dataset data, String modelName) {
        ModelSpec s = model.spec();
        if (s.inputs() != 1 || s.targets() != 1) {
            throw new IllegalArgumentException("the plots are one-dimensional: " + modelName + " has " + s.inputs()
                    + " inputs and " + s.targets() + " targets, not 1 and 1");
        }
        if (!Arrays.equals(data.inputNames(), model.inputNames()) || !Arrays.equals(data.targetNames(), model.targetNames())) {
            throw new IllegalArgumentException("data " + data.name() + " (" + data.inputNames()[0] + " -> "
                    + data.targetNames()[0] + ") does not match " + modelName + " (" + model.inputNames()[0] + " -> "
                    + model.targetNames()[0] + ")");
        }
    }

    /** Writes every figure of {@link #names} for this model and data into {@code dir}; returns the files. */
    public static List<Path> plot(Model model, Kernels kernels, Dataset data, Path dir) throws IOException {
        check(model, data, "the model");
        Curves c = Curves.of(new Predictor(model, kernels), data, GRID);
        String xn = model.inputNames()[0];
        String tn = model.targetNames()[0];
        List<Path> written = new ArrayList<>();
        XYChart d = chart("Data: " + data.name() + " (" + data.size() + " points)", xn, tn);
        scatter(d, "data", data);
        written.add(save(d, dir.resolve(DATA)));
        if (model.spec().type() == ModelType.MLP) {
            XYChart f = chart("L2 fit (" + model.spec() + ")", xn, tn);
            scatter(f, "data", data);
            line(f, "fit", c.x, c.mean, PALETTE[0], 2.5f);
            written.add(save(f, dir.resolve(FIT)));
            return written;
        }
        int k = c.k;
        XYChart p = chart("Mixing coefficients \u03c0k(" + xn + ")", xn, "\u03c0k");
        for (int j = 0; j < k; j++) {
            line(p, "\u03c0" + j, c.x, c.pi[j], color(j), 2f);
        }
        rug(p, "data (" + xn + ")", data, RUG);
        p.getStyler().setYAxisMin(2 * RUG).setYAxisMax(1.0);
        gridX(p, c);
        written.add(save(p, dir.resolve(MIXING)));

        XYChart m = chart("Component means \u03bck(" + xn + ") \u00b1 \u03c3k(" + xn + ")", xn, tn);
        scatter(m, "data", data);
        for (int j = 0; j < k; j++) {
            band(m, "\u00b1\u03c3" + j, c.x, c.mu[j], c.sigma[j], color(j));
        }
        for (int j = 0; j < k; j++) {
            line(m, "\u03bc" + j, c.x, c.mu[j], color(j), 2f);
        }
        // the means chart and the modes chart share one y range: the data and the whole σ bands
        AxisRange y = meansRange(data, c);
        frame(m, c, y);
        written.add(save(m, dir.resolve(MEANS)));

        XYChart o = chart("Conditional modes of p(" + tn + "|" + xn + ")", xn, tn);
        scatter(o, "data", data);
        dots(o, "approximate mode (\u03bc of largest \u03c0k)", c.x, c.approxMode, PALETTE[0]);
        // every fourth grid point, so the approximate mode shows where the two agree
        dots(o, "exact mode", every(c.x, 4), every(c.exactMode, 4), PALETTE[3]);
        frame(o, c, y);
        written.add(save(o, dir.resolve(MODES)));

        written.add(DensityImage.write(model, kernels, data, c.x[0], c.x[c.x.length - 1], dir.resolve(DENSITY),
                "Conditional density p(" + tn + "|" + xn + ") with the data", WIDTH, HEIGHT));
        return written;
    }

    /** The seed's figure of the L2 fits: forward (x -> t) on the left, inverse (t -> x) on the right. */
    public static Path l2Fits(Model forward, Dataset forwardData, Model inverse, Dataset inverseData, Kernels kernels,
                              Path file) throws IOException {
        check(forward, forwardData, "the forward model");
        check(inverse, inverseData, "the inverse model");
        List<XYChart> charts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Model mdl = i == 0 ? forward : inverse;
            Dataset data = i == 0 ? forwardData : inverseData;
            Curves c = Curves.of(new Predictor(mdl, kernels), data, GRID);
            XYChart ch = chart((i == 0 ? "Forward problem " : "Inverse problem ") + mdl.inputNames()[0] + " \u2192 "
                    + mdl.targetNames()[0] + ", L2 fit", mdl.inputNames()[0], mdl.targetNames()[0]);
            scatter(ch, "data", data);
            line(ch, "L2 fit", c.x, c.mean, PALETTE[3], 2.5f);
            charts.add(ch);
        }
        byte[] png;
        var bytes = new java.io.ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(charts, 1, 2, bytes, BitmapFormat.PNG);
        png = bytes.toByteArray();
        AtomicFiles.write(file, png);
        return file;
    }

    private static double[] every(double[] v, int step) {
        double[] r = new double[(v.length + step - 1) / step];
        for (int i = 0; i < r.length; i++) {
            r[i] = v[i * step];
        }
        return r;
    }

    static Color color(int component) {
        return PALETTE[component % PALETTE.length];
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        // the legend in a row under the plot, where no curve can run under it
        c.getStyler().setLegendPosition(LegendPosition.OutsideS).setLegendLayout(LegendLayout.Horizontal)
                .setChartBackgroundColor(Color.WHITE)
                .setPlotBackgroundColor(Color.WHITE).setMarkerSize(6).setAntiAlias(true);
        c.getStyler().setPlotGridLinesColor(new Color(0xE0E0E0));
        c.getStyler().setLegendBorderColor(Color.WHITE).setLegendPadding(12);
        c.getStyler().setYAxisLabelAlignment(TextAlignment.Right);
        c.getStyler().setXAxisDecimalPattern("0.##").setYAxisDecimalPattern("0.##");
        return c;
    }

    private static void scatter(XYChart c, String name, Dataset d) {
        double[] x = new double[d.size()];
        double[] t = new double[d.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = d.x()[i];
            t[i] = d.t()[i];
        }
        XYSeries s = c.addSeries(name, x, t);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(new Color(DATA_COLOR.getRed(), DATA_COLOR.getGreen(), DATA_COLOR.getBlue(), 110));
    }

    /**
     * The data's inputs as a row of dots at height {@code y}: where π was fitted. It also spares the
     * x axis XChart's ticks for equally spaced data, which it places on grid points (0.07, 0.14, …)
     * when every series is on the curves' grid.
     */
    private static void rug(XYChart c, String name, Dataset d, double y) {
        double[] x = new double[d.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = d.x()[i * d.inputs()];
        }
        double[] level = new double[x.length];
        Arrays.fill(level, y);
        XYSeries s = c.addSeries(name, x, level);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(new Color(DATA_COLOR.getRed(), DATA_COLOR.getGreen(), DATA_COLOR.getBlue(), 60));
    }

    private static void line(XYChart c, String name, double[] x, double[] y, Color color, float width) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width));
    }

    /** Curves drawn as dots: the approximate mode jumps between branches, and a line would join them. */
    private static void dots(XYChart c, String name, double[] x, double[] y, Color color) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
    }

    /** μ ± σ as a filled polygon: along the grid at μ + σ, back at μ − σ. */
    private static void band(XYChart c, String name, double[] x, double[] mu, double[] sigma, Color color) {
        int n = x.length;
        double[] px = new double[2 * n];
        double[] py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = mu[i] + sigma[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = mu[i] - sigma[i];
        }
        XYSeries s = c.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        Color fill = new Color(color.getRed(), color.getGreen(), color.getBlue(), 60);
        s.setFillColor(fill);
        s.setLineColor(fill);
        s.setShowInLegend(false);
    }

    /**
     * The y range of the component means: the data's targets and every μ ± σ band, padded 5%; a band
     * counts only within the data's range widened by its span each side, so a wide σ (a component
     * the data do not use) does not flatten the figure.
     */
    private static AxisRange meansRange(Dataset d, Curves curves) {
        AxisRange data = AxisRange.of(d.t());
        AxisRange bound = new AxisRange(data.lo() - data.span(), data.hi() + data.span());
        AxisRange y = data;
        double[] edge = new double[curves.x.length];
        for (int j = 0; j < curves.k; j++) {
            for (int sign = -1; sign <= 1; sign += 2) {
                for (int i = 0; i < edge.length; i++) {
                    edge[i] = curves.mu[j][i] + sign * curves.sigma[j][i];
                }
                y = y.including(edge, bound);
            }
        }
        return y.padded(0.05);
    }

    /** The x axis on the curves' grid, whose ends are round numbers, so XChart's ticks are too. */
    private static void gridX(XYChart c, Curves curves) {
        c.getStyler().setXAxisMin(curves.x[0]).setXAxisMax(curves.x[curves.x.length - 1]);
    }

    private static void frame(XYChart c, Curves curves, AxisRange y) {
        gridX(c, curves);
        c.getStyler().setYAxisMin(y.lo()).setYAxisMax(y.hi());
    }

    private static Path save(XYChart c, Path file) throws IOException {
        AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(c, BitmapFormat.PNG));
        return file;
    }

    /** A model's curves over a grid of its input spanning the data (with a 5% margin each side). */
    static final class Curves {
        final double[] x;
        final double[] mean;
        final int k;
        final double[][] pi;
        final double[][] mu;
        final double[][] sigma;
        final double[] approxMode;
        final double[] exactMode;

        private Curves(double[] x, int k) {
            this.x = x;
            this.k = k;
            mean = new double[x.length];
            pi = new double[k][x.length];
            mu = new double[k][x.length];
            sigma = new double[k][x.length];
            approxMode = new double[x.length];
            exactMode = new double[x.length];
        }

        static Curves of(Predictor p, Dataset d, int n) {
            ModelSpec s = p.model().spec();
            // the data's inputs with a 5% margin, snapped outwards so the axis ticks fall on round numbers
            AxisRange r = AxisRange.of(d.x()).padded(0.05).snapped();
            double[] x = new double[n];
            float[] xf = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.lo() + r.span() * i / (n - 1);
                xf[i] = (float) x[i];
            }
            int width = p.outputs();
            float[] out = new float[n * width];
            p.outputs(xf, 0, n, out, 0);
            boolean mdn = s.type() == ModelType.MDN;
            int k = mdn ? s.components() : 0;
            Curves c = new Curves(x, k);
            // the predictor takes inputs in the data's units; the head's target statistics are mapped back to them
            TargetUnits units = TargetUnits.of(p.model());
            double[] w = new double[Math.max(1, k)];
            double[] one = new double[1];
            double[] oneMode = new double[1];
            for (int i = 0; i < n; i++) {
                int row = i * width;
                if (!mdn) {
                    c.mean[i] = units.location(0, out[row]);
                    continue;
                }
                IsotropicMixture.meanAndMode(out, row, 1, k, 1, w, one, oneMode);
                c.mean[i] = units.location(0, one[0]);
                c.approxMode[i] = units.location(0, oneMode[0]);
                GaussianMixture m = GaussianMixture.fromHead(s.head(), out, row, 1, k, 1, s.logSigmaFloor());
                for (int j = 0; j < k; j++) {
                    c.pi[j][i] = w[j];
                    c.mu[j][i] = units.location(0, IsotropicMixture.mu(out, row, 1, k, 1, j, 0));
                    c.sigma[j][i] = units.spread(0, m.marginalSigma(j, 0));
                }
                c.exactMode[i] = units.location(0, ExactMode.of(m)[0]);
            }
            return c;
        }
    }
}
