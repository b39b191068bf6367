package org.mdn4j.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.mdn4j.data.Scaler;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.train.ClipNorm;
import org.mdn4j.train.TrainConfig;
import org.mdn4j.train.TrainState;

/**
 * A training run frozen between two epochs (written by {@link CheckpointFile}): what the run is
 * (spec, column names, config, kernels, data, standardisation, gradient clipping) and where it got to
 * ({@link TrainState}).
 *
 * @param kernels the kernels' description ({@code Kernels.describe()}): SIMD results depend on the
 *                vector width and FMA as well as on the family, so all of it must match
 * @param scaler  the standardisation the run trains under ({@code null}: none); the data identity is
 *                that of the unscaled data
 * @param clip    the run's gradient-clipping norm ({@code --clip}, 0: off), or {@link #CLIP_NOT_RECORDED}
 *                for a version 1 checkpoint, written before the norm was recorded
 */
public record Checkpoint(ModelSpec spec, String[] inputNames, String[] targetNames, TrainConfig config,
                         String kernels, DataIdentity data, TrainState state, Scaler scaler, float clip) {

    /** The clipping norm of a checkpoint that does not record it (version 1): a resume takes the command line's. */
    public static final float CLIP_NOT_RECORDED = Float.NaN;

    public Checkpoint {
        if (!Float.isNaN(clip)) {
            ClipNorm.check(clip, "the clipping norm");
        }
    }

    /** A checkpoint of a run on unscaled data, without clipping. */
    public Checkpoint(ModelSpec spec, String[] inputNames, String[] targetNames, TrainConfig config,
                      String kernels, DataIdentity data, TrainState state) {
        this(spec, inputNames, targetNames, config, kernels, data, state, null, 0f);
    }

    /** Whether the checkpoint says which clipping norm its run used. */
    public boolean clipRecorded() {
        return !Float.isNaN(clip);
    }

    /** As {@link #differences(ModelSpec, String[], String[], TrainConfig, String, DataIdentity, Scaler, float)} for unscaled data without clipping. */
    public List<String> differences(ModelSpec otherSpec, String[] otherInputs, String[] otherTargets,
                                    TrainConfig c, String otherKernels, DataIdentity d) {
        return differences(otherSpec, otherInputs, otherTargets, c, otherKernels, d, null, 0f);
    }

    /**
     * What differs between this checkpoint's run and the one described by the arguments, one
     * phrase per difference (empty when resuming is safe). The epoch count may differ: a run can
     * be resumed with more epochs, and no earlier epoch depends on the total. The clipping norm is
     * compared only where the checkpoint records it.
     */
    public List<String> differences(ModelSpec otherSpec, String[] otherInputs, String[] otherTargets,
                                    TrainConfig c, String otherKernels, DataIdentity d, Scaler otherScaler,
                                    float otherClip) {
        List<String> out = new ArrayList<>();
        if (!data.name().equals(d.name())) {
            out.add("data " + d.name() + " (checkpoint: " + data.name() + ")");
        }
        if (data.rows() != d.rows()) {
            out.add("rows " + d.rows() + " (checkpoint: " + data.rows() + ")");
        } else if (data.checksum() != d.checksum()) {
            out.add(String.format(Locale.ROOT, "data checksum %08x (checkpoint: %08x)", d.checksum(), data.checksum()));
        }
        if (!spec.equals(otherSpec)) {
            out.add("model " + otherSpec + " (checkpoint: " + spec + ")");
        }
        if (!Arrays.equals(inputNames, otherInputs) || !Arrays.equals(targetNames, otherTargets)) {
            out.add("columns " + Arrays.toString(otherInputs) + " -> " + Arrays.toString(otherTargets)
                    + " (checkpoint: " + Arrays.toString(inputNames) + " -> " + Arrays.toString(targetNames) + ")");
        }
        TrainConfig k = config;
        differ(out, "--batch", c.batch(), k.batch());
        if (Float.floatToIntBits(c.lr()) != Float.floatToIntBits(k.lr())) {
            out.add("--lr " + c.lr() + " (checkpoint: " + k.lr() + ")");
        }
        if (Float.floatToIntBits(c.beta1()) != Float.floatToIntBits(k.beta1())
                || Float.floatToIntBits(c.beta2()) != Float.floatToIntBits(k.beta2())
                || Float.floatToIntBits(c.eps()) != Float.floatToIntBits(k.eps())) {
            out.add("Adam's betas/eps " + c.beta1() + "/" + c.beta2() + "/" + c.eps() + " (checkpoint: "
                    + k.beta1() + "/" + k.beta2() + "/" + k.eps() + ")");
        }
        differ(out, "--seed", c.seed(), k.seed());
        differ(out, "--threads", c.threads(), k.threads());
        if (clipRecorded() && Float.floatToIntBits(otherClip) != Float.floatToIntBits(clip)) {
            out.add("--clip " + otherClip + " (checkpoint: " + clip + ")");
        }
        if (!kernels.equals(otherKernels)) {
            out.add("kernels '" + otherKernels + "' (checkpoint: '" + kernels + "')");
        }
        // the same data give the same fitted scaler, so a difference here is --standardize itself
        if (!Objects.equals(scaler, otherScaler)) {
            out.add(otherScaler == null || scaler == null
                    ? "--standardize " + standardize(otherScaler) + " (checkpoint: " + standardize(scaler) + ")"
                    : "the fitted scaler (checkpoint: another)");
        }
        return out;
    }

    private static String standardize(Scaler s) {
        return s == null ? "none" : "on";
    }

    private static void differ(List<String> out, String option, long now, long then) {
        if (now != then) {
            out.add(option + " " + now + " (checkpoint: " + then + ")");
        }
    }
}
