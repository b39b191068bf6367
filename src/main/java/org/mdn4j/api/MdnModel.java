package org.mdn4j.api;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.mdn4j.data.DataException;
import org.mdn4j.io.Model;
import org.mdn4j.io.ModelFile;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.kernel.Kernels;
import org.mdn4j.nn.ModelType;

/**
 * A trained mdn4j model opened for prediction in a Java program: the embedding facade. Load a
 * model file written by {@code mdn train} (or wrap a {@link Model} in memory), take its
 * {@link #predictor()}, predict into arrays you provide, and close it when done:
 *
 * <pre>{@code
 * try (MdnModel model = MdnModel.load(Path.of("inverse-mdn.mdn"))) {
 *     MdnPredictor predictor = model.predictor();
 *     double[] mean = new double[model.targets()];
 *     predictor.predict(new float[] {0.5f}, mean, null, null);
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> A model and its predictor may be shared by any number of threads. A call
 * borrows scratch buffers from slots the model owns, so once the slots hold as many as calls run
 * at once, calls allocate nothing; the threads keep nothing of the model after it is closed.
 *
 * <p><b>Closing.</b> {@link #close()} refuses new calls at once — every call that starts after it
 * throws {@code IllegalStateException("model is closed")} — and then waits for the calls already
 * in progress to return (they complete normally, with correct results) before it drops the
 * network, its parameters and the scratch buffers (a closed model that is still referenced holds
 * none of them). Closing twice is harmless. A prediction call is a bounded
 * computation, so the wait is bounded too; {@link #callsInFlight()} tells a service how many calls
 * a close would wait for.
 *
 * <p><b>Memory.</b> The parameters are one heap {@code float[]} (the kernels read float arrays);
 * the model holds no native or off-heap memory. {@code docs/RELIABILITY.md} records a measurement
 * of 10⁵ load/predict/close cycles.
 *
 * <p><b>JVM flags.</b> {@code --add-modules jdk.incubator.vector} enables the SIMD kernels for
 * batches (without it the scalar kernels run, with one warning); see the README.
 */
public final class MdnModel implements AutoCloseable {

    private final CallSlots<?> calls;
    private final int inputs;
    private final int targets;
    private final int components;
    private final String[] inputNames;
    private final String[] targetNames;
    private final Map<String, String> metadata;
    private final MdnPredictor predictor;

    private MdnModel(Model model, Kernels kernels) {
        this.inputs = model.spec().inputs();
        this.targets = model.spec().targets();
        this.components = model.spec().components();
        this.inputNames = model.inputNames();
        this.targetNames = model.targetNames();
        this.metadata = model.metadata();
        this.predictor = new MdnPredictor(model, kernels);
        this.calls = predictor.calls();
    }

    /**
     * Reads a model file and opens it with the kernels {@code -Dmdn4j.kernels} names (by default
     * SIMD when the Vector API is available, else scalar).
     *
     * @throws DataException if the file cannot be read or is not a valid model file; the message
     *         names the file, the byte offset and the problem in one line
     */
    public static MdnModel load(Path file) throws DataException {
        return new MdnModel(ModelFile.read(file), KernelSelector.fromProperty());
    }

    /** Opens a model held in memory (one just trained, or read with {@link ModelFile}). */
    public static MdnModel of(Model model) {
        return new MdnModel(model, KernelSelector.fromProperty());
    }

    /**
     * As {@link #of(Model)}, with the given kernels rather than the {@code -Dmdn4j.kernels}
     * property's ({@code KernelSelector.select("scalar")} for the scalar reference, say, or
     * {@code "simd"}): for comparing kernel families in one process, as {@code mdn bench} does.
     */
    public static MdnModel of(Model model, Kernels kernels) {
        return new MdnModel(model, kernels);
    }

    /**
     * The thread-safe predictor of this model (the same object on every call).
     *
     * @throws IllegalStateException if the model is closed
     */
    public MdnPredictor predictor() {
        if (calls.isClosed()) {
            throw new IllegalStateException("model is closed");
        }
        return predictor;
    }

    /** D, the number of inputs a row has. */
    public int inputs() {
        return inputs;
    }

    /** L, the number of targets predicted per row. */
    public int targets() {
        return targets;
    }

    /** K, the mixture components (0 for a plain regression network, an MLP). */
    public int components() {
        return components;
    }

    /** Whether the model predicts a distribution (an MDN) rather than a single value (an MLP). */
    public boolean isMixture() {
        return components > 0;
    }

    /** The input column names, in the order a row's inputs are given. */
    public String[] inputNames() {
        return inputNames.clone();
    }

    /** The target column names, in the order predictions are written. */
    public String[] targetNames() {
        return targetNames.clone();
    }

    /** The training metadata stored in the model file (data, epochs, final loss, date, …). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Prediction calls in progress now. */
    public int callsInFlight() {
        return calls.count();
    }

    public boolean isClosed() {
        return calls.isClosed();
    }

    /**
     * Refuses new prediction calls, waits for those in progress to return, then releases the
     * parameters and scratch space. Idempotent.
     */
    @Override
    public void close() {
        if (calls.closeAndAwait()) {
            predictor.release();
        }
    }

    @Override
    public String toString() {
        return (isMixture() ? ModelType.MDN : ModelType.MLP).name().toLowerCase(Locale.ROOT) + " model, "
                + inputs + " inputs, " + targets + " targets" + (isMixture() ? ", " + components + " components" : "")
                + (isClosed() ? " (closed)" : "");
    }
}
