package org.mdn4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mdn4j.kernel.Activation;
import org.mdn4j.kernel.ScalarKernels;
import org.mdn4j.nn.Head;

/**
 * Every device kernel against its scalar twin in {@link ScalarKernels}, at awkward sizes (1,
 * primes, one past a reduction chunk) with strides wider than the batch, from seeded data; one
 * subclass per device backend.
 *
 * <p>Tolerance: the kernels do the scalar twin's float operations in the same order without
 * contraction, with IEEE division and square root; they differ only where the device's
 * exp/log/tanh (within OpenCL's 3-4 ulp bounds) differ from Java's rounded double results. So
 * every value is held to 1e-5 relative to its magnitude plus the magnitude of the terms it is
 * made of (a cancellation cannot hide behind a small result).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeviceKernelEquivalenceTest {

    private static final double TOL = 1e-5;
    private static final int[] BATCHES = {1, 7, 33, 257};
    /** A weight-gradient chunk small enough that the batches below span one, two and five chunks. */
    private static final int GRADIENT_CHUNK = 64;
    /**
     * Batches around the gradient chunk: one sample, a prime, chunk - 1, chunk, chunk + 1, several
     * chunks and a ragged end, and 18 chunks (the second stage's eight-at-a-time loop and its tail).
     */
    private static final int[] GRADIENT_BATCHES = {1, 13, GRADIENT_CHUNK - 1, GRADIENT_CHUNK, GRADIENT_CHUNK + 1, 300,
        1100};
    private Device device;
    private DeviceKernels kernels;

    /** The device backend under test: {@code opencl} or {@code cuda}. */
    abstract String backend();

    @BeforeAll
    void open() {
        device = TestDevices.openIfAvailable(backend());
        kernels = device == null ? null : new DeviceKernels(device);
    }

    @BeforeEach
    void needsTheDevice() {
        TestDevices.skipUnlessAvailable(backend());
    }

    @AfterAll
    void close() {
        if (device != null) {
            device.close();
        }
    }

    @Test
    void gatherRowsCopiesTheOrderedRowsFeatureMajor() {
        SplittableRandom rng = new SplittableRandom(11);
        int rows = 41;
        int width = 3;
        float[] src = random(rng, rows * width, -1, 1);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = (i * 17 + 5) % rows;
        }
        int start = 6;
        int count = 29;
        int stride = count + 3;
        float[] expected = new float[width * stride];
        int[] picked = new int[count];
        System.arraycopy(order, start, picked, 0, count);
        org.mdn4j.nn.Workspace.gather(src, width, picked, 0, count, expected, 0, stride);
        DeviceBuffer dSrc = upload(src);
        DeviceBuffer dOrder = device.buffer(rows);
        device.write(dOrder, 0, order, 0, rows);
        DeviceBuffer dDst = device.buffer(width * stride);
        device.write(dDst, 0, new float[width * stride], 0, width * stride);
        kernels.gatherRows(dSrc, width, dOrder, start, count, dDst, stride);
        float[] actual = download(dDst, width * stride);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), "element " + i);
        }
    }

    @Test
    void denseForwardMatchesScalarForEveryActivation() {
        everyDenseShape(BATCHES, this::denseForwardCase);
    }

    private void denseForwardCase(Activation act, int inDim, int outDim, int batch) {
        long seed = 1000L * act.code() + 100L * inDim + 10L * outDim + batch;
        SplittableRandom rng = new SplittableRandom(seed);
        int stride = batch + 3;
        int wOff = 2;
        int bOff = wOff + outDim * inDim;
        float[] in = random(rng, inDim * stride, -2, 2);
        float[] params = random(rng, bOff + outDim + 1, -1, 1);
        float[] expected = new float[outDim * stride];
        ScalarKernels.denseForward(in, 0, stride, inDim, batch, params, wOff, params, bOff, outDim, act.code(),
                expected, 0, stride);
        DeviceBuffer dOut = upload(sentinels(outDim * stride));
        kernels.denseForward(upload(in), stride, inDim, batch, upload(params), wOff, bOff, outDim, act.code(), dOut,
                stride);
        float[] actual = download(dOut, outDim * stride);
        assertPaddingUntouched(actual, outDim, batch, stride, "denseForward " + act + " seed " + seed);
        if (exactOnDevice(act)) {
            assertSameBits(expected, actual, outDim, batch, stride, "denseForward " + act + " seed " + seed);
        }
        for (int j = 0; j < outDim; j++) {
            for (int n = 0; n < batch; n++) {
                double terms = Math.abs(params[bOff + j]);
                for (int i = 0; i < inDim; i++) {
                    terms += Math.abs(params[wOff + j * inDim + i] * in[i * stride + n]);
                }
                int at = j * stride + n;
                int jj = j;
                check(expected[at], actual[at], terms, () -> "denseForward " + act + " seed " + seed + " j " + jj);
            }
        }
    }

    /**
     * The tiled kernels work in 64 x 64 output tiles, 16 terms deep: widths and batches on each
     * side of those edges (one tile, a ragged second one, several), forward and backward, with a
     * gradient chunk that is not a multiple of the depth step.
     */
    @Test
    void denseKernelsMatchScalarAcrossTileEdges() {
        DeviceKernels chunked = new DeviceKernels(device, 100);
        for (Activation act : new Activation[] {Activation.RELU, Activation.TANH}) {
            for (int[] dims : new int[][] {{4, 9}, {5, 9}, {16, 64}, {17, 65}, {64, 24}, {70, 130}}) {
                for (int batch : new int[] {63, 64, 65, 300}) {
                    denseForwardCase(act, dims[0], dims[1], batch);
                    denseBackwardCase(chunked, act, dims[0], dims[1], batch);
                    denseBackwardCase(chunked, act, dims[1], dims[0], batch);
                }
            }
        }
    }

    @Test
    void denseBackwardMatchesScalarForEveryActivation() {
        everyDenseShape(BATCHES, (act, inDim, outDim, batch) -> denseBackwardCase(kernels, act, inDim, outDim, batch));
    }

    @Test
    void weightGradientSumsChunksOfTheBatchInOrder() {
        DeviceKernels chunked = new DeviceKernels(device, GRADIENT_CHUNK);
        everyDenseShape(GRADIENT_BATCHES, (act, inDim, outDim, batch) -> denseBackwardCase(chunked, act, inDim, outDim,
                batch));
    }

    /**
     * The trainer's form of the backward pass: the top layer's derivative applied once, then
     * each layer from its pre-activation gradient with the layer below's derivative carried by
     * the input gradient, for every pair of activations and across the tile edges.
     */
    @Test
    void inputGradientCarriesTheDerivativeOfTheLayerBelow() {
        for (Activation act : Activation.values()) {
            for (Activation below : Activation.values()) {
                for (int[] dims : new int[][] {{3, 5}, {13, 9}, {70, 65}}) {
                    for (int batch : new int[] {1, 33, 300}) {
                        denseBackwardCase(kernels, act, below, dims[0], dims[1], batch);
                    }
                }
            }
        }
    }

    private void denseBackwardCase(DeviceKernels kernels, Activation act, int inDim, int outDim, int batch) {
        denseBackwardCase(kernels, act, Activation.IDENTITY, inDim, outDim, batch);
    }

    /**
     * {@code below} the identity: {@link DeviceKernels#denseBackward}; otherwise its activation
     * derivative and {@link DeviceKernels#denseBackwardFromPreActivation} with {@code in} as the
     * output of a layer with activation {@code below}.
     */
    private void denseBackwardCase(DeviceKernels kernels, Activation act, Activation below, int inDim, int outDim,
                                   int batch) {
        long seed = 7000L * act.code() + 500L * below.code() + 100L * inDim + 10L * outDim + batch;
        SplittableRandom rng = new SplittableRandom(seed);
        int stride = batch + 5;
        int wOff = 3;
        int bOff = wOff + outDim * inDim;
        int size = bOff + outDim;
        float[] in = random(rng, inDim * stride, -2, 2);
        float[] params = random(rng, size, -1, 1);
        float[] out = new float[outDim * stride];
        ScalarKernels.denseForward(in, 0, stride, inDim, batch, params, wOff, params, bOff, outDim, act.code(),
                out, 0, stride);
        float[] dOut = random(rng, outDim * stride, -1, 1);
        DeviceBuffer dIn = upload(sentinels(inDim * stride));
        DeviceBuffer deltaBuf = upload(dOut);
        DeviceBuffer grads = upload(new float[size]);
        DeviceBuffer scratch = device.buffer(kernels.weightGradientScratch(outDim * (inDim + 1), batch));
        if (below == Activation.IDENTITY) {
            kernels.denseBackward(upload(in), stride, inDim, batch, upload(params), wOff, outDim, act.code(), upload(out),
                    deltaBuf, stride, grads, wOff, bOff, dIn, stride, scratch);
        } else {
            kernels.activationBackward(deltaBuf, upload(out), outDim, batch, stride, act.code());
            kernels.denseBackwardFromPreActivation(upload(in), stride, inDim, batch, upload(params), wOff, outDim,
                    deltaBuf, stride, grads, wOff, bOff, dIn, stride, below.code(), scratch);
        }
        float[] expectedDelta = dOut.clone();
        float[] expectedGrads = new float[size];
        float[] expectedDIn = new float[inDim * stride];
        ScalarKernels.denseBackward(in, 0, stride, inDim, batch, params, wOff, outDim, act.code(), out, 0,
                expectedDelta, 0, stride, expectedGrads, wOff, expectedGrads, bOff, expectedDIn, 0, stride);
        float[] delta = download(deltaBuf, outDim * stride);
        float[] g = download(grads, size);
        float[] dx = download(dIn, inDim * stride);
        String what = "denseBackward " + act + " below " + below + " in " + inDim + " out " + outDim + " batch " + batch
                + " seed " + seed;
        assertPaddingUntouched(dx, inDim, batch, stride, what + ": dIn");
        if (exactOnDevice(act) && exactOnDevice(below)) {
            float[] expectedDx = expectedDIn.clone();
            for (int i = 0; i < inDim; i++) {
                for (int n = 0; n < batch; n++) {
                    expectedDx[i * stride + n] *= ScalarKernels.derivativeFromOutput(below.code(), in[i * stride + n]);
                }
            }
            assertSameBits(expectedDx, dx, inDim, batch, stride, what + ": dIn");
            if (kernels.weightGradientScratch(1, batch) == 1) {
                // one chunk: the device's sums are the scalar loop's, term for term
                assertSameBits(expectedGrads, g, 1, size, size, what + ": dW, db");
            }
        }
        for (int j = 0; j < outDim; j++) {
            double bTerms = 0;
            for (int n = 0; n < batch; n++) {
                int at = j * stride + n;
                check(expectedDelta[at], delta[at], Math.abs(dOut[at]), () -> what + ": dPre");
                bTerms += Math.abs(expectedDelta[at]);
            }
            int jj = j;
            check(expectedGrads[bOff + j], g[bOff + j], bTerms, () -> what + ": db " + jj);
            for (int i = 0; i < inDim; i++) {
                double terms = 0;
                for (int n = 0; n < batch; n++) {
                    terms += Math.abs(expectedDelta[j * stride + n] * in[i * stride + n]);
                }
                int ii = i;
                check(expectedGrads[wOff + j * inDim + i], g[wOff + j * inDim + i], terms, () -> what + ": dW " + jj + "," + ii);
            }
        }
        for (int i = 0; i < inDim; i++) {
            for (int n = 0; n < batch; n++) {
                double terms = 0;
                for (int j = 0; j < outDim; j++) {
                    terms += Math.abs(params[wOff + j * inDim + i] * expectedDelta[j * stride + n]);
                }
                float derivative = ScalarKernels.derivativeFromOutput(below.code(), in[i * stride + n]);
                check(expectedDIn[i * stride + n] * derivative, dx[i * stride + n], terms * Math.abs(derivative),
                        () -> what + ": dIn");
            }
        }
    }

    @Test
    void isotropicMixtureNllMatchesScalar() {
        everyMixtureShape(false);
    }

    @Test
    void diagonalMixtureNllMatchesScalar() {
        everyMixtureShape(true);
    }

    /** K, L and batch sizes, a floor far below the data's log σ and one (-0.4) that clamps about a third of them. */
    private void everyMixtureShape(boolean diagonal) {
        for (int k : new int[] {1, 3, 5}) {
            for (int l : new int[] {1, 2, 3}) {
                for (int batch : BATCHES) {
                    for (float floor : new float[] {(float) Math.log(1e-6), -0.4f}) {
                        mixtureCase(diagonal, k, l, batch, floor);
                    }
                }
            }
        }
    }

    private void mixtureCase(boolean diagonal, int k, int l, int batch, float floor) {
        long seed = 100L * k + 10L * l + batch + (floor > -1 ? 5000 : 0) + (diagonal ? 50_000 : 0);
        SplittableRandom rng = new SplittableRandom(seed);
        int rows = k + k * l + (diagonal ? k * l : k);
        int hs = batch + 2;
        int ts = batch + 1;
        float[] head = random(rng, rows * hs, -1.5, 1.5);
        float[] target = random(rng, l * ts, -1, 1);
        float scale = 1f / batch;
        float[] expectedD = new float[rows * hs];
        float[] expectedNll = new float[batch];
        DeviceBuffer dD = device.buffer(rows * hs);
        DeviceBuffer dNll = device.buffer(batch);
        if (diagonal) {
            ScalarKernels.mixtureNllDiagonal(head, 0, hs, k, l, batch, target, 0, ts, floor, scale, expectedD, 0, hs,
                    expectedNll, 0);
            kernels.mixtureNll(Head.DIAGONAL, upload(head), hs, k, l, batch, upload(target), ts, floor, scale, dD,
                    hs, dNll);
        } else {
            ScalarKernels.mixtureNll(head, 0, hs, k, l, batch, target, 0, ts, floor, scale, expectedD, 0, hs,
                    expectedNll, 0);
            kernels.mixtureNll(Head.ISOTROPIC, upload(head), hs, k, l, batch, upload(target), ts, floor, scale, dD,
                    hs, dNll);
        }
        float[] d = download(dD, rows * hs);
        float[] nll = download(dNll, batch);
        String what = (diagonal ? "mixtureNllDiagonal" : "mixtureNll") + " K " + k + " L " + l + " batch " + batch
                + " floor " + floor + " seed " + seed;
        for (int n = 0; n < batch; n++) {
            // the log joint's terms are O(10) at most here: logits, q/2, L·log σ, L·½log 2π
            check(expectedNll[n], nll[n], 10, () -> what + ": nll");
            for (int r = 0; r < rows; r++) {
                int at = r * hs + n;
                int rr = r;
                check(expectedD[at], d[at], 10 * scale, () -> what + ": dHead row " + rr);
            }
        }
    }

    @Test
    void mseLossMatchesScalarSampleBySample() {
        for (int rows : new int[] {1, 2, 5}) {
            for (int batch : BATCHES) {
                long seed = 31L * rows + batch;
                SplittableRandom rng = new SplittableRandom(seed);
                int ps = batch + 3;
                int ts = batch + 1;
                float[] pred = random(rng, rows * ps, -2, 2);
                float[] target = random(rng, rows * ts, -2, 2);
                float scale = 1f / (batch * rows);
                DeviceBuffer grad = device.buffer(rows * ps);
                DeviceBuffer loss = device.buffer(batch);
                kernels.mseLoss(upload(pred), ps, upload(target), ts, rows, batch, scale, grad, ps, loss);
                float[] g = download(grad, rows * ps);
                float[] l = download(loss, batch);
                float[] expectedG = new float[rows * ps];
                for (int n = 0; n < batch; n++) {
                    // the scalar kernel over one sample: that sample's loss, summed over rows in order
                    float expected = ScalarKernels.mseLoss(pred, n, ps, target, n, ts, rows, 1, scale, expectedG, n, ps);
                    int nn = n;
                    // the same float operations in the same order, none of them a library function: the same bits
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(l[n]),
                            () -> "mse loss, rows " + rows + " batch " + batch + " seed " + seed + " sample " + nn);
                    for (int r = 0; r < rows; r++) {
                        assertEquals(expectedG[r * ps + n], g[r * ps + n], 0f, "mse gradient row " + r + " sample " + n);
                    }
                }
            }
        }
    }

    @Test
    void sumAddsInAFixedOrderAndProbesFiniteness() {
        // up to 65,536 two levels of partial sums; 65,537, 70,001 and 2^20 (the large full batch) three
        for (int count : new int[] {1, 255, 256, 257, 1000, 65_536, 65_537, 70001, 1 << 20}) {
            SplittableRandom rng = new SplittableRandom(count);
            float[] x = random(rng, count, -1, 1);
            double expected = 0;
            double terms = 0;
            for (float v : x) {
                expected += v;
                terms += Math.abs(v);
            }
            DeviceBuffer dx = upload(x);
            DeviceBuffer partials = device.buffer(DeviceKernels.partials(count));
            DeviceBuffer out = device.buffer(2);
            kernels.sum(dx, count, 1f, partials, out, 0);
            kernels.sum(dx, count, 0f, partials, out, 1);
            int c = count;
            // an element goes through at most 256 additions per level below the last, which adds
            // count / 65,536 sums: error at most (2·256 + count/65,536)·2^-24·Σ|x|
            double bound = (2 * 256 + count / 65_536.0) * Math.ulp(1f) / 2 * terms;
            check(expected, device.read(out, 0), bound / TOL, () -> "sum of " + c);
            assertEquals(0f, device.read(out, 1), "finite probe of " + count);
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                float[] y = x.clone();
                y[count - 1] = bad;
                kernels.sum(upload(y), count, 0f, partials, out, 1);
                assertTrue(Float.isNaN(device.read(out, 1)), "the probe sees " + bad + " among " + count);
            }
        }
    }

    @Test
    void adamMatchesScalarAndKeepsTheOldState() {
        for (int n : new int[] {1, 7, 1001}) {
            SplittableRandom rng = new SplittableRandom(n);
            float[] p = random(rng, n, -1, 1);
            float[] g = random(rng, n, -0.1, 0.1);
            float[] m = random(rng, n, -0.01, 0.01);
            float[] v = random(rng, n, 0, 0.001);
            float[] state = new float[3 * n];
            System.arraycopy(p, 0, state, 0, n);
            System.arraycopy(m, 0, state, n, n);
            System.arraycopy(v, 0, state, 2 * n, n);
            DeviceBuffer dState = upload(state);
            DeviceBuffer backup = device.buffer(3 * n);
            float bc1 = (float) (1 - Math.pow(0.9, 3));
            float bc2 = (float) (1 - Math.pow(0.999, 3));
            kernels.adam(dState, upload(g), n, 0.01f, 0.9f, 0.999f, 1e-8f, bc1, bc2, backup);
            float[] ep = p.clone();
            float[] em = m.clone();
            float[] ev = v.clone();
            ScalarKernels.adam(ep, g, em, ev, 0, n, 0.01f, 0.9f, 0.999f, 1e-8f, bc1, bc2);
            float[] actual = download(dState, 3 * n);
            float[] old = download(backup, 3 * n);
            for (int i = 0; i < n; i++) {
                int ii = i;
                // an Adam step moves a parameter by at most about lr, so compare the step
                check(ep[i] - p[i], actual[i] - p[i], 0.01, () -> "adam p " + ii + " of " + n);
                check(em[i], actual[n + i], Math.abs(m[i]) + Math.abs(g[i]), () -> "adam m " + ii);
                check(ev[i], actual[2 * n + i], Math.abs(v[i]) + g[i] * g[i], () -> "adam v " + ii);
                assertEquals(state[i], old[i], "backup p");
                assertEquals(state[n + i], old[n + i], "backup m");
                assertEquals(state[2 * n + i], old[2 * n + i], "backup v");
            }
        }
    }

    /** As the CPU kernels: moments under the smallest normal float become +0, and move no parameter. */
    @Test
    void adamFlushesSubnormalMomentsAsTheCpuDoes() {
        int n = 37;
        SplittableRandom rng = new SplittableRandom(37);
        float[] p = random(rng, n, -1, 1);
        float[] state = new float[3 * n];
        System.arraycopy(p, 0, state, 0, n);
        for (int i = 0; i < n; i++) {
            state[n + i] = (i % 2 == 0 ? 1 : -1) * Float.MIN_VALUE * rng.nextInt(1, 1 << 23);
            state[2 * n + i] = Float.MIN_VALUE * rng.nextInt(1, 1 << 23);
        }
        DeviceBuffer dState = upload(state);
        kernels.adam(dState, upload(new float[n]), n, 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f, device.buffer(3 * n));
        float[] actual = download(dState, 3 * n);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(p[i]), Float.floatToRawIntBits(actual[i]), "p " + i);
            assertEquals(0, Float.floatToRawIntBits(actual[n + i]), "m " + i);
            assertEquals(0, Float.floatToRawIntBits(actual[2 * n + i]), "v " + i);
        }
    }

    /** A dense kernel case: activation, input width, output width, batch. */
    private interface DenseCase {
        void run(Activation act, int inDim, int outDim, int batch);
    }

    /** Every activation, widths below, at and above the 4-row block, every batch size given. */
    private static void everyDenseShape(int[] batches, DenseCase c) {
        for (Activation act : Activation.values()) {
            for (int inDim : new int[] {1, 3, 13}) {
                for (int outDim : new int[] {1, 5, 9}) {
                    for (int batch : batches) {
                        c.run(act, inDim, outDim, batch);
                    }
                }
            }
        }
    }

    private static void check(double expected, double actual, double terms, java.util.function.Supplier<String> what) {
        double tol = TOL * (Math.abs(expected) + terms) + 1e-30;
        if (!(Math.abs(expected - actual) <= tol)) {
            fail(what.get() + ": expected " + expected + ", device gave " + actual + " (tolerance " + tol + ")");
        }
    }

    /**
     * Activations whose kernels call no library function (so the device computes exactly the
     * scalar twin's float operations in its order, and the bits must agree).
     */
    private static boolean exactOnDevice(Activation act) {
        return act == Activation.IDENTITY || act == Activation.RELU;
    }

    /** {@code n} NaNs: an output buffer whose padding columns must come back untouched. */
    private static float[] sentinels(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }

    /** Columns {@code [batch, stride)} of each of {@code rows} rows still hold their NaN. */
    private static void assertPaddingUntouched(float[] a, int rows, int batch, int stride, String what) {
        for (int r = 0; r < rows; r++) {
            for (int n = batch; n < stride; n++) {
                assertTrue(Float.isNaN(a[r * stride + n]), what + ": row " + r + " padding column " + n + " written");
            }
        }
    }

    /** Columns {@code [0, batch)} of each of {@code rows} rows bit for bit. */
    private static void assertSameBits(float[] expected, float[] actual, int rows, int batch, int stride, String what) {
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < batch; n++) {
                int at = r * stride + n;
                assertEquals(Float.floatToIntBits(expected[at]), Float.floatToIntBits(actual[at]),
                        what + ": row " + r + " column " + n);
            }
        }
    }

    private static float[] random(SplittableRandom rng, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        }
        return a;
    }

    private DeviceBuffer upload(float[] a) {
        DeviceBuffer b = device.buffer(a.length);
        device.write(b, 0, a, 0, a.length);
        return b;
    }

    private float[] download(DeviceBuffer b, int n) {
        float[] a = new float[n];
        device.read(b, 0, a, 0, n);
        return a;
    }
}
