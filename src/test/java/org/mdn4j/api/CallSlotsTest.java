package org.mdn4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CallSlotsTest {

    /** A buffer that knows whether a call holds it. */
    private static final class Buffer {
        final AtomicBoolean held = new AtomicBoolean();
    }

    /** Slots for {@code size} calls whose factory counts the buffers it makes. */
    private static CallSlots<Buffer> counting(int size, AtomicInteger made) {
        return new CallSlots<>(size, () -> {
            made.incrementAndGet();
            return new Buffer();
        });
    }

    @Test
    void aSlotGivenBackLendsTheSameBuffersAgainAndNothingNewIsMade() {
        AtomicInteger made = new AtomicInteger();
        CallSlots<Buffer> slots = counting(3, made);
        int first = slots.enter();
        Buffer buffer = slots.buffers(first);
        slots.exit(first);
        for (int i = 0; i < 100; i++) {
            int slot = slots.enter();
            assertSame(buffer, slots.buffers(slot));
            slots.exit(slot);
        }
        assertEquals(1, made.get());
        assertEquals(0, slots.count());
    }

    /** Three asked for, four slots (the next power of two); a fifth call at once runs on buffers of its own. */
    @Test
    void keepsAtLeastTheCallsItWasSizedForAndOverflowsBeyond() {
        AtomicInteger made = new AtomicInteger();
        CallSlots<Buffer> slots = counting(3, made);
        for (int round = 0; round < 5; round++) {
            List<Integer> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int slot = slots.enter();
                assertTrue(slot >= 0, "a pooled slot");
                slots.buffers(slot);
                held.add(slot);
            }
            assertEquals(4, slots.count());
            int extra = slots.enter();
            assertEquals(CallSlots.OVERFLOW, extra);
            assertNotSame(slots.buffers(extra), slots.buffers(extra), "overflow buffers are made per call");
            assertEquals(5, slots.count());
            slots.exit(extra);
            held.forEach(slots::exit);
            assertEquals(0, slots.count());
        }
        assertEquals(4 + 2 * 5, made.get(), "four pooled buffers made once; two per overflowing call");
    }

    @Test
    void neverLendsOneBufferToTwoCallsAtOnce() throws Exception {
        CallSlots<Buffer> slots = new CallSlots<>(4, Buffer::new);
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
                    int slot = slots.enter();
                    Buffer b = slots.buffers(slot);
                    if (!b.held.compareAndSet(false, true)) {
                        doubleLends.incrementAndGet();
                    }
                    Thread.onSpinWait();
                    b.held.set(false);
                    slots.exit(slot);
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join(60_000);
            assertFalse(w.isAlive(), "a worker did not finish");
        }
        assertEquals(0, doubleLends.get());
        assertEquals(0, slots.count());
    }

    @Test
    void closingRefusesNewCallsAndWaitsForTheOneInFlight() throws Exception {
        CallSlots<Buffer> slots = new CallSlots<>(2, Buffer::new);
        int held = slots.enter();
        AtomicBoolean closedFirst = new AtomicBoolean();
        Thread closer = new Thread(() -> closedFirst.set(slots.closeAndAwait()));
        closer.start();
        while (!slots.isClosed()) {
            Thread.onSpinWait();
        }
        assertThrows(IllegalStateException.class, slots::enter);
        assertEquals(1, slots.count(), "the refused call is not counted");
        closer.join(200);
        assertTrue(closer.isAlive(), "close waits for the call in flight");
        slots.exit(held);
        closer.join(10_000);
        assertFalse(closer.isAlive());
        assertTrue(closedFirst.get());
        assertFalse(slots.closeAndAwait(), "closed already");
        assertEquals(0, slots.count());
    }

    @Test
    void aFactoryThatThrowsLeavesTheSlotFreeAndTheNextCallGetsABuffer() {
        AtomicInteger calls = new AtomicInteger();
        CallSlots<Buffer> slots = new CallSlots<>(2, () -> {
            if (calls.getAndIncrement() == 0) {
                throw new OutOfMemoryError("the first buffer cannot be made");
            }
            return new Buffer();
        });
        int slot = slots.enter();
        try {
            assertThrows(OutOfMemoryError.class, () -> slots.buffers(slot));
        } finally {
            slots.exit(slot);
        }
        assertEquals(0, slots.count());
        int again = slots.enter();
        assertTrue(slots.buffers(again) != null);
        slots.exit(again);
    }

    @Test
    void closingWaitsForACallOnBuffersOfItsOwn() throws Exception {
        CallSlots<Buffer> slots = new CallSlots<>(2, Buffer::new);
        int a = slots.enter();
        int b = slots.enter();
        int overflow = slots.enter();
        assertEquals(CallSlots.OVERFLOW, overflow);
        slots.exit(a);
        slots.exit(b);
        Thread closer = new Thread(slots::closeAndAwait);
        closer.start();
        closer.join(200);
        assertTrue(closer.isAlive(), "close waits for the overflowing call");
        slots.exit(overflow);
        closer.join(10_000);
        assertFalse(closer.isAlive());
        assertEquals(0, slots.count());
    }

    /**
     * Eight threads take and give back two slots (so some calls overflow) and read a shared
     * reference while they hold one; the main thread closes, then clears the reference. A call
     * admitted before the close must have finished before it returned, so no call sees it cleared.
     */
    @Test
    void noCallRunsPastTheCloseThatRefusedTheNextOnes() throws Exception {
        for (int round = 0; round < 20; round++) {
            CallSlots<Buffer> slots = new CallSlots<>(2, Buffer::new);
            AtomicReference<Object> model = new AtomicReference<>(new Object());
            AtomicInteger sawNoModel = new AtomicInteger();
            AtomicInteger admitted = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread w = new Thread(() -> {
                    while (true) {
                        int slot;
                        try {
                            slot = slots.enter();
                        } catch (IllegalStateException closed) {
                            return;
                        }
                        try {
                            admitted.incrementAndGet();
                            for (int spin = 0; spin < 50; spin++) {
                                if (model.get() == null) {
                                    sawNoModel.incrementAndGet();
                                }
                                Thread.onSpinWait();
                            }
                        } finally {
                            slots.exit(slot);
                        }
                    }
                });
                w.start();
                workers.add(w);
            }
            while (admitted.get() < 1_000) {
                Thread.onSpinWait();
            }
            slots.closeAndAwait();
            model.set(null);
            for (Thread w : workers) {
                w.join(30_000);
                assertFalse(w.isAlive(), "a worker did not see the close");
            }
            assertEquals(0, sawNoModel.get(), "a call ran on after close returned (round " + round + ")");
            assertEquals(0, slots.count());
        }
    }
}
