package org.mdn4j.train;

/** Told about every finished epoch, on the training thread; keep it cheap. */
@FunctionalInterface
public interface EpochListener {

    /**
     * @param epoch    1-based epoch just finished
     * @param meanLoss that epoch's mean loss per sample (NLL in nats, or MSE)
     */
    void epochDone(int epoch, double meanLoss);

    EpochListener NONE = (e, l) -> { };
}
