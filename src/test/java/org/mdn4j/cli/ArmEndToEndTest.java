package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.data.ArmData;
import org.mdn4j.io.JsonNumber;
import org.mdn4j.io.JsonReader;

/**
 * The seed's robot-arm motivation end to end: an MDN trained from the CLI on {@code --data arm}
 * captures both elbow solutions, so on held-out positions the forward kinematics of its
 * approximate mode reach the target position, where those of the conditional mean (the average
 * of the two elbows) do not. Measured with these settings (seed 19, held-out seed 7, simd
 * kernels): the mode lands within 5% of the reach for 99.35% of the rows, the mean for 25.15%.
 */
class ArmEndToEndTest {

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void train() {
        model = dir.resolve("arm.mdn");
        Cli.run("train", "--data", "arm", "--n", "4000", "--components", "4", "--hidden", "32,32", "--epochs", "300",
                "--batch", "200", "--lr", "0.003", "--quiet", "--out", model.toString()).ok();
    }

    @Test
    void theModeReachesTheTargetAndTheMeanDoesNot() throws Exception {
        Path csv = dir.resolve("arm.csv");
        Cli.run("predict", "--model", model.toString(), "--data", "arm", "--n", "2000", "--seed", "7", "--out",
                csv.toString()).ok();
        Cli.Table t = Cli.readCsv(csv);
        int x1 = t.column("x1");
        int x2 = t.column("x2");
        double tolerance = 0.05 * ArmData.REACH;
        int modeHits = 0;
        int meanHits = 0;
        int up = 0;
        for (double[] row : t.rows()) {
            double[] mode = {row[t.column("mode.theta1")], row[t.column("mode.theta2")]};
            double[] mean = {row[t.column("mean.theta1")], row[t.column("mean.theta2")]};
            if (miss(mode, row[x1], row[x2]) <= tolerance) {
                modeHits++;
            }
            if (miss(mean, row[x1], row[x2]) <= tolerance) {
                meanHits++;
            }
            if (mode[1] > 0) {
                up++;
            }
        }
        int n = t.rows().size();
        double modeRate = (double) modeHits / n;
        double meanRate = (double) meanHits / n;
        System.out.printf("arm: mode within 5%% of reach %.4f, mean %.4f, elbow-up modes %d of %d%n", modeRate,
                meanRate, up, n);
        assertTrue(modeRate >= 0.90, "mode hit rate " + modeRate);
        assertTrue(meanRate <= 0.50, "mean hit rate " + meanRate);
        assertTrue(up > 0.3 * n && up < 0.7 * n, "both elbows among the modes: " + up + " of " + n + " up");
    }

    @Test
    void evalReportsCalibration() throws Exception {
        String out = Cli.run("eval", "--model", model.toString(), "--data", "arm", "--n", "1000", "--seed", "7",
                "--json").ok().out();
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) JsonReader.parse(out.strip(), "eval");
        assertEquals(List.of("nll", "n", "rmse_mean", "rmse_mode", "nll_gaussian_baseline", "crps", "crps_per_target",
                "pit_histogram", "coverage_50", "coverage_90", "coverage_95", "component_usage"),
                List.copyOf(j.keySet()));
        double nll = num(j.get("nll"));
        assertTrue(nll < num(j.get("nll_gaussian_baseline")) - 2, "the MDN beats the input-blind Gaussian: " + out);
        List<?> pit = (List<?>) j.get("pit_histogram");
        assertEquals(2, pit.size());
        for (Object dim : pit) {
            assertEquals(10, ((List<?>) dim).size());
            assertEquals(1000, ((List<?>) dim).stream().mapToDouble(ArmEndToEndTest::num).sum(), 0.0);
        }
        // How well 300 epochs calibrate the arm depends on which optimum training reaches, and that moves
        // with the kernels' rounding: for theta2 the 50% interval covered 38% to 75% of the rows across
        // builds whose kernels differ only in float rounding (the 90% one 88% to 98%). So the central
        // interval is held loosely, the wide ones to 0.1, and nesting exactly; CalibrationTest checks the
        // coverage arithmetic itself against known distributions.
        List<?> c50 = (List<?>) j.get("coverage_50");
        List<?> c90 = (List<?>) j.get("coverage_90");
        List<?> c95 = (List<?>) j.get("coverage_95");
        for (int d = 0; d < 2; d++) {
            assertEquals(0.5, num(c50.get(d)), 0.3, "coverage_50 in " + out);
            assertEquals(0.9, num(c90.get(d)), 0.1, "coverage_90 in " + out);
            assertEquals(0.95, num(c95.get(d)), 0.1, "coverage_95 in " + out);
            assertTrue(num(c50.get(d)) <= num(c90.get(d)) && num(c90.get(d)) <= num(c95.get(d)), "nested: " + out);
        }
        List<?> usage = (List<?>) j.get("component_usage");
        assertEquals(4, usage.size());
        assertEquals(1, usage.stream().mapToDouble(ArmEndToEndTest::num).sum(), 1e-9);
        List<?> crps = (List<?>) j.get("crps_per_target");
        assertEquals((num(crps.get(0)) + num(crps.get(1))) / 2, num(j.get("crps")), 1e-12);

        String human = Cli.run("eval", "--model", model.toString(), "--data", "arm", "--n", "1000", "--seed", "7")
                .ok().out();
        assertTrue(human.lines().anyMatch(l -> l.startsWith("target theta2  crps ")), human);
        assertTrue(human.lines().anyMatch(l -> l.startsWith("nll_gaussian_baseline ")), human);
    }

    private static double num(Object o) {
        return Double.parseDouble(((JsonNumber) o).text());
    }

    /** Distance from the forward kinematics of {@code theta} to the position (x1, x2). */
    private static double miss(double[] theta, double x1, double x2) {
        return Math.hypot(ArmData.x1(theta[0], theta[1]) - x1, ArmData.x2(theta[0], theta[1]) - x2);
    }
}
