package org.mdn4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScratchPoolTest {

    /** A buffer that knows whether a call holds it. */
    private static final class Buffer {
        final AtomicBoolean held = new AtomicBoolean();
    }

    /** A pool of {@code size} whose factory counts the buffers it makes. */
    private static ScratchPool<Buffer> countingPool(int size, AtomicInteger made) {
        return new ScratchPool<>(size, () -> {
            made.incrementAndGet();
            return new Buffer();
        });
    }

    @Test
    void aBufferGivenBackIsTakenAgainAndNothingNewIsMade() {
        AtomicInteger made = new AtomicInteger();
        ScratchPool<Buffer> pool = countingPool(3, made);
        Buffer first = pool.take();
        pool.give(first);
        for (int i = 0; i < 100; i++) {
            Buffer b = pool.take();
            assertSame(first, b);
            pool.give(b);
        }
        assertEquals(1, made.get());
    }

    /** Three asked for, four slots (the next power of two): four buffers held at once all come back. */
    @Test
    void keepsAtLeastTheBuffersItWasSizedFor() {
        AtomicInteger made = new AtomicInteger();
        ScratchPool<Buffer> pool = countingPool(3, made);
        for (int round = 0; round < 5; round++) {
            List<Buffer> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(pool.take());
            }
            held.forEach(pool::give);
        }
        assertEquals(4, made.get(), "four buffers made once and reused in every round");
    }

    @Test
    void neverLendsOneBufferToTwoCallsAtOnce() throws Exception {
        ScratchPool<Buffer> pool = new ScratchPool<>(4, Buffer::new);
        int threads = 8;
        AtomicInteger doubleLends = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    Buffer b = pool.take();
                    if (!b.held.compareAndSet(false, true)) {
                        doubleLends.incrementAndGet();
                    }
                    Thread.onSpinWait();
                    b.held.set(false);
                    pool.give(b);
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join(60_000);
            assertTrue(!w.isAlive(), "a worker did not finish");
        }
        assertEquals(0, doubleLends.get());
    }
}
