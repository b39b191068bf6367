package org.mdn4j.gpu;

/** The device kernels on OpenCL against their scalar twins; skipped where no opencl device opens. */
class OpenClKernelEquivalenceTest extends DeviceKernelEquivalenceTest {

    @Override
    String backend() {
        return "opencl";
    }
}
