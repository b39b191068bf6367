package org.mdn4j.train;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs one task on {@code threads} fixed chunks of work, the caller taking chunk 0, and returns
 * when every chunk is done. Built for a training step of tens of microseconds: workers spin
 * briefly before parking, and a run allocates nothing (no futures, no locks), which the
 * zero-allocation test of the training step relies on.
 */
final class WorkerPool implements AutoCloseable {

    /** Spins before a worker parks: long enough to bridge one training step to the next. */
    private static final int SPIN_BEFORE_PARK = 1 << 14;
    /**
     * Spins before a waiting thread also yields its core on every further spin: well past a
     * compiled step's wait for the slowest chunk, so a warm run never yields, while in the first
     * steps, which run uncompiled and far longer, the cores go to the JIT's compiler threads
     * instead of to spinning (with every core training, C2 otherwise gets only what the
     * scheduler spares it, and the runs after the first were measured still warming up).
     */
    private static final int SPIN_BEFORE_YIELD = 1 << 10;

    private final IntConsumer task;
    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    WorkerPool(int threads, IntConsumer task) {
        this.task = task;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int chunk = i + 1;
            Thread t = new Thread(() -> loop(chunk), "mdn4j-worker-" + chunk);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    int threads() {
        return workers.length + 1;
    }

    /** Runs the task on every chunk; rethrows the first failure of any chunk. */
    void run() {
        if (workers.length == 0) {
            task.accept(0);
            return;
        }
        pending.set(workers.length);
        generation++;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        Throwable mine = null;
        try {
            task.accept(0);
        } catch (Throwable e) {
            mine = e;
        }
        int spins = 0;
        while (pending.get() != 0) {
            backOff(spins++);
        }
        Throwable f = mine != null ? mine : failure;
        if (f != null) {
            failure = null;
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(f);
        }
    }

    /** One wait of a thread that has waited {@code spins} times: a spin, or past SPIN_BEFORE_YIELD a yield. */
    private static void backOff(int spins) {
        if (spins < SPIN_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    private void loop(int chunk) {
        int seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (spins < SPIN_BEFORE_PARK) {
                    backOff(spins++);
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            try {
                task.accept(chunk);
            } catch (Throwable e) {
                failure = e;
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
    }
}
