package dev.focusnfix.nn.kernels;

import ai.djl.ndarray.NDArray;

/**
 * The operations the networks route through one seam: scaled dot-product attention and GroupNorm (optionally followed
 * by SiLU). Results live in the first argument's manager; arguments are not closed. Both stay differentiable.
 */
public interface NetworkKernels {

    /** {@code composed} or {@code fused}. */
    String name();

    /**
     * {@code softmax(q k^T / sqrt(d) + mask) v} over the last two axes.
     *
     * @param q [N, heads, Lq, d]
     * @param k [N, heads, Lk, d]
     * @param v [N, heads, Lk, dv]
     * @param additiveMask null, or added to the scores, broadcastable to [N, heads, Lq, Lk] (0 keeps, -inf masks)
     * @return [N, heads, Lq, dv] in q's data type; half-precision inputs get their softmax in float32 or better
     */
    NDArray attention(NDArray q, NDArray k, NDArray v, NDArray additiveMask);

    /**
     * GroupNorm of {@code x [N, C, ...]} with per-channel {@code weight}, {@code bias} [C], then SiLU when
     * {@code silu} is set.
     */
    NDArray groupNorm(NDArray x, NDArray weight, NDArray bias, int groups, float eps, boolean silu);
}
