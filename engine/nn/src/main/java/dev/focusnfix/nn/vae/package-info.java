/**
 * The latent autoencoder of Stable Diffusion (diffusers {@code AutoencoderKL}), built from its {@code config.json}:
 * {@link dev.focusnfix.nn.vae.AutoencoderKL} encodes images to a diagonal Gaussian over latents
 * ({@link dev.focusnfix.nn.vae.LatentDistribution}) and decodes latents to images. Built on the shared
 * {@code dev.focusnfix.nn.module} and {@code dev.focusnfix.nn.layers} API; all forward work is differentiable.
 */
package dev.focusnfix.nn.vae;
