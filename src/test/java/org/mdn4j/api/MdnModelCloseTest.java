package org.mdn4j.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mdn4j.io.Model;

/**
 * Closing a model: calls after close throw {@code IllegalStateException("model is closed")};
 * calls in progress when it closes finish with correct results, and close returns only after
 * them; a close among sixteen busy threads leaves each of them with a correct result or that one
 * exception, nothing else.
 */
class MdnModelCloseTest {

    private static final int D = 3;
    private static final int L = 2;


    @Test
    void callsAfterCloseAreRefused() {
        MdnModel model = MdnModel.of(ApiModels.mdn(D, L, 2, 3));
        MdnPredictor p = model.predictor();
        model.close();
        assertTrue(model.isClosed());
        float[] x = new float[D];
        for (Runnable call : List.<Runnable>of(
                () -> p.predict(x, new double[L], null, null),
                () -> p.predict(x, 1, new double[L], null, null),
                () -> p.logDensity(x, new float[L]),
                () -> p.logDensity(x, new float[L], 1, new double[1]),
                () -> p.mixture(x, new double[2], null, null),
                model::predictor)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
            assertEquals("model is closed", e.getMessage());
        }
        model.close(); // a second close is harmless
        assertEquals(0, model.callsInFlight());
    }

    /**
     * A closed model that its owner still holds keeps nothing of the network: the model's
     * parameters become garbage (the call slots' buffer factory held the network until close
     * dropped it too).
     */
    @Test
    void aClosedModelHoldsNoNetwork() throws Exception {
        Model m = ApiModels.mdn(D, L, 3, 5);
        WeakReference<Model> network = new WeakReference<>(m);
        MdnModel model = MdnModel.of(m);
        m = null;
        double[] mean = new double[L];
        model.predictor().predict(ApiModels.inputs(1, D, 6), mean, null, null);
        model.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (network.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(network.get(), "the closed model still reaches its network");
        assertTrue(model.isClosed());
    }

    /**
     * A batch large enough to be in progress when the main thread closes: close waits for it,
     * and when close returns the call has returned and written every row.
     */
    @Test
    void closeWaitsForTheCallInProgress() throws Exception {
        int rows = 400_000;
        float[] x = ApiModels.inputs(rows, D, 5);
        Model m = ApiModels.mdn(D, L, 3, 5);
        double[] expected = new double[rows * L];
        try (MdnModel reference = MdnModel.of(m)) {
            reference.predictor().predict(x, rows, expected, null, null);
        }
        MdnModel model = MdnModel.of(m);
        MdnPredictor p = model.predictor();
        double[] mean = new double[rows * L];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                p.predict(x, rows, mean, null, null);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (model.callsInFlight() == 0 && worker.isAlive()) {
            assertTrue(System.nanoTime() < deadline, "the call did not start");
            Thread.onSpinWait();
        }
        boolean overlapped = model.callsInFlight() == 1;
        model.close();
        // everything the call wrote happens-before close's return
        assertEquals(0, model.callsInFlight());
        assertArrayEquals(expected, mean, 0.0, "the call in progress finished with the right results");
        worker.join();
        assertEquals(null, failure.get());
        assertTrue(overlapped, "the batch had already finished when close began; make it larger");
    }

    /**
     * Sixteen threads predict in a loop (single rows and batches) and check every result against
     * the single-thread reference, until the model is closed under them. Each thread must end
     * with the one expected exception, having seen only correct results before it.
     */
    @Test
    void closeAmongSixteenBusyThreads() throws Exception {
        Model m = ApiModels.mdn(D, L, 3, 9);
        int batch = 3000;
        float[] x = ApiModels.inputs(batch, D, 10);
        double[] expectedBatch = new double[batch * L];
        double[] expectedOne = new double[L];
        try (MdnModel reference = MdnModel.of(m)) {
            reference.predictor().predict(x, batch, expectedBatch, null, null);
            reference.predictor().predict(x, expectedOne, null, null);
        }
        MdnModel model = MdnModel.of(m);
        MdnPredictor p = model.predictor();
        int threads = 16;
        CountDownLatch running = new CountDownLatch(threads);
        List<AtomicReference<Throwable>> ends = new ArrayList<>();
        long[] successes = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            AtomicReference<Throwable> end = new AtomicReference<>();
            ends.add(end);
            int id = i;
            Thread w = new Thread(() -> {
                double[] mean = new double[batch * L];
                double[] one = new double[L];
                running.countDown();
                try {
                    for (long n = 0; ; n++) {
                        if ((n + id) % 4 == 0) {
                            p.predict(x, batch, mean, null, null);
                            if (!java.util.Arrays.equals(expectedBatch, mean)) {
                                throw new AssertionError("thread " + id + ": a wrong batch result");
                            }
                        } else {
                            p.predict(x, one, null, null);
                            if (!java.util.Arrays.equals(expectedOne, one)) {
                                throw new AssertionError("thread " + id + ": a wrong single-row result");
                            }
                        }
                        successes[id]++;
                    }
                } catch (Throwable t) {
                    end.set(t);
                }
            });
            workers.add(w);
            w.start();
        }
        assertTrue(running.await(30, TimeUnit.SECONDS));
        Thread.sleep(300);
        model.close();
        assertEquals(0, model.callsInFlight());
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(w.isAlive(), "a worker still runs after close");
        }
        for (int i = 0; i < threads; i++) {
            Throwable t = ends.get(i).get();
            assertTrue(t instanceof IllegalStateException && "model is closed".equals(t.getMessage()),
                    "thread " + i + " ended with " + t);
            assertTrue(successes[i] > 0, "thread " + i + " made no call before the close");
        }
    }
}
