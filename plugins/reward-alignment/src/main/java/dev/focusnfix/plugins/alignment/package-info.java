/**
 * Text-image alignment and aesthetic rewards built on CLIP: {@code clip-score} (cosine similarity of the image and
 * prompt embeddings) and {@code aesthetic} (the LAION aesthetic predictor on the CLIP image embedding, DRaFT's main
 * reward). Both are differentiable with respect to the pixels: preprocessing runs inside the autograd graph.
 *
 * <p>{@code misalignment} reads a dense misalignment model instead (score and heatmap, like {@code artifact}, through
 * the shared {@link dev.focusnfix.sdk.reward.DenseRewardModel}): the reward is minus the misalignment score and
 * the heatmap is the region to fix; differentiable for TorchScript models, not for ONNX.
 */
package dev.focusnfix.plugins.alignment;
