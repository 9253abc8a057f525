/**
 * Safe Latent Diffusion (Schramowski et al. 2023, the safety baseline of the Focus-N-Fix paper) as a sampling
 * procedure: at every denoising step the noise guidance is pushed away from a safety concept's noise prediction, with
 * a per-element scale, a threshold, a warm-up and momentum, exactly as diffusers' {@code StableDiffusionPipelineSafe}.
 * No weight changes; the tuner's result is the guided sampling procedure.
 *
 * <p>{@link dev.focusnfix.plugins.sld.SafeLatentDiffusionTuner} is the {@code sld} extension,
 * {@link dev.focusnfix.plugins.sld.SafeLatentDiffusionSampler} the procedure, {@link
 * dev.focusnfix.plugins.sld.SafetyGuidance} the equations, {@link dev.focusnfix.plugins.sld.SldPreset} diffusers'
 * presets. Compiled against plugin-api and DJL alone.
 */
package dev.focusnfix.plugins.sld;
