package org.mdn4j.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Hand-written FFM downcalls to the CUDA driver API ({@code libcuda.so.1}), the calls mdn4j needs:
 * initialisation, the device's primary context, module load from PTX, kernel launch on the
 * default stream, device memory and copies, error names. {@code CUresult} and {@code CUdevice} are
 * Java ints, {@code CUdeviceptr} and {@code size_t} Java longs, other handles addresses. Every
 * call that returns a {@code CUresult} goes through {@link #check}, which names the error
 * ({@code cuGetErrorName}) in a {@link DeviceException}.
 */
final class Cuda {

    static final String DEFAULT_LIBRARY = "libcuda.so.1";
    static final String LIBRARY_PROPERTY = "mdn4j.cuda.library";
    static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;


    private final MethodHandle init;
    private final MethodHandle deviceGetCount;
    private final MethodHandle deviceGet;
    private final MethodHandle deviceGetName;
    private final MethodHandle deviceGetAttribute;
    private final MethodHandle primaryCtxRetain;
    private final MethodHandle primaryCtxRelease;
    private final MethodHandle ctxSetCurrent;
    private final MethodHandle ctxSynchronize;
    private final MethodHandle moduleLoadData;
    private final MethodHandle moduleGetFunction;
    private final MethodHandle moduleUnload;
    private final MethodHandle memAlloc;
    private final MethodHandle memFree;
    private final MethodHandle memcpyHtoD;
    private final MethodHandle memcpyDtoH;
    private final MethodHandle memcpyDtoD;
    private final MethodHandle launchKernel;
    private final MethodHandle getErrorName;

    private Cuda(SymbolLookup lookup) {
        init = bind(lookup, "cuInit", JAVA_INT, JAVA_INT);
        deviceGetCount = bind(lookup, "cuDeviceGetCount", JAVA_INT, ADDRESS);
        deviceGet = bind(lookup, "cuDeviceGet", JAVA_INT, ADDRESS, JAVA_INT);
        deviceGetName = bind(lookup, "cuDeviceGetName", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        deviceGetAttribute = bind(lookup, "cuDeviceGetAttribute", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        primaryCtxRetain = bind(lookup, "cuDevicePrimaryCtxRetain", JAVA_INT, ADDRESS, JAVA_INT);
        primaryCtxRelease = bind(lookup, "cuDevicePrimaryCtxRelease_v2", JAVA_INT, JAVA_INT);
        ctxSetCurrent = bind(lookup, "cuCtxSetCurrent", JAVA_INT, ADDRESS);
        ctxSynchronize = bind(lookup, "cuCtxSynchronize", JAVA_INT);
        moduleLoadData = bind(lookup, "cuModuleLoadData", JAVA_INT, ADDRESS, ADDRESS);
        moduleGetFunction = bind(lookup, "cuModuleGetFunction", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        moduleUnload = bind(lookup, "cuModuleUnload", JAVA_INT, ADDRESS);
        memAlloc = bind(lookup, "cuMemAlloc_v2", JAVA_INT, ADDRESS, JAVA_LONG);
        memFree = bind(lookup, "cuMemFree_v2", JAVA_INT, JAVA_LONG);
        memcpyHtoD = bind(lookup, "cuMemcpyHtoD_v2", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG);
        memcpyDtoH = bind(lookup, "cuMemcpyDtoH_v2", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
        memcpyDtoD = bind(lookup, "cuMemcpyDtoD_v2", JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        launchKernel = bind(lookup, "cuLaunchKernel", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        getErrorName = bind(lookup, "cuGetErrorName", JAVA_INT, JAVA_INT, ADDRESS);
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, MemoryLayout result, MemoryLayout... args) {
        return Downcalls.bind(lookup, "CUDA", name, result, args);
    }

    /**
     * Loads the driver library named by {@value #LIBRARY_PROPERTY} (default
     * {@value #DEFAULT_LIBRARY}).
     *
     * @throws DeviceException when it cannot be loaded or lacks a function
     */
    static Cuda load() {
        String library = System.getProperty(LIBRARY_PROPERTY, DEFAULT_LIBRARY);
        try {
            return new Cuda(SymbolLookup.libraryLookup(library, Arena.global()));
        } catch (IllegalArgumentException e) {
            if (e instanceof DeviceException d) {
                throw d;
            }
            throw new DeviceException("CUDA unavailable: cannot load " + library + " (no NVIDIA driver here)");
        }
    }


    /** Throws a {@link DeviceException} naming {@code call} and the error unless {@code code} is CUDA_SUCCESS. */
    void check(int code, String call) {
        if (code != 0) {
            throw new DeviceException("CUDA " + call + " failed: " + errorName(code));
        }
    }

    String errorName(int code) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            if ((int) Downcalls.invoke(getErrorName, code, p) != 0 || p.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
                return "CUDA_ERROR(" + code + ")";
            }
            return p.get(ADDRESS, 0).reinterpret(256).getString(0);
        }
    }

    void init() {
        check((int) Downcalls.invoke(init, 0), "cuInit");
    }

    int deviceCount(MemorySegment count) {
        check((int) Downcalls.invoke(deviceGetCount, count), "cuDeviceGetCount");
        return count.get(JAVA_INT, 0);
    }

    int device(MemorySegment out, int ordinal) {
        check((int) Downcalls.invoke(deviceGet, out, ordinal), "cuDeviceGet");
        return out.get(JAVA_INT, 0);
    }

    String deviceName(Arena arena, int device) {
        MemorySegment name = arena.allocate(256);
        check((int) Downcalls.invoke(deviceGetName, name, 256, device), "cuDeviceGetName");
        return name.getString(0);
    }

    int attribute(MemorySegment out, int attribute, int device) {
        check((int) Downcalls.invoke(deviceGetAttribute, out, attribute, device), "cuDeviceGetAttribute");
        return out.get(JAVA_INT, 0);
    }

    MemorySegment retainPrimaryContext(MemorySegment out, int device) {
        check((int) Downcalls.invoke(primaryCtxRetain, out, device), "cuDevicePrimaryCtxRetain");
        return out.get(ADDRESS, 0);
    }

    int releasePrimaryContext(int device) {
        return (int) Downcalls.invoke(primaryCtxRelease, device);
    }

    void setCurrent(MemorySegment context) {
        check((int) Downcalls.invoke(ctxSetCurrent, context), "cuCtxSetCurrent");
    }

    void synchronize() {
        check((int) Downcalls.invoke(ctxSynchronize), "cuCtxSynchronize");
    }

    MemorySegment loadModule(MemorySegment out, MemorySegment ptx) {
        check((int) Downcalls.invoke(moduleLoadData, out, ptx), "cuModuleLoadData");
        return out.get(ADDRESS, 0);
    }

    MemorySegment function(MemorySegment out, MemorySegment module, MemorySegment name, String kernel) {
        check((int) Downcalls.invoke(moduleGetFunction, out, module, name), "cuModuleGetFunction(" + kernel + ")");
        return out.get(ADDRESS, 0);
    }

    int unloadModule(MemorySegment module) {
        return (int) Downcalls.invoke(moduleUnload, module);
    }

    long alloc(MemorySegment out, long bytes) {
        check((int) Downcalls.invoke(memAlloc, out, bytes), "cuMemAlloc");
        return out.get(JAVA_LONG, 0);
    }

    int free(long pointer) {
        return (int) Downcalls.invoke(memFree, pointer);
    }

    void copyToDevice(long dst, MemorySegment src, long bytes) {
        check((int) Downcalls.invoke(memcpyHtoD, dst, src, bytes), "cuMemcpyHtoD");
    }

    void copyToHost(MemorySegment dst, long src, long bytes) {
        check((int) Downcalls.invoke(memcpyDtoH, dst, src, bytes), "cuMemcpyDtoH");
    }

    void copyOnDevice(long dst, long src, long bytes) {
        check((int) Downcalls.invoke(memcpyDtoD, dst, src, bytes), "cuMemcpyDtoD");
    }

    /**
     * Launches on the default stream: {@code blocks × threads} threads, no shared memory,
     * {@code params} the array of pointers to the arguments' values ({@code kernelParams}), no
     * {@code extra}. The one call per kernel, so it is invoked exactly, without the boxing and
     * argument array of {@link Downcalls#invoke}, and the error text is built only on failure.
     */
    void launch(MemorySegment function, int blocks, int threads, MemorySegment params, String kernel) {
        int rc;
        try {
            rc = (int) launchKernel.invokeExact(function, blocks, 1, 1, threads, 1, 1, 0, MemorySegment.NULL, params,
                    MemorySegment.NULL);
        } catch (Throwable t) {
            throw Downcalls.unchecked(t);
        }
        if (rc != 0) {
            check(rc, "cuLaunchKernel(" + kernel + ")");
        }
    }

}
