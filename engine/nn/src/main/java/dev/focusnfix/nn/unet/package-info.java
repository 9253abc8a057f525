/**
 * The conditional UNet of Stable Diffusion, SDXL and LDM ({@link dev.focusnfix.nn.unet.UNet2DConditionModel}),
 * built from a diffusers {@code config.json} ({@link dev.focusnfix.nn.unet.UNetConfig}, diffusers 0.25 semantics)
 * and loaded from its safetensors weights.
 */
package dev.focusnfix.nn.unet;
