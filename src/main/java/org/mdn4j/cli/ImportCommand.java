package org.mdn4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mdn4j.io.Model;
import org.mdn4j.io.ModelFile;
import org.mdn4j.io.ModelJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Check a JSON model as 'mdn export' writes it (docs/FORMATS.md) and write it as a "
                + "model file for 'mdn eval', 'mdn predict' and 'mdn info'.", "",
                "Example:",
                "  mdn import --json model.json --out model.mdn"})
final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", required = true, paramLabel = "FILE.json", description = "The JSON model to read.")
    Path json;

    @Option(names = "--out", required = true, paramLabel = "FILE.mdn", description = "Model file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Model m = ModelJson.read(json);
        ModelFile.write(m, out);
        spec.commandLine().getErr().println("wrote " + m.parameters().length + " parameters of "
                + m.spec() + " to " + out);
        return MdnCli.EXIT_OK;
    }
}
