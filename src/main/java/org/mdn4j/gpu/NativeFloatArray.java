package org.mdn4j.gpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An off-heap float array in TornadoVM's native array layout: the element count as an int at
 * byte 0, the floats from byte {@link #headerBytes()} on. TornadoVM's
 * {@code FloatArray.fromSegmentShallow(segment)} wraps exactly this layout without a copy; its
 * header is {@code TornadoNativeArray.ARRAY_HEADER}, 16 bytes with compressed class pointers
 * (the JVM default), 24 without them or in TornadoVM releases before the header became
 * configurable (property {@code tornado.panama.objectHeader}). The device backends stage their
 * uploads and downloads through these arrays.
 */
public final class NativeFloatArray {

    /** TornadoVM's header with compressed class pointers, the HotSpot default. */
    public static final int DEFAULT_HEADER_BYTES = 16;

    private final MemorySegment segment;
    private final int headerBytes;
    private final int length;

    /**
     * Allocates {@code length} zeroed floats after a {@code headerBytes} header in {@code arena},
     * aligned to 64 bytes.
     */
    public NativeFloatArray(Arena arena, int length, int headerBytes) {
        if (headerBytes != 16 && headerBytes != 24) {
            throw new IllegalArgumentException("TornadoVM's array header is 16 or 24 bytes, not " + headerBytes);
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        this.headerBytes = headerBytes;
        this.length = length;
        this.segment = arena.allocate(headerBytes + (long) length * Float.BYTES, 64);
        segment.set(JAVA_INT, 0, length);
    }

    public NativeFloatArray(Arena arena, int length) {
        this(arena, length, DEFAULT_HEADER_BYTES);
    }

    /** The whole segment, header included: what {@code FloatArray.fromSegmentShallow} takes. */
    public MemorySegment segmentWithHeader() {
        return segment;
    }

    /** The floats alone, what a device copy reads or writes. */
    public MemorySegment data() {
        return segment.asSlice(headerBytes, (long) length * Float.BYTES);
    }

    public int headerBytes() {
        return headerBytes;
    }

    public int length() {
        return length;
    }

    public float get(int i) {
        return segment.get(JAVA_FLOAT, headerBytes + (long) i * Float.BYTES);
    }

    public void set(int i, float value) {
        segment.set(JAVA_FLOAT, headerBytes + (long) i * Float.BYTES, value);
    }

    /** Copies {@code count} floats from {@code src[from..]} to this array's start. */
    public void copyFrom(float[] src, int from, int count) {
        MemorySegment.copy(src, from, segment, JAVA_FLOAT, headerBytes, count);
    }

    /** Copies this array's first {@code count} floats to {@code dst[to..]}. */
    public void copyTo(float[] dst, int to, int count) {
        MemorySegment.copy(segment, JAVA_FLOAT, headerBytes, dst, to, count);
    }
}
