package org.mdn4j.gpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * The staging arrays are laid out as TornadoVM's native arrays: the element count as an int at
 * byte 0, the floats from the header on, nothing past them; so
 * {@code FloatArray.fromSegmentShallow(segmentWithHeader())} would read the same values.
 */
class NativeFloatArrayTest {

    @Test
    void countAtZeroAndFloatsAfterTheHeader() {
        for (int header : new int[] {16, 24}) {
            try (Arena arena = Arena.ofConfined()) {
                float[] values = {1.5f, -2f, 3.25f, Float.MIN_VALUE, 7f};
                NativeFloatArray a = new NativeFloatArray(arena, values.length, header);
                a.copyFrom(values, 0, values.length);
                MemorySegment s = a.segmentWithHeader();
                assertEquals(values.length, s.get(JAVA_INT, 0), "element count at byte 0");
                assertEquals(header + values.length * 4L, s.byteSize(), "header then the floats, nothing more");
                assertEquals(0, s.address() % 64, "64-byte aligned");
                for (int i = 0; i < values.length; i++) {
                    assertEquals(values[i], s.get(JAVA_FLOAT, header + 4L * i), "float " + i);
                    assertEquals(values[i], a.get(i));
                }
                assertEquals(header, a.data().address() - s.address());
                float[] back = new float[values.length];
                a.copyTo(back, 0, values.length);
                assertArrayEquals(values, back);
            }
        }
    }

    @Test
    void onlyTornadoVmsHeaderSizes() {
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> new NativeFloatArray(arena, 4, 8));
        }
    }
}
