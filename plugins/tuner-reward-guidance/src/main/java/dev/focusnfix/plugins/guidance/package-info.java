/**
 * Reward guidance (the inference-time baseline of the Focus-N-Fix paper): at every denoising step from a start step
 * on, the noise prediction is pushed along the gradient of a differentiable reward of the predicted clean image,
 * optionally only inside the region mask of the experiment (RG + RC). No weight changes; the tuner's result is the
 * guided sampling procedure.
 *
 * <p>{@link dev.focusnfix.plugins.guidance.RewardGuidanceTuner} is the {@code reward-guidance} extension,
 * {@link dev.focusnfix.plugins.guidance.RewardGuidedSampler} the procedure, and the remaining classes its parts: the
 * per-step reward gradient, per-sample gradient clipping, the mask on the latent grid and the run-folder record.
 */
package dev.focusnfix.plugins.guidance;
