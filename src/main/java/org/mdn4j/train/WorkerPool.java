package org.mdn4j.train;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs one task on {@code threads} fixed chunks of work and returns when every chunk is done.
 * Built for a training step of tens of microseconds: workers spin briefly before parking, and a
 * run allocates nothing (no futures, no locks), which the zero-allocation test of the training
 * step relies on.
 *
 * <p>Chunks are claimed, not assigned: the caller and the workers take the next unclaimed chunk
 * until none is left, so a worker that the scheduler has not run yet (its core busy with the
 * JIT's compiler threads in the first steps, or with anything else on a shared machine) costs
 * the step that chunk's work on the caller, not a wait for it. Which thread runs a chunk never
 * changes its result: the task must depend on the chunk index alone (the trainer gives every
 * chunk its own workspace and gradient buffer). A thread's first chunk, whenever it comes, may
 * still create that thread's kernel scratch (SimdBackend's thread-local rows, made once per
 * thread and sized so that every chunk of a step fits the first).
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
    private final int chunks;
    /** The next chunk to claim in this run; {@code chunks} or more once all are claimed. */
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    /** The first failure of a chunk in this run, to be rethrown by run(). */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    WorkerPool(int threads, IntConsumer task) {
        this.task = task;
        this.chunks = threads;
        next.set(threads);
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            Thread t = new Thread(this::loop, "mdn4j-worker-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    int threads() {
        return chunks;
    }

    /** Runs the task on every chunk; rethrows the first failure of any chunk. */
    void run() {
        if (workers.length == 0) {
            task.accept(0);
            return;
        }
        pending.set(chunks);
        // Opens the chunks to claims; a worker's claim reads this write, and so sees the task's
        // inputs that the caller wrote before run(). A claim left over from the previous run
        // (a worker that found nothing and is just back) can only take a chunk of this one.
        next.set(0);
        generation++;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        runClaimedChunks();
        int spins = 0;
        while (pending.get() != 0) {
            backOff(spins++);
        }
        Throwable f = failure.getAndSet(null);
        if (f != null) {
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

    /** Runs chunks until none is left to claim; a failure is kept (the first one) and the claiming goes on. */
    private void runClaimedChunks() {
        int c;
        while ((c = next.getAndIncrement()) < chunks) {
            try {
                task.accept(c);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    private void loop() {
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
            runClaimedChunks();
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
