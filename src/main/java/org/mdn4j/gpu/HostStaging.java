package org.mdn4j.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A device's host-side memory for copies and launches: one staging array in TornadoVM's layout
 * ({@link NativeFloatArray}, grown on demand) that every upload and download passes through, and
 * one 8-byte slot per kernel argument holding its value.
 */
final class HostStaging {

    /** More than any kernel in {@code mdn4j_kernels.c} takes. */
    static final int MAX_ARGS = 24;

    private final Arena arena;
    private final MemorySegment args;
    private NativeFloatArray staging;

    HostStaging(Arena arena) {
        this.arena = arena;
        this.args = arena.allocate(8L * MAX_ARGS, 8);
        this.staging = new NativeFloatArray(arena, 0);
    }

    /** The staging array's floats, room for at least {@code count}. */
    MemorySegment room(int count) {
        if (staging.length() < count) {
            staging = new NativeFloatArray(arena, Math.max(count, 2 * staging.length()));
        }
        return staging.data();
    }

    /** Stages {@code src[from .. from+count)}. */
    MemorySegment floats(float[] src, int from, int count) {
        MemorySegment s = room(count);
        MemorySegment.copy(src, from, s, JAVA_FLOAT, 0, count);
        return s;
    }

    /** Stages ints, bit for bit. */
    MemorySegment ints(int[] src, int from, int count) {
        MemorySegment s = room(count);
        MemorySegment.copy(src, from, s, JAVA_INT, 0, count);
        return s;
    }

    /** Copies the staged floats out to {@code dst[to..]}. */
    void copyOut(float[] dst, int to, int count) {
        MemorySegment.copy(staging.data(), JAVA_FLOAT, 0, dst, to, count);
    }

    /** Argument {@code i}'s slot. */
    MemorySegment arg(int i) {
        return args.asSlice(8L * i, 8);
    }

    /**
     * Stores argument {@code i} of {@code kernel} in its slot and returns its size in bytes: a
     * buffer's 8-byte handle, a 4-byte int or float.
     */
    long put(int i, Object a, String kernel) {
        if (i >= MAX_ARGS) {
            throw new IllegalArgumentException(kernel + " takes more than " + MAX_ARGS + " arguments");
        }
        MemorySegment slot = arg(i);
        if (a instanceof DeviceBuffer b) {
            slot.set(ADDRESS, 0, b.handle());
            return ADDRESS.byteSize();
        } else if (a instanceof Integer v) {
            slot.set(JAVA_INT, 0, v);
            return Integer.BYTES;
        } else if (a instanceof Float v) {
            slot.set(JAVA_FLOAT, 0, v);
            return Float.BYTES;
        }
        throw new IllegalArgumentException("kernel argument " + i + " of " + kernel + " is a " + a);
    }
}
