package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.Experimental;

/**
 * The head of a back-propagation chain: maps final latents (which require gradients) to the objective {@code J} to
 * maximise, differentiably, usually through the decoder and a reward.
 */
@FunctionalInterface
@Experimental
public interface Objective {

    /**
     * The objective's terms for a batch of final latents.
     *
     * @param objective {@code J}, a single value, differentiable with respect to the latents
     * @param reward the reward of each image {@code [N]} (for the metrics)
     * @param constraint the constraint of each image {@code [N]} (for the metrics), or null when there is none
     */
    record Terms(NDArray objective, NDArray reward, NDArray constraint) {}

    /** Evaluates the objective; every result must stay in the latents' manager (or a sub-scope of it). */
    Terms evaluate(NDArray finalLatents);
}
