package org.mdn4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mdn4j.data.Scaler;
import org.mdn4j.io.JsonWriter;
import org.mdn4j.io.Model;
import org.mdn4j.io.ModelFile;
import org.mdn4j.io.ModelJson;
import org.mdn4j.kernel.Activation;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ModelType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Describe a model file: its shape, parameter count, column names, its scaler (the "
                + "standardisation it was trained under, or none) and the training metadata stored in it (data, "
                + "epochs, final loss, backend, date, ...).", "",
                "Example:",
                "  mdn info model.mdn --json"})
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A model file written by 'mdn train' or 'mdn import'.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object on stdout (metadata as a nested object).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Model m = ModelFile.read(file);
        ModelSpec s = m.spec();
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("file", file.toString());
            j.put("spec", s.toString());
            j.put("model", s.type().label());
            j.put("inputs", s.inputs());
            j.put("targets", s.targets());
            j.put("components", s.components());
            j.put("head", s.type() == ModelType.MDN ? s.head().label() : null);
            j.put("hidden", Arrays.stream(s.hidden()).boxed().toList());
            j.put("activations", Arrays.stream(s.activations()).map(Activation::label).toList());
            j.put("sigma_floor", s.sigmaFloor());
            j.put("parameters", m.parameters().length);
            j.put("input_names", List.of(m.inputNames()));
            j.put("target_names", List.of(m.targetNames()));
            j.put("scaler", ModelJson.tree(m.scaler()));
            j.put("metadata", m.metadata());
            o.println(JsonWriter.compact(j));
            return MdnCli.EXIT_OK;
        }
        o.println("file         " + file);
        o.println("model        " + s);
        o.println("parameters   " + m.parameters().length);
        o.println("inputs       " + String.join(", ", m.inputNames()));
        o.println("targets      " + String.join(", ", m.targetNames()));
        o.println("sigma_floor  " + s.sigmaFloor());
        Scaler sc = m.scaler();
        if (sc == null) {
            o.println("scaler       none");
        } else {
            o.println("scaler       x_mean " + Arrays.toString(sc.xMean()) + "  x_std " + Arrays.toString(sc.xStd()));
            o.println("             t_mean " + Arrays.toString(sc.tMean()) + "  t_std " + Arrays.toString(sc.tStd()));
        }
        if (m.metadata().isEmpty()) {
            o.println("metadata     (none)");
        } else {
            o.println("metadata");
            int width = m.metadata().keySet().stream().mapToInt(String::length).max().orElse(0);
            for (Map.Entry<String, String> e : m.metadata().entrySet()) {
                // one line per entry even if a value holds a line break
                String v = e.getValue().replace("\r", "\\r").replace("\n", "\\n");
                o.println("  " + e.getKey() + " ".repeat(width - e.getKey().length() + 2) + v);
            }
        }
        return MdnCli.EXIT_OK;
    }
}
