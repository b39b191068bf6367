package org.mdn4j.kernel;

import static org.mdn4j.kernel.KernelTestSupport.assertOutsideUnchanged;
import static org.mdn4j.kernel.KernelTestSupport.assertUnchanged;
import static org.mdn4j.kernel.KernelTestSupport.featureMajor;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.mdn4j.kernel.KernelTestSupport.Layout;

/**
 * One case of a mixture-loss kernel against its scalar twin (every head): a head batch of K logits
 * U(−3, 3), K×L means U(−1.5, 1.5) and K×S scale entries U(−1, 1), targets U(−1.5, 1.5), dHead
 * prefilled with noise and the NLL row with NaN, in tight ({@code variant} 0) or padded layouts;
 * both kernels' outputs; and the check that each kernel wrote only its outputs' region.
 */
final class HeadLossBuffers {

    /** A fused loss kernel of {@link Kernels}, e.g. {@code Kernels::mixtureNll}. */
    @FunctionalInterface
    interface HeadLoss {
        void run(Kernels kernels, float[] head, int headOff, int hs, int k, int l, int batch, float[] target, int tOff,
                 int ts, float logSigmaFloor, float scale, float[] dHead, int dOff, int ds, float[] nllOut, int nllOff);
    }

    /**
     * The σ floors every case runs with: the model default (1e-6), far below every log σ drawn, and
     * an active one (log floor −0.4) that clamps about a third of the log σ rows, and caps as many
     * log-diagonal rows of U at +0.4, which must then get a zero gradient.
     */
    static final float[] LOG_FLOORS = {(float) Math.log(1e-6), -0.4f};

    /** One case of a loss kernel test: a batch size, a layout variant (0 tight, 1 padded) and a σ floor. */
    @FunctionalInterface
    interface Case {
        void run(int batch, int variant, float logFloor);
    }

    /**
     * A batch longer than two of the SIMD loss kernels' 512-sample spans and not a multiple of any
     * lane count: whole spans, a shorter one, then the overlapping last vector.
     */
    static final int SPANNING_BATCH = 1101;

    /**
     * Runs {@code c} at every batch size of {@link KernelTestSupport#BATCH_SIZES} and
     * {@link #SPANNING_BATCH}, both layouts and both floors.
     */
    static void forEachCase(Case c) {
        int[] batches = java.util.Arrays.copyOf(KernelTestSupport.BATCH_SIZES, KernelTestSupport.BATCH_SIZES.length + 1);
        batches[batches.length - 1] = SPANNING_BATCH;
        for (int batch : batches) {
            for (int variant = 0; variant < 2; variant++) {
                for (float logFloor : LOG_FLOORS) {
                    c.run(batch, variant, logFloor);
                }
            }
        }
    }

    final Layout hL;
    final Layout tL;
    final Layout dL;
    final int nllOff;
    final int rows;
    final int batch;
    final float[] head;
    final float[] target;
    final float[] dScalar;
    final float[] dSimd;
    final float[] nllScalar;
    final float[] nllSimd;
    private final float[] head0;
    private final float[] target0;
    private final float[] dBefore;
    private final float[] nllBefore;

    /** Draws the case's inputs from {@code rng}; {@code scaleWidth} is S, the head's scale entries per component. */
    HeadLossBuffers(SplittableRandom rng, int k, int l, int scaleWidth, int batch, int variant) {
        this.batch = batch;
        rows = k * (1 + l + scaleWidth);
        hL = Layout.of(variant, batch, 1);
        tL = Layout.of(variant, batch, 2);
        dL = Layout.of(variant, batch, 3);
        nllOff = variant * 7;
        head = featureMajor(rng, hL, rows, batch, 0, 0);
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < k; c++) {
                head[hL.at(c, n)] = KernelTestSupport.uniform(rng, -3, 3);
                for (int d = 0; d < l; d++) {
                    head[hL.at(k + c * l + d, n)] = KernelTestSupport.uniform(rng, -1.5, 1.5);
                }
                for (int s = 0; s < scaleWidth; s++) {
                    head[hL.at(k + k * l + c * scaleWidth + s, n)] = KernelTestSupport.uniform(rng, -1, 1);
                }
            }
        }
        target = featureMajor(rng, tL, l, batch, -1.5, 1.5);
        dBefore = featureMajor(rng, dL, rows, batch, -9, 9);
        nllBefore = new float[nllOff + batch + 4];
        Arrays.fill(nllBefore, Float.NaN);
        head0 = head.clone();
        target0 = target.clone();
        dScalar = dBefore.clone();
        dSimd = dBefore.clone();
        nllScalar = nllBefore.clone();
        nllSimd = nllBefore.clone();
    }

    /** Runs {@code loss} with the scalar kernels into the scalar outputs, then with the SIMD ones. */
    void run(HeadLoss loss, KernelPair kernels, int k, int l, float logFloor, float scale) {
        loss.run(kernels.scalar(), head, hL.off(), hL.stride(), k, l, batch, target, tL.off(), tL.stride(), logFloor,
                scale, dScalar, dL.off(), dL.stride(), nllScalar, nllOff);
        loss.run(kernels.simd(), head, hL.off(), hL.stride(), k, l, batch, target, tL.off(), tL.stride(), logFloor,
                scale, dSimd, dL.off(), dL.stride(), nllSimd, nllOff);
    }

    /** The layouts, for a failure message. */
    String layouts() {
        return "head[" + hL + "] target[" + tL + "] dHead[" + dL + "] nllOff=" + nllOff;
    }

    /** The SIMD kernel wrote nothing outside dHead's and the NLL's regions, and neither input. */
    void assertOnlyOutputsWritten(Supplier<String> ctx) {
        assertOutsideUnchanged("dHead", dBefore, dSimd, dL, rows, batch, ctx);
        assertOutsideUnchanged("nll", nllBefore, nllSimd, nllOff, batch, ctx);
        assertUnchanged("head", head0, head, ctx);
        assertUnchanged("target", target0, target, ctx);
    }
}
