package org.mdn4j.gpu;

/** The seed problem trained on CUDA against the scalar CPU trainer; skipped where no cuda device opens. */
class CudaTrainingTest extends DeviceTrainingTest {

    @Override
    String backend() {
        return "cuda";
    }
}
