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
    /** Slots − 1, the slot count being a power of two: a slot index is a mask, not a division. */
    private final int mask;
    private final Supplier<T> factory;

    /** A pool of at least {@code size} slots (the next power of two). */
    ScratchPool(int size, Supplier<T> factory) {
        this.slots = new AtomicReferenceArray<>(Integer.highestOneBit(Math.max(1, size - 1)) << 1);
        this.mask = slots.length() - 1;
        this.factory = factory;
    }

    /** Buffers no other call holds. */
    T take() {
        int n = slots.length();
        int start = start();
        for (int i = 0; i < n; i++) {
            int at = (start + i) & mask;
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
        int start = start();
        for (int i = 0; i < n; i++) {
            int at = (start + i) & mask;
            if (slots.get(at) == null && slots.compareAndSet(at, null, t)) {
                return;
            }
        }
    }

    /**
     * Threads start looking at different slots, so they rarely contend for one. A mask, not a
     * remainder: two 64-bit divisions a call were a measurable share of a 150 ns prediction.
     */
    private int start() {
        return (int) Thread.currentThread().threadId() & mask;
    }
}
