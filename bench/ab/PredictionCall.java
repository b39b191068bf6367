import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.mdn4j.api.MdnModel;
import org.mdn4j.api.MdnPredictor;
import org.mdn4j.io.Model;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.KernelSelector;
import org.mdn4j.mixture.IsotropicMixture;
import org.mdn4j.mixture.Predictor;
import org.mdn4j.nn.ModelSpec;
import org.mdn4j.nn.ParameterLayout;
import org.mdn4j.nn.Parameters;

/**
 * One build's single prediction with the seed's model (1-5-5-9 ReLU, K = 3), behind an interface
 * the JDK defines, so that {@link PredictionSideBySide} can load two builds in one JVM, each in a
 * class loader of its own. "api": {@code MdnPredictor.predict} (mean and mode); "engine": the
 * engine's {@code Predictor.outputsOfOne} and {@code IsotropicMixture.meanAndMode}, as
 * {@code PredictionBenchmark.meanAndMode} runs them.
 */
public final class PredictionCall implements IntToDoubleFunction {

    private final MdnPredictor api;
    private final Predictor engine;
    private final boolean useApi;
    private final float[] x = new float[1];
    private final double[] pi = new double[3];
    private final double[] mean = new double[1];
    private final double[] mode = new double[1];

    public PredictionCall(String path) {
        ModelSpec spec = ModelSpec.mdn(1, 1, 3, new int[] {5, 5}, new Activation[] {Activation.RELU, Activation.RELU});
        float[] p = Parameters.initialise(spec, new ParameterLayout(spec), 19);
        Model model = new Model(spec, p, new String[] {"t"}, new String[] {"x"}, Map.of());
        System.setProperty(KernelSelector.PROPERTY, "simd");
        api = MdnModel.of(model).predictor();
        engine = new Predictor(model, KernelSelector.select("simd"));
        useApi = switch (path) {
            case "api" -> true;
            case "engine" -> false;
            default -> throw new IllegalArgumentException("path: api or engine, not " + path);
        };
    }

    @Override
    public double applyAsDouble(int call) {
        x[0] = (call & 1023) / 1024f;
        if (useApi) {
            api.predict(x, mean, null, mode);
        } else {
            IsotropicMixture.meanAndMode(engine.outputsOfOne(x, 0), 0, 1, 3, 1, pi, mean, mode);
        }
        return mean[0] + mode[0];
    }
}
