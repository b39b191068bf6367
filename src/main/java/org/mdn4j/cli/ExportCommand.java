package org.mdn4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mdn4j.io.Model;
import org.mdn4j.io.ModelFile;
import org.mdn4j.io.ModelJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a model file as JSON (format in docs/FORMATS.md): the spec, the column names, "
                + "each layer's weight (out x in, row-major) and bias, and the metadata. Floats are written "
                + "exactly, so 'mdn import' gives back the same model bit for bit.", "",
                "Example:",
                "  mdn export --model model.mdn --format json --out model.json"})
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file written by 'mdn train'.")
    Path model;

    // a string rather than an enum so that an unknown format is a one-line "mdn: ..." error
    @Option(names = "--format", paramLabel = "json", defaultValue = "json",
            description = "Output format; json is the only one (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "File to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!"json".equals(format.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown --format '" + format + "' (expected json)");
        }
        Model m = ModelFile.read(model);
        ModelJson.write(m, out);
        spec.commandLine().getErr().println("wrote " + m.parameters().length + " parameters of "
                + m.spec() + " to " + out);
        return MdnCli.EXIT_OK;
    }
}
