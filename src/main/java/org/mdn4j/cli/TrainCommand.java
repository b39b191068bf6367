package org.mdn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mdn4j.data.Dataset;
import org.mdn4j.data.Scaler;
import org.mdn4j.gpu.Devices;
import org.mdn4j.io.Checkpoint;
import org.mdn4j.io.CheckpointFile;
import org.mdn4j.io.DataIdentity;
import org.mdn4j.io.Model;
import org.mdn4j.io.ModelFile;
import org.mdn4j.kernel.Activation;
import org.mdn4j.nn.Head;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ModelType;
import org.mdn4j.nn.Parameters;
import org.mdn4j.train.ClipNorm;
import org.mdn4j.train.EpochListener;
import org.mdn4j.train.TrainConfig;
import org.mdn4j.train.TrainResult;
import org.mdn4j.train.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an MDN (or the L2 baseline MLP) and write the model file.", "",
                "Example (the seed's inverse problem):",
                "  mdn train --data toy-inverse --components 3 --hidden 5,5 --epochs 5000 --out model.mdn"})
final class TrainCommand implements Callable<Integer> {

    /** Keeps the seed's streams apart: data, initialisation and shuffling never share draws. */
    static final long INIT_STREAM = Training.INIT_STREAM;

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Option(names = "--model", paramLabel = "mdn|mlp", defaultValue = "mdn",
            description = "mdn: Gaussian mixture density network; mlp: the L2 baseline (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--head", paramLabel = "isotropic|diagonal|full",
            description = "Covariance of each MDN component: isotropic (one sigma), diagonal (one sigma per target) "
                    + "or full (a Cholesky factor of the precision) (default: isotropic).")
    String head;

    @Option(names = "--clip", paramLabel = "NORM", defaultValue = "0",
            description = "Clip the global gradient norm of every step to NORM; 0 is off (default: ${DEFAULT-VALUE}).")
    float clip;

    @Option(names = "--components", paramLabel = "K", defaultValue = "3",
            description = "Mixture components of an MDN (default: ${DEFAULT-VALUE}).")
    int components;

    @Option(names = "--hidden", paramLabel = "5,5", defaultValue = "5,5", split = ",",
            description = "Hidden layer widths (default: ${DEFAULT-VALUE}).")
    List<String> hidden;

    @Option(names = "--activation", paramLabel = "relu|sigmoid|softplus|tanh|identity", split = ",",
            description = "One activation for every hidden layer, or one per layer "
                    + "(default: relu for an MDN; for an MLP sigmoid then softplus, as in the seed).")
    List<String> activation;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "5000", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "300",
            description = "Minibatch size; at least the data size means full batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "19",
            description = "Seed of the data generator, the initialisation and the shuffle (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--standardize", paramLabel = "on|none",
            description = "Standardise every input and target column (mean 0, std 1, fitted on the training data, "
                    + "stored in the model and undone at prediction). Default: on for a data file, none for the "
                    + "built-in data sets, so they reproduce the seed.")
    String standardize;

    @Mixin
    BackendOption backend = new BackendOption();

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the batch loop (default: every core, but no more than one per "
                    + TrainCommand.SAMPLES_PER_THREAD + " samples of a batch; 1 on a device; with --resume, the "
                    + "checkpoint's). A given thread count repeats bit for bit; give it explicitly for runs that must "
                    + "match across machines.")
    Integer threads;

    /**
     * The fewest samples of a batch worth a thread of their own by default: below it the hand-off
     * costs more. The seed problem's 300 samples on two threads of 150 ran about 20% more epochs/s
     * than on one (docs/BENCHMARKS.md, 2026-11-27 06:21–07:40), once the collapse watch no longer
     * held the two-thread runs back.
     */
    static final int SAMPLES_PER_THREAD = 128;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "model.mdn", description = "Model file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Write a checkpoint (atomically) every --checkpoint-every epochs, for --resume.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "100",
            description = "Epochs between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Continue the run saved in this checkpoint; the other options must describe the same run "
                    + "(--epochs may be larger). Give --checkpoint too to keep checkpointing.")
    Path resume;

    @Option(names = "--json", description = "Print one JSON object with the run's figures on stdout.")
    boolean json;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "1",
            description = "Train R times from the same start in this one process, for benchmarks: the first run "
                    + "includes the JIT's warm-up, later ones show the compiled speed. Every run computes the same "
                    + "model; the last is written. --json lists each run's epochs/s (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        ModelType type = ModelType.parse(model);
        int[] widths = parseWidths(hidden);
        Activation[] acts = parseActivations(type, widths.length);
        boolean scaled = Standardization.wanted(standardize, dataOptions.builtIn());
        Dataset raw = dataOptions.load(seed);
        PrintWriter err = spec.commandLine().getErr();
        Scaler scaler = scaled ? Scaler.fit(raw, note -> err.println("mdn: note: " + note)) : null;
        Dataset data = scaled ? scaler.apply(raw) : raw;
        Checkpoint saved = resume == null ? null : CheckpointFile.read(resume);
        // a resumed run keeps the checkpoint's thread count unless told otherwise: the default
        // depends on this machine's cores, and another count would not continue the same run
        int threadCount = threads != null ? threads : saved != null ? saved.config().threads()
                : defaultThreads(Math.min(batch, data.size()), Devices.isDevice(backend.backend));
        TrainConfig config = TrainConfig.adam(epochs, batch, lr, seed, threadCount);
        if (head != null && type != ModelType.MDN) {
            throw new IllegalArgumentException("--head applies to --model mdn; an MLP has no mixture head");
        }
        ClipNorm.check(clip, "--clip");
        ModelSpec modelSpec = type == ModelType.MDN
                ? ModelSpec.mdn(data.inputs(), data.targets(), components, widths, acts, parseHead(head))
                : ModelSpec.mlp(data.inputs(), data.targets(), widths, acts);

        if (checkpoint != null && checkpointEvery < 1) {
            throw new IllegalArgumentException("--checkpoint-every must be at least 1, got " + checkpointEvery);
        }
        // the data as read: a resume with other --standardize shows as a scaler difference, not a data one
        DataIdentity identity = DataIdentity.of(raw);

        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        }
        if (runs > 1 && (saved != null || checkpoint != null)) {
            throw new IllegalArgumentException("--runs repeats a run from its start; it does not combine with "
                    + (saved != null ? "--resume" : "--checkpoint"));
        }
        // An MDN's loss is reported over the data's targets: the standardised NLL plus the Jacobian's log
        double lossShift = scaler != null && type == ModelType.MDN ? -scaler.logDensityShift() : 0;
        double[] runSpeeds = new double[runs];
        TrainResult result = null;
        Parameters params = null;
        CollapseWatch watch = null;
        for (int run = 0; run < runs; run++) {
            // every run does the same work; only the last one's warnings are shown
            PrintWriter warnings = run == runs - 1 ? err : new PrintWriter(Writer.nullWriter());
            params = Training.initialParameters(modelSpec, seed);
            watch = type == ModelType.MDN
                    ? new CollapseWatch(modelSpec, scaler, raw, backend.cpuKernels(), epochs, warnings) : null;
            result = trainOnce(modelSpec, params, data, config, saved, identity, scaler, lossShift, watch, err);
            runSpeeds[run] = result.epochsPerSecond();
        }
        final CollapseWatch lastWatch = watch;
        double finalLoss = result.finalLoss() + lossShift;
        Map<String, String> meta = Training.metadata(data, result, batch, lr, seed);
        meta.put("final_loss", Double.toString(finalLoss));
        meta.put("standardize", Standardization.label(scaler));
        if (clip > 0) {
            meta.put("clip", Float.toString(clip));
        }
        Model trained = new Model(modelSpec, params.values, data.inputNames(), data.targetNames(), meta, scaler);
        ModelFile.write(trained, out);
        // the predictor standardises inputs itself, so the collapse check reads the raw rows
        ComponentCollapse.warn(trained, raw, backend.cpuKernels(), err,
                c -> lastWatch != null && lastWatch.reported(c));

        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(new Json()
                    .put("model", type.label())
                    .put("spec", modelSpec.toString())
                    .put("data", data.name())
                    .put("epochs", result.totalEpochs())
                    .put("resumed_from", result.firstEpoch())
                    .put("samples", result.samples())
                    .put("train_seconds", result.trainSeconds())
                    .put("epochs_per_s", result.epochsPerSecond())
                    .put("samples_per_s", result.samplesPerSecond())
                    .put("steady_epochs_per_s", result.steadyEpochsPerSecond())
                    .put("runs", runs)
                    .put("runs_epochs_per_s", runSpeeds)
                    .put("warm_epochs_per_s", runs > 1 ? warmMedian(runSpeeds) : Double.NaN)
                    .put("final_loss", finalLoss)
                    .put("standardize", Standardization.label(scaler))
                    .put("nonfinite_steps", result.nonFiniteSteps())
                    .put("backend", result.backend())
                    .put("threads", result.threads())
                    .put("out", out.toString()));
        } else {
            String resumedNote = result.firstEpoch() == 0 ? "" : " (resumed after epoch " + result.firstEpoch() + ")";
            String guardNote = result.nonFiniteSteps() == 0 ? ""
                    : ", " + result.nonFiniteSteps() + " non-finite steps retried or skipped";
            o.printf(Locale.ROOT, "trained %s on %s: final loss %.5f %s, %d epochs%s in %.3f s (%.0f epochs/s, %s kernels, %d thread%s%s); wrote %s%n",
                    modelSpec, data.name(), finalLoss, type == ModelType.MDN ? "nats (mean NLL)"
                            : scaler == null ? "(MSE)" : "(MSE of standardised targets)",
                    result.epochs(), resumedNote, result.trainSeconds(), result.epochsPerSecond(), result.backend(),
                    result.threads(), result.threads() == 1 ? "" : "s", guardNote, out);
        }
        return MdnCli.EXIT_OK;
    }

    /** One training run from {@code params} (changed in place) to its last epoch. */
    private TrainResult trainOnce(ModelSpec modelSpec, Parameters params, Dataset data, TrainConfig config,
                                  Checkpoint saved, DataIdentity identity, Scaler scaler, double lossShift,
                                  CollapseWatch watch, PrintWriter err) {
        ModelType type = modelSpec.type();
        TrainResult result;
        try (TrainingLoop trainer = backend.trainer(modelSpec, params, data, config)) {
            String kernels = trainer.describe();
            if (saved != null) {
                trainer.restore(resumable(saved, modelSpec, data, config, kernels, identity, scaler).state());
            }
            trainer.clipGradientNorm(clip);
            String unit = type == ModelType.MDN ? "nats" : scaler == null ? "mse" : "mse (standardised)";
            EpochListener progress = quiet ? EpochListener.NONE
                    : new Progress(err, epochs, unit, trainer.epochsDone(), trainer::nonFiniteSteps);
            result = trainer.train((epoch, loss) -> {
                progress.epochDone(epoch, loss + lossShift);
                if (watch != null) {
                    watch.epochDone(epoch, () -> trainer.snapshot().values());
                }
                if (checkpoint != null && epoch % checkpointEvery == 0) {
                    Checkpoint c = new Checkpoint(modelSpec, data.inputNames(), data.targetNames(), config,
                            kernels, identity, trainer.snapshot(), scaler, clip);
                    try {
                        CheckpointFile.write(c, checkpoint);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write checkpoint " + checkpoint, e);
                    }
                }
            });
        }
        return result;
    }

    /** Every core, at most one per {@link #SAMPLES_PER_THREAD} samples of a batch; one on a device. */
    static int defaultThreads(int batch, boolean device) {
        if (device) {
            return 1;
        }
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), batch / SAMPLES_PER_THREAD));
    }

    /** The median epochs/s of the runs after the first (which includes the JIT's warm-up). */
    static double warmMedian(double[] runSpeeds) {
        double[] warm = Arrays.copyOfRange(runSpeeds, 1, runSpeeds.length);
        Arrays.sort(warm);
        int m = warm.length / 2;
        return warm.length % 2 == 1 ? warm[m] : (warm[m - 1] + warm[m]) / 2;
    }

    /**
     * Reads the --resume checkpoint and checks that it belongs to the run this command line
     * describes; a mismatch would not give the uninterrupted run's model, so it is refused with
     * every difference named.
     */
    private Checkpoint resumable(Checkpoint c, ModelSpec modelSpec, Dataset data, TrainConfig config, String kernels,
                                 DataIdentity identity, Scaler scaler) {
        List<String> diff = c.differences(modelSpec, data.inputNames(), data.targetNames(), config,
                kernels, identity, scaler, clip);
        if (!diff.isEmpty()) {
            throw new IllegalArgumentException("--resume " + resume + ": the checkpoint is of another run: "
                    + String.join("; ", diff));
        }
        if (c.state().epoch() > config.epochs()) {
            throw new IllegalArgumentException("--resume " + resume + ": the checkpoint is at epoch "
                    + c.state().epoch() + ", past --epochs " + config.epochs());
        }
        return c;
    }

    static Head parseHead(String name) {
        try {
            return name == null ? Head.ISOTROPIC : Head.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--head: " + e.getMessage());
        }
    }

    static int[] parseWidths(List<String> hidden) {
        int[] w = new int[hidden.size()];
        for (int i = 0; i < w.length; i++) {
            String s = hidden.get(i).trim();
            try {
                w[i] = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--hidden: '" + s + "' is not a whole number");
            }
            if (w[i] < 1) {
                throw new IllegalArgumentException("--hidden: layer widths must be at least 1, got " + w[i]);
            }
        }
        return w;
    }

    private Activation[] parseActivations(ModelType type, int layers) {
        if (activation == null) {
            // An MDN defaults to ReLU; an MLP to the seed's sigmoid then softplus, softplus for any further layer.
            return Training.defaultActivations(type, layers);
        }
        Activation[] acts = new Activation[layers];
        List<String> names = activation;
        if (names.size() == 1) {
            Arrays.fill(acts, Activation.parse(names.get(0)));
        } else if (names.size() == layers) {
            for (int i = 0; i < layers; i++) {
                acts[i] = Activation.parse(names.get(i));
            }
        } else {
            throw new IllegalArgumentException("--activation: " + names.size() + " names for " + layers
                    + " hidden layers (give one name, or one per layer)");
        }
        return acts;
    }
}
