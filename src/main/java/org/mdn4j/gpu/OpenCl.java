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
 * Hand-written FFM downcalls to the OpenCL 1.2 C API in the ICD loader ({@code libOpenCL.so.1}),
 * the calls mdn4j needs and no more. Handles ({@code cl_context}, {@code cl_mem}, …) are plain
 * addresses; {@code cl_uint} and {@code cl_int} are Java ints, {@code size_t} and the bitfields
 * Java longs (LP64). Every wrapper that returns an error code goes through {@link #check}, which
 * turns a failure into a {@link DeviceException} naming the call and the error.
 */
final class OpenCl {

    /** The library loaded unless the system property {@value #LIBRARY_PROPERTY} names another. */
    static final String DEFAULT_LIBRARY = "libOpenCL.so.1";
    static final String LIBRARY_PROPERTY = "mdn4j.opencl.library";

    static final long CL_DEVICE_TYPE_GPU = 1L << 2;
    static final long CL_DEVICE_TYPE_ALL = 0xFFFFFFFFL;
    static final int CL_PLATFORM_NAME = 0x0902;
    static final int CL_DEVICE_NAME = 0x102B;
    static final int CL_PROGRAM_BUILD_LOG = 0x1183;
    static final long CL_MEM_READ_WRITE = 1L;
    static final int CL_DEVICE_NOT_FOUND = -1;
    static final int CL_TRUE = 1;
    static final int CL_FALSE = 0;

    private static final MemoryLayout SIZE_T = JAVA_LONG;

    final String library;
    private final MethodHandle getPlatformIds;
    private final MethodHandle getPlatformInfo;
    private final MethodHandle getDeviceIds;
    private final MethodHandle getDeviceInfo;
    private final MethodHandle createContext;
    private final MethodHandle createCommandQueue;
    private final MethodHandle createProgramWithSource;
    private final MethodHandle buildProgram;
    private final MethodHandle getProgramBuildInfo;
    private final MethodHandle createKernel;
    private final MethodHandle createBuffer;
    private final MethodHandle setKernelArg;
    private final MethodHandle enqueueNdRangeKernel;
    private final MethodHandle enqueueWriteBuffer;
    private final MethodHandle enqueueReadBuffer;
    private final MethodHandle enqueueCopyBuffer;
    private final MethodHandle finish;
    private final MethodHandle releaseMemObject;
    private final MethodHandle releaseKernel;
    private final MethodHandle releaseProgram;
    private final MethodHandle releaseCommandQueue;
    private final MethodHandle releaseContext;

    private OpenCl(String library, SymbolLookup lookup) {
        this.library = library;
        getPlatformIds = bind(lookup, "clGetPlatformIDs", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
        getPlatformInfo = bind(lookup, "clGetPlatformInfo", JAVA_INT, ADDRESS, JAVA_INT, SIZE_T, ADDRESS, ADDRESS);
        getDeviceIds = bind(lookup, "clGetDeviceIDs", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS);
        getDeviceInfo = bind(lookup, "clGetDeviceInfo", JAVA_INT, ADDRESS, JAVA_INT, SIZE_T, ADDRESS, ADDRESS);
        createContext = bind(lookup, "clCreateContext", ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        createCommandQueue = bind(lookup, "clCreateCommandQueue", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        createProgramWithSource = bind(lookup, "clCreateProgramWithSource", ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                ADDRESS, ADDRESS);
        buildProgram = bind(lookup, "clBuildProgram", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        getProgramBuildInfo = bind(lookup, "clGetProgramBuildInfo", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, SIZE_T,
                ADDRESS, ADDRESS);
        createKernel = bind(lookup, "clCreateKernel", ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        createBuffer = bind(lookup, "clCreateBuffer", ADDRESS, ADDRESS, JAVA_LONG, SIZE_T, ADDRESS, ADDRESS);
        setKernelArg = bind(lookup, "clSetKernelArg", JAVA_INT, ADDRESS, JAVA_INT, SIZE_T, ADDRESS);
        enqueueNdRangeKernel = bind(lookup, "clEnqueueNDRangeKernel", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        enqueueWriteBuffer = bind(lookup, "clEnqueueWriteBuffer", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, SIZE_T, SIZE_T,
                ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        enqueueReadBuffer = bind(lookup, "clEnqueueReadBuffer", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, SIZE_T, SIZE_T,
                ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        enqueueCopyBuffer = bind(lookup, "clEnqueueCopyBuffer", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, SIZE_T, SIZE_T,
                SIZE_T, JAVA_INT, ADDRESS, ADDRESS);
        finish = bind(lookup, "clFinish", JAVA_INT, ADDRESS);
        releaseMemObject = bind(lookup, "clReleaseMemObject", JAVA_INT, ADDRESS);
        releaseKernel = bind(lookup, "clReleaseKernel", JAVA_INT, ADDRESS);
        releaseProgram = bind(lookup, "clReleaseProgram", JAVA_INT, ADDRESS);
        releaseCommandQueue = bind(lookup, "clReleaseCommandQueue", JAVA_INT, ADDRESS);
        releaseContext = bind(lookup, "clReleaseContext", JAVA_INT, ADDRESS);
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, MemoryLayout result, MemoryLayout... args) {
        return Downcalls.bind(lookup, "OpenCL", name, result, args);
    }

    /**
     * Loads the OpenCL library named by {@value #LIBRARY_PROPERTY} (default
     * {@value #DEFAULT_LIBRARY}) for the life of the process.
     *
     * @throws DeviceException when the library cannot be loaded or lacks a function
     */
    static OpenCl load() {
        String library = System.getProperty(LIBRARY_PROPERTY, DEFAULT_LIBRARY);
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new DeviceException("OpenCL unavailable: cannot load " + library
                    + " (install an OpenCL driver and its ICD loader, e.g. pocl-opencl-icd and ocl-icd-libopencl1)");
        }
        return new OpenCl(library, lookup);
    }


    /** Throws a {@link DeviceException} naming {@code call} and the error unless {@code code} is CL_SUCCESS. */
    static void check(int code, String call) {
        if (code != 0) {
            throw new DeviceException("OpenCL " + call + " failed: " + ClErrors.name(code));
        }
    }

    int getPlatformIds(int entries, MemorySegment platforms, MemorySegment count) {
        return (int) Downcalls.invoke(getPlatformIds, entries, platforms, count);
    }

    int getPlatformInfo(MemorySegment platform, int param, long size, MemorySegment value, MemorySegment sizeRet) {
        return (int) Downcalls.invoke(getPlatformInfo, platform, param, size, value, sizeRet);
    }

    int getDeviceIds(MemorySegment platform, long type, int entries, MemorySegment devices, MemorySegment count) {
        return (int) Downcalls.invoke(getDeviceIds, platform, type, entries, devices, count);
    }

    int getDeviceInfo(MemorySegment device, int param, long size, MemorySegment value, MemorySegment sizeRet) {
        return (int) Downcalls.invoke(getDeviceInfo, device, param, size, value, sizeRet);
    }

    MemorySegment createContext(MemorySegment devices, int count, MemorySegment err) {
        return (MemorySegment) Downcalls.invoke(createContext, MemorySegment.NULL, count, devices, MemorySegment.NULL,
                MemorySegment.NULL, err);
    }

    MemorySegment createCommandQueue(MemorySegment context, MemorySegment device, MemorySegment err) {
        return (MemorySegment) Downcalls.invoke(createCommandQueue, context, device, 0L, err);
    }

    MemorySegment createProgramWithSource(MemorySegment context, MemorySegment strings, MemorySegment lengths,
                                          MemorySegment err) {
        return (MemorySegment) Downcalls.invoke(createProgramWithSource, context, 1, strings, lengths, err);
    }

    int buildProgram(MemorySegment program, MemorySegment devices, MemorySegment options) {
        return (int) Downcalls.invoke(buildProgram, program, 1, devices, options, MemorySegment.NULL, MemorySegment.NULL);
    }

    int getProgramBuildInfo(MemorySegment program, MemorySegment device, int param, long size, MemorySegment value,
                            MemorySegment sizeRet) {
        return (int) Downcalls.invoke(getProgramBuildInfo, program, device, param, size, value, sizeRet);
    }

    MemorySegment createKernel(MemorySegment program, MemorySegment name, MemorySegment err) {
        return (MemorySegment) Downcalls.invoke(createKernel, program, name, err);
    }

    MemorySegment createBuffer(MemorySegment context, long bytes, MemorySegment err) {
        return (MemorySegment) Downcalls.invoke(createBuffer, context, CL_MEM_READ_WRITE, bytes, MemorySegment.NULL, err);
    }

    int setKernelArg(MemorySegment kernel, int index, long size, MemorySegment value) {
        return (int) Downcalls.invoke(setKernelArg, kernel, index, size, value);
    }

    /** A one-dimensional range; {@code localSize} NULL lets the driver choose the work-group size. */
    int enqueueNdRangeKernel(MemorySegment queue, MemorySegment kernel, MemorySegment globalSize,
                             MemorySegment localSize) {
        return (int) Downcalls.invoke(enqueueNdRangeKernel, queue, kernel, 1, MemorySegment.NULL, globalSize,
                localSize, 0, MemorySegment.NULL, MemorySegment.NULL);
    }

    int enqueueWriteBuffer(MemorySegment queue, MemorySegment buffer, long offset, long bytes, MemorySegment src) {
        return (int) Downcalls.invoke(enqueueWriteBuffer, queue, buffer, CL_TRUE, offset, bytes, src, 0, MemorySegment.NULL,
                MemorySegment.NULL);
    }

    int enqueueReadBuffer(MemorySegment queue, MemorySegment buffer, long offset, long bytes, MemorySegment dst) {
        return (int) Downcalls.invoke(enqueueReadBuffer, queue, buffer, CL_TRUE, offset, bytes, dst, 0, MemorySegment.NULL,
                MemorySegment.NULL);
    }

    int enqueueCopyBuffer(MemorySegment queue, MemorySegment src, MemorySegment dst, long bytes) {
        return (int) Downcalls.invoke(enqueueCopyBuffer, queue, src, dst, 0L, 0L, bytes, 0, MemorySegment.NULL,
                MemorySegment.NULL);
    }

    int finish(MemorySegment queue) {
        return (int) Downcalls.invoke(finish, queue);
    }

    int releaseMemObject(MemorySegment handle) {
        return (int) Downcalls.invoke(releaseMemObject, handle);
    }

    int releaseKernel(MemorySegment handle) {
        return (int) Downcalls.invoke(releaseKernel, handle);
    }

    int releaseProgram(MemorySegment handle) {
        return (int) Downcalls.invoke(releaseProgram, handle);
    }

    int releaseCommandQueue(MemorySegment handle) {
        return (int) Downcalls.invoke(releaseCommandQueue, handle);
    }

    int releaseContext(MemorySegment handle) {
        return (int) Downcalls.invoke(releaseContext, handle);
    }

}
