package org.mdn4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdn4j.ChildJvm;
import org.mdn4j.io.ModelFile;

/**
 * 10⁵ cycles of load, predict, close ({@link OpenCloseCycles}, in a JVM with native memory
 * tracking) between the 10⁴th cycle and the last: the heap retained after a full GC stays flat,
 * and so does every native memory category that is not sized by the heap or the JIT (Java Heap,
 * GC, Compiler, Code and Arena Chunk grow with heap expansion and compilation, not with models).
 * The bounds are generous against noise yet far below what a leak would cost: per-thread
 * buffers, before the scratch pool replaced them, kept about 15 KB per cycle, 1.3 GB over the
 * run. The figures are printed and recorded in docs/RELIABILITY.md.
 */
class MdnModelOpenCloseMemoryTest {

    private static final int CYCLES = 100_000;
    private static final Pattern CATEGORY = Pattern.compile(
            "^-\\s+(.+?) \\(reserved=\\d+KB(?: [+-]\\d+KB)?, committed=(\\d+)KB(?: ([+-]\\d+)KB)?");
    private static final List<String> SIZED_BY_HEAP_OR_JIT = List.of("Java Heap", "GC", "Compiler", "Code",
            "Arena Chunk");

    @TempDir
    Path dir;

    @Test
    void memoryStaysFlatOverOpenCloseCycles() throws Exception {
        Path file = dir.resolve("m.mdn");
        ModelFile.write(ApiModels.mdn(3, 2, 4, 31), file);
        List<String> cmd = ChildJvm.command(List.of("-XX:NativeMemoryTracking=summary"),
                OpenCloseCycles.class.getName(), List.of(file.toString(), Integer.toString(CYCLES), "3"));
        Path log = dir.resolve("cycles.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the cycles did not finish in 5 minutes");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);

        Matcher heap = Pattern.compile("heap-used-after-gc (\\d+) (\\d+)").matcher(out);
        assertTrue(heap.find(), out);
        long heapFirst = Long.parseLong(heap.group(1));
        long heapLast = Long.parseLong(heap.group(2));
        Map<String, Long> growthKb = new LinkedHashMap<>();
        for (String line : out.split("\\R")) {
            Matcher m = CATEGORY.matcher(line);
            if (m.find()) {
                growthKb.put(m.group(1), m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
            }
        }
        assertTrue(growthKb.size() > 5, "NMT categories in:\n" + out);
        long otherKb = growthKb.entrySet().stream().filter(e -> !SIZED_BY_HEAP_OR_JIT.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.printf("open/close x %d (after %d and %d cycles): heap used after GC %.1f -> %.1f MiB; "
                        + "native committed growth by NMT category (KB) %s; outside heap/GC/JIT %+d KB%n", CYCLES,
                CYCLES / 10, CYCLES, heapFirst / 1048576.0, heapLast / 1048576.0, growthKb, otherKb);
        assertTrue(heapLast - heapFirst < 16L << 20, "heap retained grew by " + (heapLast - heapFirst) + " B");
        assertTrue(otherKb < 8 * 1024, "native memory outside heap, GC and JIT grew by " + otherKb + " KB: "
                + growthKb);
    }
}
