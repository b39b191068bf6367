package org.mdn4j.api;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A model's scratch buffers, lent to one call at a time: taking and giving back is a
 * compare-and-set on a slot, so a call allocates nothing once the pool holds as many buffers as
 * calls run at once (up to its size; beyond that a call makes buffers of its own, which are
 * dropped when it gives them back to a full pool). Unlike per-thread buffers, everything here
 * becomes garbage with the model: a thread that ever called keeps nothing of it.
 */
final class ScratchPool<T> {

    private final AtomicReferenceArray<T> slots;
    private final Supplier<T> factory;

    ScratchPool(int size, Supplier<T> factory) {
        this.slots = new AtomicReferenceArray<>(size);
        this.factory = factory;
    }

    /** Buffers no other call holds. */
    T take() {
        int n = slots.length();
        int start = start(n);
        for (int i = 0; i < n; i++) {
            int at = (start + i) % n;
            T t = slots.get(at);
            if (t != null && slots.compareAndSet(at, t, null)) {
                return t;
            }
        }
        return factory.get();
    }

    /** Returns buffers taken with {@link #take}. */
    void give(T t) {
        int n = slots.length();
        int start = start(n);
        for (int i = 0; i < n; i++) {
            int at = (start + i) % n;
            if (slots.get(at) == null && slots.compareAndSet(at, null, t)) {
                return;
            }
        }
    }

    /** Threads start looking at different slots, so they rarely contend for one. */
    private static int start(int n) {
        return (int) (Thread.currentThread().threadId() % n);
    }
}
