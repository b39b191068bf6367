package org.mdn4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/** HotSpot's per-thread allocation counter, switched on and checked to see an allocation. */
public final class AllocationCounter {

    static volatile byte[] sinkArray;

    private AllocationCounter() {
    }

    /**
     * The thread MX bean with allocation counting on; skips the test where the JVM cannot count.
     * Control: the counter does see a 4 KiB array, so a zero measured with it means something.
     */
    public static com.sun.management.ThreadMXBean enabled() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported(), "this JVM cannot count allocations per thread");
        mx.setThreadAllocatedMemoryEnabled(true);
        long a0 = mx.getCurrentThreadAllocatedBytes();
        sinkArray = new byte[4096];
        long a1 = mx.getCurrentThreadAllocatedBytes();
        assertTrue(a1 - a0 >= 4096, "the allocation counter missed a 4 KiB array: " + (a1 - a0));
        return mx;
    }
}
