package org.mdn4j.cli;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mdn4j.data.Dataset;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ModelType;
import org.mdn4j.nn.Network;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;
import org.mdn4j.train.EpochListener;
import org.mdn4j.train.TrainConfig;
import org.mdn4j.train.TrainResult;
import org.mdn4j.train.Trainer;

/**
 * What 'mdn train' does to a fresh run, callable: the seed's default activations, the seeded
 * initialisation, the training loop and the model file's metadata. {@link TrainCommand} adds
 * checkpoints and resuming; {@link DemoCommand} trains the seed's three models with it.
 */
final class Training {

    /** Keeps the seed's streams apart: data, initialisation and shuffling never share draws. */
    static final long INIT_STREAM = 0x9E3779B97F4A7C15L;

    private Training() {
    }

    /** A trained model and its run's figures. */
    record Trained(Model model, TrainResult result) {
    }

    /** ReLU for an MDN; the seed's sigmoid then softplus (softplus for any further layer) for an MLP. */
    static Activation[] defaultActivations(ModelType type, int layers) {
        Activation[] acts = new Activation[layers];
        Arrays.fill(acts, type == ModelType.MDN ? Activation.RELU : Activation.SOFTPLUS);
        if (type == ModelType.MLP && layers > 0) {
            acts[0] = Activation.SIGMOID;
        }
        return acts;
    }

    /** The initial parameters of a run with this seed. */
    static Parameters initialParameters(ModelSpec spec, long seed) {
        ParameterLayout layout = new ParameterLayout(spec);
        return new Parameters(layout, Parameters.initialise(spec, layout, seed ^ INIT_STREAM));
    }

    /** The training metadata stored in the model file. */
    static Map<String, String> metadata(Dataset data, TrainResult result, int batch, float lr, long seed) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("data", data.name());
        meta.put("rows", Integer.toString(data.size()));
        meta.put("epochs", Integer.toString(result.totalEpochs()));
        meta.put("batch", Integer.toString(batch));
        meta.put("lr", Float.toString(lr));
        meta.put("seed", Long.toString(seed));
        meta.put("final_loss", Double.toString(result.finalLoss()));
        meta.put("backend", result.backend());
        meta.put("threads", Integer.toString(result.threads()));
        meta.put("nonfinite_steps", Long.toString(result.nonFiniteSteps()));
        meta.put("date", Instant.now().toString());
        return meta;
    }

    /**
     * Trains a fresh run (no checkpoint) exactly as 'mdn train' with the same options does, and
     * returns the model it would write.
     */
    static Trained train(ModelSpec spec, Dataset data, TrainConfig config, Kernels kernels, long seed,
                         EpochListener listener) {
        Parameters params = initialParameters(spec, seed);
        TrainResult result;
        try (Trainer trainer = new Trainer(new Network(spec, kernels), params, data, config)) {
            result = trainer.train(listener);
        }
        Map<String, String> meta = metadata(data, result, config.batch(), config.lr(), seed);
        return new Trained(new Model(spec, params.values, data.inputNames(), data.targetNames(), meta), result);
    }
}
