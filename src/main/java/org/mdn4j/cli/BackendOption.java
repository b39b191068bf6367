package org.mdn4j.cli;

import org.mdn4j.data.Dataset;
import org.mdn4j.gpu.Device;
import org.mdn4j.gpu.DeviceTrainer;
import org.mdn4j.gpu.Devices;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.kernel.ScalarBackend;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.Parameters;
import org.mdn4j.train.TrainConfig;
import org.mdn4j.train.Trainer;
import org.mdn4j.train.TrainingLoop;
import picocli.CommandLine.Option;

/** The {@code --backend} option every command that runs a network shares. */
final class BackendOption {

    @Option(names = "--backend", paramLabel = "scalar|simd|opencl|cuda",
            description = "Kernels: simd (Vector API) or scalar (default: the system property mdn4j.kernels, "
                    + "else simd where available); 'mdn train' also takes opencl or cuda (the batch loop on a device).")
    String backend;

    /** The CPU kernels named on the command line, else by the property, else auto-selected. */
    Kernels kernels() {
        if (Devices.isDevice(backend)) {
            throw new IllegalArgumentException("--backend " + backend + " runs 'mdn train' only; use scalar or simd here");
        }
        return backend == null ? KernelSelector.fromProperty() : KernelSelector.select(backend);
    }

    /**
     * The CPU kernels for the small passes around a run (the collapse checks): {@link #kernels()},
     * or for a device run the scalar reference, which needs no module and logs nothing, so a device
     * run's stderr names only the device.
     */
    Kernels cpuKernels() {
        return Devices.isDevice(backend) ? ScalarBackend.INSTANCE : kernels();
    }

    /**
     * The training loop for this backend: the CPU {@link Trainer} over {@link #kernels()}, or the
     * device trainer (opening the device, which says in one line why it cannot).
     */
    TrainingLoop trainer(ModelSpec spec, Parameters params, Dataset data, TrainConfig config) {
        if (Devices.isDevice(backend)) {
            Device device = Devices.open(backend);
            try {
                return new DeviceTrainer(device, spec, params, data, config);
            } catch (RuntimeException e) {
                device.close();
                throw e;
            }
        }
        return new Trainer(new Network(spec, kernels()), params, data, config);
    }
}
