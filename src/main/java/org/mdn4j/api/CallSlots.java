package org.mdn4j.api;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A model's open/closed state, its prediction calls in flight and their scratch buffers, in one
 * place: a call takes a slot, which lends it that slot's buffers and counts it in at once.
 *
 * <h2>Why one structure</h2>
 * A single prediction of a small model takes around a hundred nanoseconds, and an atomic
 * read-modify-write costs tens (it also waits for every earlier store to drain). Counting a call
 * in and out and taking and giving back its buffers separately was four of them a call; here it is
 * one compare-and-set to take a slot, and giving it back is a release store — no atomic at all,
 * since only the call that took a slot ever frees it.
 *
 * <h2>Closing</h2>
 * {@link #closeAndAwait} sets {@code closed}, then waits until every slot is free. A call reads
 * {@code closed} after its compare-and-set; both are synchronization actions, so either the call
 * sees the flag (and gives the slot back without touching the model) or the closer sees the slot
 * taken (and waits for it). When every slot is lent at once (more calls than slots), a call runs
 * on buffers of its own, made for it and dropped after, and is counted in an atomic counter
 * instead, the slow path the pool is sized to avoid.
 */
final class CallSlots<T> {

    /** The slot of a call that found every slot lent: it has buffers of its own. */
    static final int OVERFLOW = -1;
    /** How long {@link #closeAndAwait} sleeps between looks, should a wake-up be missed. */
    private static final long POLL_NANOS = 1_000_000;

    /** 1 where a call holds the slot. */
    private final AtomicIntegerArray lent;
    /**
     * Each slot's buffers, made by the first call that takes it. Read and written only by the
     * call holding the slot; the compare-and-set that takes a slot reads the release store that
     * gave it back, so a buffer made by one call is seen whole by the next.
     */
    private final Object[] buffers;
    /** Slots − 1, the slot count being a power of two: a slot index is a mask, not a division. */
    private final int mask;
    /** Makes a slot's buffers; dropped by {@link #clear}, since what it captures is the model's. */
    private Supplier<T> factory;
    /** Calls in flight on buffers of their own ({@link #OVERFLOW}). */
    private final AtomicInteger overflow = new AtomicInteger();
    private volatile boolean closed;
    private volatile Thread closer;

    /** Room for at least {@code size} concurrent calls on pooled buffers (the next power of two). */
    CallSlots(int size, Supplier<T> factory) {
        int slots = Integer.highestOneBit(Math.max(1, size - 1)) << 1;
        this.lent = new AtomicIntegerArray(slots);
        this.buffers = new Object[slots];
        this.mask = slots - 1;
        this.factory = factory;
    }

    /**
     * Counts a call in and lends it a slot: returns the slot, or {@link #OVERFLOW} when every
     * slot is lent. Threads start looking at different slots, so they rarely contend for one.
     *
     * @throws IllegalStateException if the model is closed
     */
    int enter() {
        // a model known to be closed refuses before touching any slot, so calls retried on a
        // closing model do not hold slots the closer is waiting on; the check after the
        // compare-and-set below is the one that makes closing safe
        if (closed) {
            throw closedModel();
        }
        int start = (int) Thread.currentThread().threadId();
        for (int i = 0; i <= mask; i++) {
            int at = (start + i) & mask;
            if (lent.get(at) == 0 && lent.compareAndSet(at, 0, 1)) {
                refuseIfClosed(at);
                return at;
            }
        }
        overflow.incrementAndGet();
        refuseIfClosed(OVERFLOW);
        return OVERFLOW;
    }

    private void refuseIfClosed(int slot) {
        if (closed) {
            exit(slot);
            throw closedModel();
        }
    }

    private static IllegalStateException closedModel() {
        return new IllegalStateException("model is closed");
    }

    /** The buffers of the slot {@link #enter} gave; fresh ones for {@link #OVERFLOW}. */
    @SuppressWarnings("unchecked")
    T buffers(int slot) {
        if (slot == OVERFLOW) {
            return factory.get();
        }
        Object b = buffers[slot];
        if (b == null) {
            b = factory.get();
            buffers[slot] = b;
        }
        return (T) b;
    }

    /** Counts the call that holds {@code slot} out; the last one out of a closing model wakes the closer. */
    void exit(int slot) {
        if (slot == OVERFLOW) {
            overflow.decrementAndGet();
        } else {
            lent.setRelease(slot, 0);
        }
        if (closed) {
            Thread t = closer;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Refuses new calls from now on, then waits until the calls in flight have returned. A call
     * that gives its slot back just as the closer starts waiting may not wake it (the release store
     * and the read of {@code closed} after it can pass each other); the closer then sees the
     * free slot at its next look, within {@link #POLL_NANOS}. An interrupt does not cut the wait
     * short (the calls still hold the model); it is kept for the caller.
     *
     * @return true for the call that closed the model, false if it was closed already
     */
    synchronized boolean closeAndAwait() {
        boolean wasOpen = !closed;
        closer = Thread.currentThread();
        closed = true;
        boolean interrupted = false;
        while (count() != 0) {
            LockSupport.parkNanos(this, POLL_NANOS);
            interrupted |= Thread.interrupted();
        }
        closer = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return wasOpen;
    }

    boolean isClosed() {
        return closed;
    }

    /** Calls in flight now. */
    int count() {
        int n = overflow.get();
        for (int i = 0; i <= mask; i++) {
            n += lent.get(i);
        }
        return n;
    }

    /**
     * Drops every slot's buffers and the factory (which holds the model's network); for a closed
     * model, whose calls have all returned and whose new calls are refused before either is read.
     */
    void clear() {
        Arrays.fill(buffers, null);
        factory = null;
    }
}
