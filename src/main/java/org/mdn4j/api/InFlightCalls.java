package org.mdn4j.api;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A model's open/closed state and its count of prediction calls in progress, in one atomic int
 * (the top bit: closed; the rest: calls in flight), so entering and leaving a call is one
 * compare-and-set each and allocates nothing.
 */
final class InFlightCalls {

    private static final int CLOSED = 1 << 31;
    /** How long {@link #closeAndAwait} sleeps between looks, should a wake-up be missed. */
    private static final long POLL_NANOS = 1_000_000;

    private final AtomicInteger state = new AtomicInteger();
    private volatile Thread closer;

    /** Counts a call in; a closed model refuses it. */
    void enter() {
        for (;;) {
            int s = state.get();
            if ((s & CLOSED) != 0) {
                throw new IllegalStateException("model is closed");
            }
            if (state.compareAndSet(s, s + 1)) {
                return;
            }
        }
    }

    /** Counts a call out; the last call out of a closing model wakes the closer. */
    void exit() {
        if (state.decrementAndGet() == CLOSED) {
            Thread t = closer;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Refuses new calls from now on, then waits until the calls in flight have returned.
     *
     * @return true for the call that closed the model, false if it was closed already
     */
    boolean closeAndAwait() {
        closer = Thread.currentThread();
        int before = state.getAndUpdate(s -> s | CLOSED);
        while ((state.get() & ~CLOSED) != 0) {
            LockSupport.parkNanos(this, POLL_NANOS);
        }
        return (before & CLOSED) == 0;
    }

    boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    int count() {
        return state.get() & ~CLOSED;
    }
}
