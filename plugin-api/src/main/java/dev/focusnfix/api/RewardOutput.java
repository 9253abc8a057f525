package dev.focusnfix.api;

import ai.djl.ndarray.NDArray;

/**
 * What a reward returns for a batch.
 *
 * @param reward the reward per image, shape {@code [N]}; higher is better
 * @param saliencyScore the pre-squash score (a logit or margin) whose input gradient makes a useful saliency map,
 *     shape {@code [N]}; null when it equals {@code reward}
 * @param heatmap the model's own map of the problematic region, {@code [N,1,H,W]} in [0,1]; null when the model has
 *     none
 */
@Stable(since = "0.1.0")
public record RewardOutput(NDArray reward, NDArray saliencyScore, NDArray heatmap) {

    /** A reward without heatmap whose saliency score is the reward itself. */
    public static RewardOutput of(NDArray reward) {
        return new RewardOutput(reward, null, null);
    }

    /** The score gradient saliency should differentiate. */
    public NDArray scoreForSaliency() {
        return saliencyScore != null ? saliencyScore : reward;
    }
}
