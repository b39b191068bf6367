package org.mdn4j.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
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
 * CUDA device 0 ready to run mdn4j's kernels: the driver initialised, the device's primary
 * context current on the calling thread, the kernels compiled by NVRTC from
 * {@link KernelSource} for the device's compute capability (a CUBIN, else PTX; no FMA
 * contraction, as the OpenCL build) and loaded as a module, and every buffer made through it. Everything runs on
 * the default stream, so commands run in the order they are issued. {@link #close()} frees the
 * buffers, unloads the module and releases the primary context.
 *
 * <p>Not thread-safe: one thread at a time drives a device. A CUDA context is current per
 * thread, so a call from a thread other than the last one to use the device makes the context
 * current there first.
 */
public final class CudaDevice implements Device {

    /** Threads per block; kernels return early past their work-item count. */
    static final int BLOCK = 256;

    private final Cuda cu;
    private final Arena arena = Arena.ofShared();
    private final HostStaging host;
    private final MemorySegment params;
    private final MemorySegment out;
    private final int device;
    private final MemorySegment context;
    private final MemorySegment module;
    private final String description;
    /** Per-kernel times when {@link KernelTimings#PROPERTY} asks for them, else null. */
    private final KernelTimings timings = KernelTimings.ifRequested();
    private final Map<String, MemorySegment> functions = new LinkedHashMap<>();
    private final List<DeviceBuffer> buffers = new ArrayList<>();
    private boolean closed;
    /** The thread the context is known to be current on. */
    private Thread current;

    private CudaDevice(Cuda cu) {
        this.cu = cu;
        this.host = new HostStaging(arena);
        this.params = arena.allocate(ADDRESS, HostStaging.MAX_ARGS);
        for (int i = 0; i < HostStaging.MAX_ARGS; i++) {
            params.setAtIndex(ADDRESS, i, host.arg(i));
        }
        this.out = arena.allocate(JAVA_LONG);
        boolean retained = false;
        int dev = 0;
        MemorySegment ctx = MemorySegment.NULL;
        MemorySegment loaded = MemorySegment.NULL;
        try {
            cu.init();
            if (cu.deviceCount(out) == 0) {
                throw new DeviceException("CUDA unavailable: no device (CUDA_ERROR_NO_DEVICE)");
            }
            dev = cu.device(out, 0);
            ctx = cu.retainPrimaryContext(out, dev);
            retained = true;
            cu.setCurrent(ctx);
            int major = cu.attribute(out, Cuda.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
            int minor = cu.attribute(out, Cuda.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
            KernelSource.Unit source = KernelSource.load();
            Nvrtc.Image image = Nvrtc.load().compile(arena, source.text(), source.origin(), major, minor);
            loaded = cu.loadModule(out, image.data());
            this.description = "cuda (" + cu.deviceName(arena, dev) + ", compute " + major + "." + minor + ", "
                    + image.kind() + ")";
        } catch (RuntimeException e) {
            if (!loaded.equals(MemorySegment.NULL)) {
                cu.unloadModule(loaded);
            }
            if (retained) {
                cu.releasePrimaryContext(dev);
            }
            arena.close();
            throw e;
        }
        this.device = dev;
        this.context = ctx;
        this.module = loaded;
        this.current = Thread.currentThread();
    }

    /**
     * Opens CUDA device 0, or says in one line why it cannot: no driver library, no device, no
     * NVRTC, or a kernel source that does not compile (with the compiler's log).
     *
     * @throws DeviceException naming the CUDA or NVRTC error
     */
    public static CudaDevice open() {
        return new CudaDevice(Cuda.load());
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String describe() {
        return description;
    }

    /** Makes the context current on the calling thread unless it already is. */
    private void onThisThread() {
        Thread t = Thread.currentThread();
        if (t != current) {
            cu.setCurrent(context);
            current = t;
        }
    }

    @Override
    public DeviceBuffer buffer(int floats) {
        onThisThread();
        long pointer = cu.alloc(out, (long) Math.max(1, floats) * Float.BYTES);
        DeviceBuffer b = new DeviceBuffer(MemorySegment.ofAddress(pointer), floats);
        buffers.add(b);
        return b;
    }

    private static long at(DeviceBuffer b, int element) {
        return b.handle().address() + (long) element * Float.BYTES;
    }

    @Override
    public void write(DeviceBuffer dst, int at, float[] src, int from, int count) {
        onThisThread();
        cu.copyToDevice(at(dst, at), host.floats(src, from, count), (long) count * Float.BYTES);
    }

    @Override
    public void write(DeviceBuffer dst, int at, int[] src, int from, int count) {
        onThisThread();
        cu.copyToDevice(at(dst, at), host.ints(src, from, count), (long) count * Float.BYTES);
    }

    @Override
    public void read(DeviceBuffer src, int at, float[] dst, int to, int count) {
        onThisThread();
        cu.copyToHost(host.room(count), at(src, at), (long) count * Float.BYTES);
        host.copyOut(dst, to, count);
    }

    @Override
    public float read(DeviceBuffer src, int at) {
        onThisThread();
        MemorySegment s = host.room(1);
        cu.copyToHost(s, at(src, at), Float.BYTES);
        return s.get(JAVA_FLOAT, 0);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst, int count) {
        onThisThread();
        cu.copyOnDevice(at(dst, 0), at(src, 0), (long) count * Float.BYTES);
    }

    @Override
    public void launch(String name, int workItems, Object... args) {
        launchGroups(name, (workItems + BLOCK - 1) / BLOCK, BLOCK, args);
    }

    @Override
    public void launchGroups(String name, int groups, int groupSize, Object... args) {
        onThisThread();
        MemorySegment function = functions.computeIfAbsent(name,
                k -> cu.function(arena.allocate(ADDRESS), module, arena.allocateFrom(k), k));
        for (int i = 0; i < args.length; i++) {
            host.put(i, args[i], name);
        }
        if (groups == 0) {
            return;
        }
        long t0 = timings == null ? 0 : System.nanoTime();
        cu.launch(function, groups, groupSize, params, name);
        if (timings != null) {
            cu.synchronize();
            timings.add(name, System.nanoTime() - t0);
        }
    }

    /**
     * Waits for the device, frees the buffers, unloads the module, releases the context. All of
     * it is released even when the wait reports an error left by an earlier launch (which then
     * propagates): the frees' own results are not checked, as a failed launch leaves a sticky
     * error that every later call returns.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            onThisThread();
            cu.synchronize();
            if (timings != null) {
                timings.print(System.err, description);
            }
        } finally {
            for (int i = buffers.size() - 1; i >= 0; i--) {
                cu.free(buffers.get(i).handle().address());
            }
            cu.unloadModule(module);
            cu.releasePrimaryContext(device);
            arena.close();
        }
    }
}
