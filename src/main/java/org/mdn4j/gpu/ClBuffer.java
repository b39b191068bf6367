package org.mdn4j.gpu;

import java.lang.foreign.MemorySegment;

/** A device buffer of {@code floats} 32-bit elements (floats or ints), owned by its {@link OpenClDevice}. */
public record ClBuffer(MemorySegment handle, int floats) {
}
