package org.mdn4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.mdn4j.data.Dataset;
import org.mdn4j.io.AtomicFiles;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.mixture.GaussianMixture;
import org.mdn4j.mixture.Predictor;
import org.mdn4j.mixture.TargetUnits;
import org.mdn4j.nn.ModelSpec;

/**
 * The conditional density p(t|x) of a one-input, one-target MDN as a heat map, one model
 * evaluation per pixel column and one density per pixel, with the data drawn on top. Drawn here
 * rather than with XChart's HeatMapChart, which labels every grid cell as a category and cannot
 * overlay a scatter.
 */
final class DensityImage {

    private static final int LEFT = 70;
    private static final int RIGHT = 100;
    private static final int TOP = 45;
    private static final int BOTTOM = 60;

    /** Viridis at five stops, interpolated linearly. */
    private static final int[] STOPS = {0x440154, 0x3B528B, 0x21908C, 0x5DC963, 0xFDE725};

    private DensityImage() {
    }

    static Path write(Model model, Kernels kernels, Dataset data, double xMin, double xMax, Path file, String title,
                      int width, int height) throws IOException {
        BufferedImage img = render(model, kernels, data, xMin, xMax, title, width, height);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        AtomicFiles.write(file, png.toByteArray());
        return file;
    }

    static BufferedImage render(Model model, Kernels kernels, Dataset data, double xMin, double xMax, String title,
                                int width, int height) {
        ModelSpec s = model.spec();
        int pw = width - LEFT - RIGHT;
        int ph = height - TOP - BOTTOM;
        AxisRange y = AxisRange.of(data.t()).padded(0.15);
        double yMin = y.lo();
        double yMax = y.hi();

        float[] xs = new float[pw];
        for (int i = 0; i < pw; i++) {
            xs[i] = (float) (xMin + (xMax - xMin) * (i + 0.5) / pw);
        }
        Predictor p = new Predictor(model, kernels);
        int w = p.outputs();
        float[] heads = new float[pw * w];
        p.outputs(xs, 0, pw, heads, 0);
        double[][] dens = new double[pw][ph];
        double max = 0;
        double[] t = new double[1];
        TargetUnits units = TargetUnits.of(model);
        for (int i = 0; i < pw; i++) {
            GaussianMixture m = units.oneTarget(GaussianMixture.fromHead(s.head(), heads, i * w, 1, s.components(), 1,
                    s.logSigmaFloor()));
            for (int j = 0; j < ph; j++) {
                t[0] = yMax - (yMax - yMin) * (j + 0.5) / ph;
                double v = Math.exp(m.logDensity(t));
                dens[i][j] = Double.isFinite(v) ? v : 0;
                max = Math.max(max, dens[i][j]);
            }
        }
        // A square-root scale, capped at the 99.5th percentile of the per-column maxima so one sharp
        // component does not wash the others out.
        double[] colMax = new double[pw];
        for (int i = 0; i < pw; i++) {
            for (double v : dens[i]) {
                colMax[i] = Math.max(colMax[i], v);
            }
        }
        double[] sorted = colMax.clone();
        java.util.Arrays.sort(sorted);
        double cap = sorted.length == 0 ? max : sorted[(int) Math.floor(0.995 * (sorted.length - 1))];
        if (!(cap > 0)) {
            cap = 1;
        }

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < pw; i++) {
            for (int j = 0; j < ph; j++) {
                img.setRGB(LEFT + i, TOP + j, viridis(Math.sqrt(Math.min(1, dens[i][j] / cap))));
            }
        }
        // the data
        g.setColor(new Color(255, 255, 255, 200));
        g.setStroke(new BasicStroke(1.2f));
        for (int n = 0; n < data.size(); n++) {
            double px = LEFT + (data.x()[n] - xMin) / (xMax - xMin) * pw;
            double py = TOP + (yMax - data.t()[n]) / (yMax - yMin) * ph;
            g.drawOval((int) Math.round(px) - 3, (int) Math.round(py) - 3, 6, 6);
        }
        // frame, ticks and labels
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, pw, ph);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        for (double v : new AxisRange(xMin, xMax).ticks()) {
            int px = (int) Math.round(LEFT + (v - xMin) / (xMax - xMin) * pw);
            g.drawLine(px, TOP + ph, px, TOP + ph + 5);
            String label = label(v);
            g.drawString(label, px - fm.stringWidth(label) / 2, TOP + ph + 8 + fm.getAscent());
        }
        for (double v : y.ticks()) {
            int py = (int) Math.round(TOP + (yMax - v) / (yMax - yMin) * ph);
            g.drawLine(LEFT - 5, py, LEFT, py);
            String label = label(v);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
        String xName = model.inputNames()[0];
        String tName = model.targetNames()[0];
        g.drawString(xName, LEFT + pw / 2 - fm.stringWidth(xName) / 2, height - 15);
        g.drawString(tName, 20, TOP + ph / 2);
        g.setFont(font.deriveFont(Font.BOLD, 14f));
        FontMetrics tf = g.getFontMetrics();
        g.drawString(title, width / 2 - tf.stringWidth(title) / 2, 28);
        // colour bar
        g.setFont(font);
        int bx = LEFT + pw + 25;
        for (int j = 0; j < ph; j++) {
            g.setColor(new Color(viridis(1 - (j + 0.5) / ph)));
            g.drawLine(bx, TOP + j, bx + 15, TOP + j);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(bx, TOP, 15, ph);
        g.drawString(String.format(Locale.ROOT, "%.2g", cap), bx + 19, TOP + fm.getAscent());
        g.drawString("0", bx + 19, TOP + ph);
        // the colours follow √(p / top) so faint branches show; the ends are labelled in p itself
        g.drawString("p,", bx + 19, TOP + ph / 2);
        g.drawString("\u221a scale", bx + 19, TOP + ph / 2 + fm.getHeight());
        g.dispose();
        return img;
    }

    static int viridis(double v) {
        double f = Math.max(0, Math.min(1, v)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) f);
        double u = f - i;
        int a = STOPS[i];
        int b = STOPS[i + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - u) + ((b >> 16) & 255) * u);
        int gr = (int) Math.round(((a >> 8) & 255) * (1 - u) + ((b >> 8) & 255) * u);
        int bl = (int) Math.round((a & 255) * (1 - u) + (b & 255) * u);
        return (r << 16) | (gr << 8) | bl;
    }

    private static String label(double v) {
        String s = String.format(Locale.ROOT, "%.2f", Math.abs(v) < 1e-12 ? 0.0 : v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
