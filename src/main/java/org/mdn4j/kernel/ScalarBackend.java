package org.mdn4j.kernel;

/** {@link Kernels} over the reference {@link ScalarKernels}. */
public final class ScalarBackend implements Kernels {

    public static final ScalarBackend INSTANCE = new ScalarBackend();

    private ScalarBackend() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String describe() {
        return "scalar kernels (plain loops, one sample at a time)";
    }

    @Override
    public void denseForward(float[] in, int inOff, int inStride, int inDim, int batch, float[] w, int wOff,
                             float[] b, int bOff, int outDim, int activation, float[] out, int outOff, int outStride) {
        ScalarKernels.denseForward(in, inOff, inStride, inDim, batch, w, wOff, b, bOff, outDim, activation,
                out, outOff, outStride);
    }

    @Override
    public void denseBackward(float[] in, int inOff, int inStride, int inDim, int batch, float[] w, int wOff,
                              int outDim, int activation, float[] out, int outOff, float[] dOut, int dOutOff,
                              int outStride, float[] dW, int dWOff, float[] dB, int dBOff,
                              float[] dIn, int dInOff, int dInStride) {
        ScalarKernels.denseBackward(in, inOff, inStride, inDim, batch, w, wOff, outDim, activation, out, outOff,
                dOut, dOutOff, outStride, dW, dWOff, dB, dBOff, dIn, dInOff, dInStride);
    }

    @Override
    public void softmax(float[] logits, int off, int stride, int k, int batch, float[] out, int outOff, int outStride) {
        ScalarKernels.softmax(logits, off, stride, k, batch, out, outOff, outStride);
    }

    @Override
    public void logSoftmax(float[] logits, int off, int stride, int k, int batch, float[] out, int outOff, int outStride) {
        ScalarKernels.logSoftmax(logits, off, stride, k, batch, out, outOff, outStride);
    }

    @Override
    public void mixtureNll(float[] head, int headOff, int headStride, int k, int l, int batch, float[] target,
                           int tOff, int tStride, float logSigmaFloor, float scale, float[] dHead, int dOff,
                           int dStride, float[] nllOut, int nllOff) {
        ScalarKernels.mixtureNll(head, headOff, headStride, k, l, batch, target, tOff, tStride, logSigmaFloor,
                scale, dHead, dOff, dStride, nllOut, nllOff);
    }

    @Override
    public float mseLoss(float[] pred, int pOff, int pStride, float[] target, int tOff, int tStride, int rows,
                         int batch, float scale, float[] grad, int gOff, int gStride) {
        return ScalarKernels.mseLoss(pred, pOff, pStride, target, tOff, tStride, rows, batch, scale,
                grad, gOff, gStride);
    }

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, int off, int n, float lr, float beta1,
                     float beta2, float eps, float biasCorrection1, float biasCorrection2) {
        ScalarKernels.adam(p, g, m, v, off, n, lr, beta1, beta2, eps, biasCorrection1, biasCorrection2);
    }
}
