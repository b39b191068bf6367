package org.mdn4j.cli;

import java.util.Locale;
import org.mdn4j.data.Dataset;
import org.mdn4j.gpu.OpenClDevice;
import org.mdn4j.gpu.OpenClTrainer;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.Parameters;
import org.mdn4j.train.TrainConfig;
import org.mdn4j.train.Trainer;
import org.mdn4j.train.TrainingLoop;
import picocli.CommandLine.Option;

/** The {@code --backend} option every command that runs a network shares. */
final class BackendOption {

    /** The device backend's name; only {@code mdn train} runs on a device. */
    static final String OPENCL = "opencl";

    @Option(names = "--backend", paramLabel = "scalar|simd|opencl",
            description = "Kernels: simd (Vector API) or scalar (default: the system property mdn4j.kernels, "
                    + "else simd where available); 'mdn train' also takes opencl (the batch loop on an OpenCL device).")
    String backend;

    /** The CPU kernels named on the command line, else by the property, else auto-selected. */
    Kernels kernels() {
        if (isOpenCl()) {
            throw new IllegalArgumentException("--backend opencl runs 'mdn train' only; use scalar or simd here");
        }
        return backend == null ? KernelSelector.fromProperty() : KernelSelector.select(backend);
    }

    /**
     * The training loop for this backend: the CPU {@link Trainer} over {@link #kernels()}, or the
     * OpenCL trainer (which opens the device and says in one line why it cannot).
     */
    TrainingLoop trainer(ModelSpec spec, Parameters params, Dataset data, TrainConfig config) {
        if (isOpenCl()) {
            OpenClDevice device = OpenClDevice.open();
            try {
                return new OpenClTrainer(device, spec, params, data, config);
            } catch (RuntimeException e) {
                device.close();
                throw e;
            }
        }
        return new Trainer(new Network(spec, kernels()), params, data, config);
    }

    private boolean isOpenCl() {
        return backend != null && OPENCL.equals(backend.trim().toLowerCase(Locale.ROOT));
    }
}
