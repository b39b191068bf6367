package org.mdn4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one constant that decides the SIMD width, kept apart so that a missing
 * {@code jdk.incubator.vector} fails in one place.
 *
 * <p>Property {@code mdn4j.vectorBits} (64, 128, 256 or 512) overrides the platform's preferred
 * width, so narrower vectors can be tested on a wide machine; a width the CPU lacks still runs
 * (the Vector API falls back to slow Java code), so it is only for tests.
 */
final class SimdSpecies {

    static final VectorSpecies<Float> SPECIES = choose();

    private SimdSpecies() {
    }

    private static VectorSpecies<Float> choose() {
        String bits = System.getProperty("mdn4j.vectorBits");
        if (bits == null || bits.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(Integer.parseInt(bits.trim())));
    }
}
