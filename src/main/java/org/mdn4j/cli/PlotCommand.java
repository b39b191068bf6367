package org.mdn4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mdn4j.data.Dataset;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.plot.Figures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw the seed's figures of a model with one input and one target as PNG files in --out DIR.",
                "An MDN gives data.png (the data), mixing-coefficients.png (pi_k(x) over a grid of x), "
                + "component-means.png (mu_k(x) with +/- sigma_k(x) bands over the data), modes.png (the "
                + "approximate mode, the mean of the largest-pi component, and the exact mode over the data) and "
                + "density.png (the conditional density p(t|x) as a heat map, square-root colour scale, with the "
                + "data on top).",
                "An MLP (the L2 baseline) gives data.png and fit.png (the data and the fitted curve).", "",
                "Example:",
                "  mdn plot --model inverse-mdn.mdn --data toy-inverse --out figures"})
final class PlotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions options = new ModelOptions();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the PNG files (made if missing).")
    Path out;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        options.open();
        Model model = options.loaded;
        ModelSpec s = model.spec();
        if (s.inputs() != 1 || s.targets() != 1) {
            throw new IllegalArgumentException("the plots are one-dimensional: the model " + options.model + " has "
                    + s.inputs() + " inputs and " + s.targets() + " targets, not 1 and 1");
        }
        Dataset data = options.labelledData();
        Figures.check(model, data, "the model " + options.model);
        Path dir = OutputDirectory.prepare(out);
        Kernels kernels = options.backend.kernels();
        List<Path> files = Figures.plot(model, kernels, data, dir);
        spec.commandLine().getErr().println("wrote " + files.size() + " figures to " + dir + ": "
                + String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList()));
        return MdnCli.EXIT_OK;
    }
}
