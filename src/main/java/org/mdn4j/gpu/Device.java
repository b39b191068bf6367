package org.mdn4j.gpu;

/**
 * A device that runs mdn4j's kernels ({@code kernels/mdn4j_kernels.c}): buffers, blocking copies
 * between the host and the device, kernel launches in one in-order stream, and release of
 * everything on {@link #close()}. {@link OpenClDevice} and {@link CudaDevice} implement it; one
 * thread drives a device.
 */
public interface Device extends AutoCloseable {

    /** The backend's name: {@code opencl} or {@code cuda}. */
    String name();

    /** The backend and the device, e.g. {@code opencl (Portable Computing Language: pthread-…)}. */
    String describe();

    /** A buffer of {@code floats} 32-bit elements, released with the device. */
    DeviceBuffer buffer(int floats);

    /** Copies {@code src[from .. from+count)} to the buffer's elements from {@code at}; blocking. */
    void write(DeviceBuffer dst, int at, float[] src, int from, int count);

    /** Copies ints to the buffer, bit for bit; blocking. */
    void write(DeviceBuffer dst, int at, int[] src, int from, int count);

    /** Copies elements {@code [at, at+count)} to {@code dst[to..]}, after every enqueued command. */
    void read(DeviceBuffer src, int at, float[] dst, int to, int count);

    /** Reads one float, after every enqueued command. */
    float read(DeviceBuffer src, int at);

    /** Enqueues a copy of {@code src}'s first {@code count} elements over {@code dst}'s. */
    void copy(DeviceBuffer src, DeviceBuffer dst, int count);

    /**
     * Enqueues kernel {@code name} over {@code workItems} work-items (nothing for 0) with
     * {@code args}: {@link DeviceBuffer}, {@link Integer} or {@link Float}, in the kernel's order.
     */
    void launch(String name, int workItems, Object... args);

    /**
     * Enqueues kernel {@code name} as {@code groups} work-groups of {@code groupSize} work-items
     * each (nothing for 0 groups), for the kernels that share memory within a work-group.
     */
    void launchGroups(String name, int groups, int groupSize, Object... args);

    @Override
    void close();
}
