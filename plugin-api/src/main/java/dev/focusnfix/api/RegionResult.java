package dev.focusnfix.api;

import ai.djl.ndarray.NDArray;

/**
 * A region function's answer: the final mask and, for inspection, the raw map it was made from.
 *
 * @param mask the mask, {@code [N,1,H,W]} in [0,1]
 * @param rawMap the unthresholded map (saliency, heatmap), {@code [N,1,H,W]}; null when there is none
 */
@Stable(since = "0.1.0")
public record RegionResult(Mask mask, NDArray rawMap) {}
