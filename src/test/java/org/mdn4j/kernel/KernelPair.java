package org.mdn4j.kernel;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mdn4j.kernel.KernelTestSupport.ErrorStats;

/**
 * What every kernel-equivalence test class sets up, registered as
 * {@code @RegisterExtension static final KernelPair KERNELS = new KernelPair();}: the scalar
 * reference, the Vector API kernels (selected before the class's tests; the class is skipped where
 * they cannot run and the build does not expect them, see {@link KernelTestSupport#simd}) and the
 * class's error statistics, printed after its tests with the kernels' description.
 */
final class KernelPair implements BeforeAllCallback, AfterAllCallback {

    private final Kernels scalar = KernelTestSupport.scalar();
    private final ErrorStats stats = new ErrorStats();
    private Kernels simd;

    @Override
    public void beforeAll(ExtensionContext context) {
        simd = KernelTestSupport.simd();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (simd != null) {
            System.out.println(stats.report(context.getRequiredTestClass().getSimpleName() + " (" + simd.describe() + ")"));
        }
    }

    Kernels scalar() {
        return scalar;
    }

    Kernels simd() {
        return simd;
    }

    ErrorStats stats() {
        return stats;
    }
}
