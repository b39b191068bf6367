package org.mdn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The pool runs every chunk once per run, rethrows a chunk's failure, and stops its threads on close. */
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
