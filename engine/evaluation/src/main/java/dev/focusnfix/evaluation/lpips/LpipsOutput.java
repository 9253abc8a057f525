package dev.focusnfix.evaluation.lpips;

import ai.djl.ndarray.NDArray;

/**
 * LPIPS distances of a batch of image pairs, in the first input's manager (the caller closes them).
 *
 * @param distance {@code [N]}: the LPIPS distance of each pair (0 for identical images)
 * @param stageValues {@code [N, L]}: the contribution of each stage; {@code distance} is their sum
 */
public record LpipsOutput(NDArray distance, NDArray stageValues) {}
