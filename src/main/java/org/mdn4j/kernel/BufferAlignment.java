package org.mdn4j.kernel;

import java.lang.management.ManagementFactory;

/**
 * Where a workspace's rows start so that whole vectors load from whole cache lines.
 *
 * <p>An AVX-512 load of 16 floats that straddles two 64-byte cache lines costs about two loads;
 * the dense kernels then run at half speed (measured: 37 against 79 GFLOP/s at width 64). Java
 * places arrays at 8-byte boundaries, so where a row starts is chance unless the JVM aligns every
 * object to 64 bytes ({@code -XX:ObjectAlignmentInBytes=64}, which the {@code mdn} launcher
 * passes). Then an array's elements start a fixed header size past a cache line, and skipping
 * {@link #PAD} floats puts element {@code PAD} on one; row strides rounded to {@link #QUANTUM}
 * floats keep every row there. Without that flag both are trivial (0 and 1) and nothing moves.
 */
public final class BufferAlignment {

    /** The cache line, in bytes. */
    static final int LINE = 64;

    /** Floats to skip at the start of a buffer; 0 when the JVM does not align objects to a line. */
    public static final int PAD;
    /** Row strides are rounded up to a multiple of this many floats. */
    public static final int QUANTUM;

    static {
        int header = alignedArrayHeader();
        PAD = header < 0 ? 0 : (LINE - header % LINE) % LINE / Float.BYTES;
        QUANTUM = header < 0 ? 1 : LINE / Float.BYTES;
    }

    private BufferAlignment() {
    }

    /**
     * The bytes from a {@code float[]}'s start to its first element when the JVM aligns objects
     * to a cache line, else −1. The header is read off the JVM's object layout flags: 16 bytes
     * with compressed class pointers (the default), 12 with compact object headers, 20 without
     * either. A runtime without {@code java.management} (a jlink'd one) gets −1.
     */
    static int alignedArrayHeader() {
        try {
            if (Integer.parseInt(option("ObjectAlignmentInBytes", "8")) < LINE) {
                return -1;
            }
            if (Boolean.parseBoolean(option("UseCompactObjectHeaders", "false"))) {
                return 12;
            }
            return Boolean.parseBoolean(option("UseCompressedClassPointers", "true")) ? 16 : 20;
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    /** A JVM flag's value; {@code absent} where this JVM has no such flag. */
    private static String option(String name, String absent) {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return absent;
        }
    }

    /** One phrase for the kernels' log line. */
    static String describe() {
        return QUANTUM > 1 ? "workspace rows on 64-byte cache lines"
                : "workspace rows at chance alignment (-XX:ObjectAlignmentInBytes=64 puts them on cache lines)";
    }

    /** {@code n} rounded up to a multiple of {@code quantum}. */
    public static int roundUp(int n, int quantum) {
        return (n + quantum - 1) / quantum * quantum;
    }
}
