package dev.focusnfix.sdk.training;

import dev.focusnfix.api.Experimental;

/**
 * What a DRaFT-family method does for one micro-batch: evaluate its objective {@code J} on the micro-batch and add
 * the gradient of {@code -J} to the adapters' gradients (the training loop averages over micro-batches, clips and
 * steps the optimizer). When the objective is not finite, it returns at once without back-propagating.
 */
@FunctionalInterface
@Experimental
public interface MicroBatchStep {

    /** Evaluates the objective on {@code batch} and accumulates the adapters' gradients of {@code -J}. */
    ObjectiveValue accumulate(MicroBatch batch) throws Exception;
}
