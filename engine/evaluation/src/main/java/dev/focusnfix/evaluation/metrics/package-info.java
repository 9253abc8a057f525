/**
 * Image-change metrics for comparing a fine-tuned model's images with the base model's on the same seed, as the paper
 * judges results: {@link dev.focusnfix.evaluation.metrics.Psnr}, {@link dev.focusnfix.evaluation.metrics.Ssim}, their
 * region-masked variants ({@link dev.focusnfix.evaluation.metrics.MaskedMetrics}), and aggregation over images
 * ({@link dev.focusnfix.evaluation.metrics.Summary}, {@link dev.focusnfix.evaluation.metrics.ChangeRates}). Images are
 * {@code [N, C, H, W]} (or one {@code [C, H, W]}) in [0, 1]; every metric is computed per image in float64 on the Java
 * heap, one image at a time. LPIPS is in {@link dev.focusnfix.evaluation.lpips}.
 */
package dev.focusnfix.evaluation.metrics;
