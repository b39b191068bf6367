package org.mdn4j.train;

import org.mdn4j.data.Dataset;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;

/** Builds trainers the way {@code mdn train} does. */
final class TrainerFixtures {

    /** {@code TrainCommand.INIT_STREAM}: keeps the initialisation's draws apart from the data's. */
    static final long INIT_STREAM = 0x9E3779B97F4A7C15L;

    /** The seed's MDN: 1-5(relu)-5(relu)-head, K = 3. */
    static final ModelSpec SEED_MDN = ModelSpec.mdn(1, 1, 3, new int[] {5, 5},
            new Activation[] {Activation.RELU, Activation.RELU});

    private TrainerFixtures() {
    }

    static Parameters initialParameters(ModelSpec spec, long seed) {
        ParameterLayout layout = new ParameterLayout(spec);
        return new Parameters(layout, Parameters.initialise(spec, layout, seed ^ INIT_STREAM));
    }

    static Trainer trainer(ModelSpec spec, Kernels kernels, Parameters params, Dataset data, TrainConfig config) {
        return new Trainer(new Network(spec, kernels), params, data, config);
    }
}
