package org.mdn4j.api;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Loads, uses and closes a model file N times on one thread, in a JVM of its own started with
 * {@code -XX:NativeMemoryTracking=summary}: after N/10 cycles it records the heap used after a
 * full GC and an NMT baseline; after N it prints {@code heap-used-after-gc FIRST LAST} and
 * NMT's summary diff against the baseline ({@link MdnModelOpenCloseMemoryTest} reads both).
 */
public final class OpenCloseCycles {

    private OpenCloseCycles() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int cycles = Integer.parseInt(args[1]);
        float[] x = new float[Integer.parseInt(args[2])];
        float[] batch = new float[40 * x.length];
        double[] mean = new double[64];
        double[] batchMean = new double[40 * 64];
        long first = 0;
        double sum = 0;
        for (int c = 1; c <= cycles; c++) {
            try (MdnModel model = MdnModel.load(file)) {
                MdnPredictor p = model.predictor();
                p.predict(x, mean, null, null);
                if (c % 10 == 0) {
                    p.predict(batch, 40, batchMean, null, null);
                }
                sum += mean[0];
            }
            if (c == cycles / 10) {
                first = heapUsedAfterGc();
                nativeMemory("baseline");
            }
        }
        long last = heapUsedAfterGc();
        System.out.println("heap-used-after-gc " + first + " " + last + " (checksum " + sum + ")");
        System.out.println(nativeMemory("summary.diff"));
    }

    private static long heapUsedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** {@code jcmd <pid> VM.native_memory <arg>}, from inside. */
    private static String nativeMemory(String arg) throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                new Object[] {new String[] {arg}}, new String[] {String[].class.getName()});
    }
}
