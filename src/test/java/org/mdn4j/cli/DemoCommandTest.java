package org.mdn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.io.Model;
import org.mdn4j.io.ModelFile;
import org.mdn4j.nn.ModelType;

/** 'mdn demo' end to end with every run capped at a few epochs (the hidden --max-epochs). */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesModelsFiguresAndReport() throws Exception {
        Path out = dir.resolve("demo");
        Cli.Result r = Cli.run("demo", "--out", out.toString(), "--seed", "5", "--max-epochs", "60").ok();
        assertEquals(List.of("component-means.png", "data.png", "density.png", "forward-l2.mdn", "inverse-l2.mdn",
                "inverse-mdn.mdn", "l2-fits.png", "mixing-coefficients.png", "modes.png", "report.txt"),
                Cli.listing(out));
        for (String png : List.of("component-means.png", "data.png", "density.png", "l2-fits.png",
                "mixing-coefficients.png", "modes.png")) {
            Pngs.assertDrawn(out.resolve(png));
        }
        Model forward = ModelFile.read(out.resolve("forward-l2.mdn"));
        Model inverse = ModelFile.read(out.resolve("inverse-l2.mdn"));
        Model mdn = ModelFile.read(out.resolve("inverse-mdn.mdn"));
        assertEquals(ModelType.MLP, forward.spec().type());
        assertEquals("mlp 1-6(sigmoid)-6(softplus)-1", forward.spec().toString());
        assertEquals(List.of("x"), List.of(forward.inputNames()));
        assertEquals(List.of("t"), List.of(inverse.inputNames()));
        assertEquals(ModelType.MDN, mdn.spec().type());
        assertEquals(3, mdn.spec().components());
        assertEquals("60", mdn.metadata().get("epochs"));
        assertEquals("0.001", mdn.metadata().get("lr"));
        assertEquals("0.05", inverse.metadata().get("lr"));

        String report = Files.readString(out.resolve("report.txt"));
        assertEquals(report, r.out(), "the report is printed too");
        for (String part : List.of("forward-l2.mdn", "inverse-mdn.mdn", "nll", "rmse_mean", "valid preimages",
                "inverse L2 fit", "MDN approximate mode", "MDN exact mode")) {
            assertTrue(report.contains(part), part + " in:\n" + report);
        }
    }

    @Test
    void sameSeedSameModels() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Cli.run("demo", "--out", a.toString(), "--max-epochs", "20").ok();
        Cli.run("demo", "--out", b.toString(), "--max-epochs", "20").ok();
        for (String m : List.of("forward-l2.mdn", "inverse-l2.mdn", "inverse-mdn.mdn")) {
            assertTrue(java.util.Arrays.equals(ModelFile.read(a.resolve(m)).parameters(),
                    ModelFile.read(b.resolve(m)).parameters()), m);
        }
    }

    @Test
    void unwritableOut() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Cli.run("demo", "--out", file.resolve("sub").toString(), "--max-epochs", "5")
                .badInputOneLine("cannot write to --out");
    }

    @Test
    void helpHasAnExample() {
        Cli.Result r = Cli.run("demo", "--help").ok();
        assertTrue(r.out().contains("mdn demo --out"), r.out());
        assertTrue(!r.out().contains("--max-epochs"), "the test-only option is hidden");
    }
}
