package org.mdn4j.gpu;

/** The seed problem trained on OpenCL against the scalar CPU trainer; skipped where no opencl device opens. */
class OpenClTrainingTest extends DeviceTrainingTest {

    @Override
    String backend() {
        return "opencl";
    }
}
