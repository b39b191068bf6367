package org.mdn4j.gpu;

import java.lang.foreign.MemorySegment;

/**
 * A device buffer of {@code floats} 32-bit elements (floats or ints), owned by the {@link Device}
 * that made it. The handle is the driver's: a {@code cl_mem} for OpenCL, a {@code CUdeviceptr}
 * (as an address) for CUDA; either is passed to a kernel as its 8 bytes.
 */
public record DeviceBuffer(MemorySegment handle, int floats) {
}
