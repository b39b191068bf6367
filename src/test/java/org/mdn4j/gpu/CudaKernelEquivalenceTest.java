package org.mdn4j.gpu;

/** The device kernels on CUDA (compiled by NVRTC) against their scalar twins; skipped where no cuda device opens. */
class CudaKernelEquivalenceTest extends DeviceKernelEquivalenceTest {

    @Override
    String backend() {
        return "cuda";
    }
}
