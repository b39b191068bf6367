package org.mdn4j.cli;

import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;
import picocli.CommandLine.Option;

/** The {@code --backend} option every command that runs a network shares. */
final class BackendOption {

    @Option(names = "--backend", paramLabel = "scalar|simd",
            description = "Kernels: simd (Vector API) or scalar (default: the system property mdn4j.kernels, "
                    + "else simd where available).")
    String backend;

    /** The kernels named on the command line, else by the property, else auto-selected. */
    Kernels kernels() {
        return backend == null ? KernelSelector.fromProperty() : KernelSelector.select(backend);
    }
}
