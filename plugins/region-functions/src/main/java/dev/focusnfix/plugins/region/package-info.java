/**
 * Region functions for Focus-N-Fix: where fine-tuning may change an image. {@code heatmap} thresholds the reward's own
 * heatmap, {@code saliency} post-processes the input gradient of the reward's pre-squash score, {@code occlusion}
 * measures how the score changes when patches are hidden (for rewards without gradients), {@code full} lets every
 * pixel change (Focus-N-Fix then equals DRaFT) and {@code file} uses a fixed mask image.
 *
 * <p>Saliency and occlusion share one post-processing chain ({@link dev.focusnfix.plugins.region.MapPostProcessor}):
 * Gaussian smoothing, per-image normalisation, threshold, main connected regions, dilation.
 */
package dev.focusnfix.plugins.region;
