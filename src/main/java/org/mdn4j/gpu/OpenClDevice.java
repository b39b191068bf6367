package org.mdn4j.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One OpenCL device ready to run mdn4j's kernels: the first GPU of the first platform that has
 * one (else the first device of any type; PoCL's CPU device in CI), a context, an in-order
 * command queue, the program built from {@link KernelSource}, its kernels, and every buffer made
 * through it. {@link #close()} releases all of them in reverse order of creation.
 *
 * <p>Not thread-safe: one thread drives a device.
 */
public final class OpenClDevice implements Device {

    /**
     * Build options: IEEE-rounded division and square root, as Java's, so the kernels track the
     * scalar twins closely (the header turns off contraction into fused multiply-adds).
     */
    static final String BUILD_OPTIONS = "-cl-fp32-correctly-rounded-divide-sqrt";

    private final OpenCl cl;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment context;
    private final MemorySegment queue;
    private final MemorySegment program;
    private final String description;
    private final Map<String, MemorySegment> kernels = new LinkedHashMap<>();
    private final List<DeviceBuffer> buffers = new ArrayList<>();
    private final HostStaging host;
    /** Scratch for the global and local sizes and error codes. */
    private final MemorySegment globalSize;
    private final MemorySegment localSize;
    /** Per-kernel times when {@link KernelTimings#PROPERTY} asks for them, else null. */
    private final KernelTimings timings = KernelTimings.ifRequested();
    private final MemorySegment err;
    private boolean closed;

    private OpenClDevice(OpenCl cl) {
        this.cl = cl;
        this.host = new HostStaging(arena);
        this.globalSize = arena.allocate(JAVA_LONG);
        this.localSize = arena.allocate(JAVA_LONG);
        this.err = arena.allocate(JAVA_INT);
        MemorySegment chosenDevice = MemorySegment.NULL;
        MemorySegment ctx = MemorySegment.NULL;
        MemorySegment q = MemorySegment.NULL;
        MemorySegment prog = MemorySegment.NULL;
        try {
            MemorySegment[] platformAndDevice = pickDevice();
            chosenDevice = platformAndDevice[1];
            MemorySegment devices = arena.allocate(ADDRESS);
            devices.set(ADDRESS, 0, chosenDevice);
            ctx = cl.createContext(devices, 1, err);
            OpenCl.check(err.get(JAVA_INT, 0), "clCreateContext");
            q = cl.createCommandQueue(ctx, chosenDevice, err);
            OpenCl.check(err.get(JAVA_INT, 0), "clCreateCommandQueue");
            prog = build(ctx, chosenDevice, devices);
            this.description = "opencl (" + infoString(platformAndDevice[0], true, OpenCl.CL_PLATFORM_NAME) + ": "
                    + infoString(chosenDevice, false, OpenCl.CL_DEVICE_NAME) + ")";
        } catch (RuntimeException e) {
            if (!prog.equals(MemorySegment.NULL)) {
                cl.releaseProgram(prog);
            }
            if (!q.equals(MemorySegment.NULL)) {
                cl.releaseCommandQueue(q);
            }
            if (!ctx.equals(MemorySegment.NULL)) {
                cl.releaseContext(ctx);
            }
            arena.close();
            throw e;
        }
        this.context = ctx;
        this.queue = q;
        this.program = prog;
    }

    /**
     * Opens the device, or says in one line why it cannot: no library, no platform, no device, or
     * a kernel source that does not compile (with the compiler's log).
     *
     * @throws DeviceException naming the OpenCL error
     */
    public static OpenClDevice open() {
        return new OpenClDevice(OpenCl.load());
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String describe() {
        return description;
    }

    private MemorySegment[] pickDevice() {
        MemorySegment count = arena.allocate(JAVA_INT);
        int rc = cl.getPlatformIds(0, MemorySegment.NULL, count);
        if (rc == -1001 || (rc == 0 && count.get(JAVA_INT, 0) == 0)) {
            throw new DeviceException("OpenCL unavailable: no platform (" + ClErrors.name(rc == 0 ? -1001 : rc)
                    + "); install a driver, e.g. pocl-opencl-icd");
        }
        OpenCl.check(rc, "clGetPlatformIDs");
        int platforms = count.get(JAVA_INT, 0);
        MemorySegment ids = arena.allocate(ADDRESS, platforms);
        OpenCl.check(cl.getPlatformIds(platforms, ids, MemorySegment.NULL), "clGetPlatformIDs");
        MemorySegment dev = arena.allocate(ADDRESS);
        for (long type : new long[] {OpenCl.CL_DEVICE_TYPE_GPU, OpenCl.CL_DEVICE_TYPE_ALL}) {
            for (int p = 0; p < platforms; p++) {
                MemorySegment platform = ids.getAtIndex(ADDRESS, p);
                int r = cl.getDeviceIds(platform, type, 1, dev, MemorySegment.NULL);
                if (r == 0) {
                    return new MemorySegment[] {platform, dev.get(ADDRESS, 0)};
                }
                if (r != OpenCl.CL_DEVICE_NOT_FOUND) {
                    OpenCl.check(r, "clGetDeviceIDs");
                }
            }
        }
        throw new DeviceException("OpenCL unavailable: no device on " + platforms + " platform"
                + (platforms == 1 ? "" : "s") + " (CL_DEVICE_NOT_FOUND)");
    }

    private MemorySegment build(MemorySegment ctx, MemorySegment dev, MemorySegment devices) {
        KernelSource.Unit source = KernelSource.load();
        MemorySegment text = arena.allocateFrom(source.text());
        MemorySegment strings = arena.allocate(ADDRESS);
        strings.set(ADDRESS, 0, text);
        MemorySegment prog = cl.createProgramWithSource(ctx, strings, MemorySegment.NULL, err);
        OpenCl.check(err.get(JAVA_INT, 0), "clCreateProgramWithSource");
        int rc = cl.buildProgram(prog, devices, arena.allocateFrom(BUILD_OPTIONS));
        if (rc != 0) {
            String log = buildLog(prog, dev);
            cl.releaseProgram(prog);
            throw new DeviceException("OpenCL cannot compile the kernels from " + source.origin() + ": "
                    + ClErrors.name(rc) + (log.isEmpty() ? "" : ": " + log));
        }
        return prog;
    }

    /** The compiler's log, its lines joined with " | " so the error stays one line. */
    private String buildLog(MemorySegment prog, MemorySegment dev) {
        MemorySegment size = arena.allocate(JAVA_LONG);
        if (cl.getProgramBuildInfo(prog, dev, OpenCl.CL_PROGRAM_BUILD_LOG, 0, MemorySegment.NULL, size) != 0) {
            return "";
        }
        long n = size.get(JAVA_LONG, 0);
        MemorySegment log = arena.allocate(Math.max(1, n));
        if (cl.getProgramBuildInfo(prog, dev, OpenCl.CL_PROGRAM_BUILD_LOG, n, log, MemorySegment.NULL) != 0) {
            return "";
        }
        return log.getString(0).strip().replaceAll("\\s*\\R\\s*", " | ");
    }

    private String infoString(MemorySegment handle, boolean platform, int param) {
        MemorySegment size = arena.allocate(JAVA_LONG);
        int rc = platform ? cl.getPlatformInfo(handle, param, 0, MemorySegment.NULL, size)
                : cl.getDeviceInfo(handle, param, 0, MemorySegment.NULL, size);
        OpenCl.check(rc, platform ? "clGetPlatformInfo" : "clGetDeviceInfo");
        long n = size.get(JAVA_LONG, 0);
        MemorySegment value = arena.allocate(JAVA_BYTE, Math.max(1, n));
        rc = platform ? cl.getPlatformInfo(handle, param, n, value, MemorySegment.NULL)
                : cl.getDeviceInfo(handle, param, n, value, MemorySegment.NULL);
        OpenCl.check(rc, platform ? "clGetPlatformInfo" : "clGetDeviceInfo");
        return value.getString(0).strip();
    }

    @Override
    public DeviceBuffer buffer(int floats) {
        MemorySegment handle = cl.createBuffer(context, (long) Math.max(1, floats) * Float.BYTES, err);
        OpenCl.check(err.get(JAVA_INT, 0), "clCreateBuffer");
        DeviceBuffer b = new DeviceBuffer(handle, floats);
        buffers.add(b);
        return b;
    }

    @Override
    public void write(DeviceBuffer dst, int at, float[] src, int from, int count) {
        upload(dst, at, host.floats(src, from, count), count);
    }

    @Override
    public void write(DeviceBuffer dst, int at, int[] src, int from, int count) {
        upload(dst, at, host.ints(src, from, count), count);
    }

    private void upload(DeviceBuffer dst, int at, MemorySegment staged, int count) {
        OpenCl.check(cl.enqueueWriteBuffer(queue, dst.handle(), (long) at * Float.BYTES, (long) count * Float.BYTES,
                staged), "clEnqueueWriteBuffer");
    }

    @Override
    public void read(DeviceBuffer src, int at, float[] dst, int to, int count) {
        OpenCl.check(cl.enqueueReadBuffer(queue, src.handle(), (long) at * Float.BYTES, (long) count * Float.BYTES,
                host.room(count)), "clEnqueueReadBuffer");
        host.copyOut(dst, to, count);
    }

    @Override
    public float read(DeviceBuffer src, int at) {
        MemorySegment s = host.room(1);
        OpenCl.check(cl.enqueueReadBuffer(queue, src.handle(), (long) at * Float.BYTES, Float.BYTES, s),
                "clEnqueueReadBuffer");
        return s.get(JAVA_FLOAT, 0);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst, int count) {
        OpenCl.check(cl.enqueueCopyBuffer(queue, src.handle(), dst.handle(), (long) count * Float.BYTES),
                "clEnqueueCopyBuffer");
    }

    @Override
    public void launch(String name, int workItems, Object... args) {
        enqueue(name, workItems, 0, args);
    }

    @Override
    public void launchGroups(String name, int groups, int groupSize, Object... args) {
        enqueue(name, (long) groups * groupSize, groupSize, args);
    }

    /** Sets the arguments and enqueues {@code workItems}, in groups of {@code groupSize} (0: the driver's choice). */
    private void enqueue(String name, long workItems, int groupSize, Object... args) {
        MemorySegment kernel = kernels.computeIfAbsent(name, this::createKernel);
        for (int i = 0; i < args.length; i++) {
            long size = host.put(i, args[i], name);
            OpenCl.check(cl.setKernelArg(kernel, i, size, host.arg(i)), "clSetKernelArg(" + name + ", " + i + ")");
        }
        if (workItems == 0) {
            return;
        }
        globalSize.set(JAVA_LONG, 0, workItems);
        localSize.set(JAVA_LONG, 0, groupSize);
        long t0 = timings == null ? 0 : System.nanoTime();
        OpenCl.check(cl.enqueueNdRangeKernel(queue, kernel, globalSize, groupSize == 0 ? MemorySegment.NULL : localSize),
                "clEnqueueNDRangeKernel(" + name + ")");
        if (timings != null) {
            finish();
            timings.add(name, System.nanoTime() - t0);
        }
    }

    /** Waits until every enqueued command has run. */
    public void finish() {
        OpenCl.check(cl.finish(queue), "clFinish");
    }

    private MemorySegment createKernel(String name) {
        MemorySegment k = cl.createKernel(program, arena.allocateFrom(name), err);
        OpenCl.check(err.get(JAVA_INT, 0), "clCreateKernel(" + name + ")");
        return k;
    }

    /** Releases the buffers, kernels, program, queue and context, then the host memory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cl.finish(queue);
        if (timings != null) {
            timings.print(System.err, describe());
        }
        for (int i = buffers.size() - 1; i >= 0; i--) {
            cl.releaseMemObject(buffers.get(i).handle());
        }
        for (MemorySegment k : kernels.values()) {
            cl.releaseKernel(k);
        }
        cl.releaseProgram(program);
        cl.releaseCommandQueue(queue);
        cl.releaseContext(context);
        arena.close();
    }
}
