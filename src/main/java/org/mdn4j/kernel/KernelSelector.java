package org.mdn4j.kernel;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Chooses the kernels once per process.
 *
 * <p>The order of checks follows Lucene's vectorization provider: an explicit request (argument
 * or property {@code mdn4j.kernels}) wins; otherwise SIMD is used when the
 * {@code jdk.incubator.vector} module is readable and gives at least 2 float lanes, else the scalar
 * kernels run with one warning saying how to enable SIMD. {@link SimdBackend} is loaded only after
 * those checks pass.
 */
public final class KernelSelector {

    /** System property naming the kernels: {@code scalar}, {@code simd} or {@code auto}. */
    public static final String PROPERTY = "mdn4j.kernels";

    private static final System.Logger LOG = System.getLogger("org.mdn4j.kernel");
    private static volatile Kernels announced;

    private KernelSelector() {
    }

    /** The kernels named by {@link #PROPERTY}, or auto-selected. */
    public static Kernels fromProperty() {
        return select(System.getProperty(PROPERTY, "auto"));
    }

    /**
     * The kernels for {@code name} ({@code scalar}, {@code simd} or {@code auto}).
     *
     * @throws IllegalArgumentException for an unknown name, or {@code simd} where the Vector API
     *         is not available (the message says how to enable it)
     */
    public static Kernels select(String name) {
        String n = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        Kernels chosen = switch (n) {
            case "scalar" -> ScalarBackend.INSTANCE;
            case "simd" -> {
                String why = simdUnavailableReason();
                if (why != null) {
                    throw new IllegalArgumentException("SIMD kernels unavailable: " + why);
                }
                yield SimdBackend.INSTANCE;
            }
            case "auto" -> {
                String why = simdUnavailableReason();
                if (why != null) {
                    LOG.log(Level.WARNING, "falling back to scalar kernels: " + why);
                    yield ScalarBackend.INSTANCE;
                }
                yield SimdBackend.INSTANCE;
            }
            default -> throw new IllegalArgumentException("unknown backend '" + name + "' (expected scalar, simd or auto)");
        };
        announce(chosen);
        return chosen;
    }

    /** Null when the Vector API kernels can run here, else the reason and the fix. */
    public static String simdUnavailableReason() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "module jdk.incubator.vector is not loaded; run the JVM with --add-modules jdk.incubator.vector";
        }
        try {
            if (SimdBackend.lanes() < 2) {
                return "the vector species has fewer than 2 float lanes on this CPU";
            }
        } catch (LinkageError | RuntimeException e) {
            return "the Vector API failed to initialise: " + e;
        }
        return null;
    }

    /** Logs the chosen kernels once per process, at INFO. */
    private static void announce(Kernels k) {
        if (announced != k) {
            announced = k;
            LOG.log(Level.INFO, "kernels: " + k.describe() + ("simd".equals(k.name()) ? "; " + BufferAlignment.describe()
                    : ""));
        }
    }
}
