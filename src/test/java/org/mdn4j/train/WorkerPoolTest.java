package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The pool runs every chunk once per run, whichever thread claims it, rethrows a chunk's failure,
 * and stops its threads on close.
 */
class WorkerPoolTest {

    @Test
    void everyChunkRunsOncePerRun() {
        AtomicIntegerArray counts = new AtomicIntegerArray(3);
        try (WorkerPool pool = new WorkerPool(3, counts::incrementAndGet)) {
            assertEquals(3, pool.threads());
            for (int i = 0; i < 1000; i++) {
                pool.run();
            }
        }
        assertArrayEquals(new int[] {1000, 1000, 1000}, new int[] {counts.get(0), counts.get(1), counts.get(2)});
    }

    /**
     * More chunks than cores, and chunks of uneven, seeded lengths, so that threads fall behind
     * and others claim their share: still every chunk exactly once per run, each finished
     * (its result visible to the caller) when run() returns, and never a chunk of a run that is over.
     */
    @Test
    void everyChunkRunsOnceWhicheverThreadClaimsIt() {
        int chunks = 5;
        int runs = 5000;
        int[] runOf = new int[chunks];
        int[] current = new int[1];
        AtomicIntegerArray counts = new AtomicIntegerArray(chunks);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        long[] spinFor = new SplittableRandom(41).longs(chunks * runs, 0, 20_000).toArray();
        try (WorkerPool pool = new WorkerPool(chunks, c -> {
            long until = System.nanoTime() + spinFor[current[0] * chunks + c];
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            runOf[c] = current[0];
            counts.incrementAndGet(c);
            threads.add(Thread.currentThread().getName());
        })) {
            // at least 400 runs, and on until a worker has claimed a chunk (on a loaded machine
            // the workers may not be scheduled for a while)
            for (int r = 0; r < runs && (r < 400 || threads.size() < 2); r++) {
                current[0] = r;
                pool.run();
                for (int c = 0; c < chunks; c++) {
                    assertEquals(r, runOf[c], "chunk " + c + " of run " + r);
                }
            }
        }
        for (int c = 0; c < chunks; c++) {
            assertEquals(current[0] + 1, counts.get(c), "runs of chunk " + c);
        }
        assertTrue(threads.size() > 1, "only " + threads + " ran chunks");
    }

    @Test
    void aWorkersFailureIsRethrownOnceAndThePoolGoesOn() {
        RuntimeException boom = new IllegalStateException("boom");
        int[] calls = new int[1];
        boolean[] fail = {true};
        try (WorkerPool pool = new WorkerPool(2, c -> {
            if (c == 1 && fail[0]) {
                throw boom;
            }
            if (c == 0) {
                calls[0]++;
            }
        })) {
            assertSame(boom, assertThrows(IllegalStateException.class, pool::run));
            fail[0] = false;
            pool.run(); // the failure was consumed
            assertEquals(2, calls[0]);
        }
    }

    @Test
    void closeStopsTheWorkers() throws Exception {
        WorkerPool pool = new WorkerPool(2, c -> { });
        pool.run();
        Thread worker = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("mdn4j-worker-1") && t.isAlive()).findFirst().orElseThrow();
        pool.close();
        worker.join(5000);
        assertFalse(worker.isAlive(), "worker still running after close");
    }
}
