/**
 * CLIP (Radford et al. 2021) as Hugging Face {@code CLIPModel} publishes it: the vision tower
 * (internal to this package), the text tower (the engine's CLIP text encoder),
 * differentiable preprocessing from {@code preprocessor_config.json} ({@link dev.focusnfix.sdk.clip.ClipImageProcessor}),
 * the joint model with its logit scale ({@link dev.focusnfix.sdk.clip.ClipModel}), and the aesthetic predictor head
 * that scores normalised CLIP image embeddings ({@link dev.focusnfix.sdk.clip.AestheticPredictor}). open_clip
 * checkpoints (HPSv2) load into the same modules ({@link dev.focusnfix.sdk.clip.OpenClipCheckpoint} with an
 * {@link dev.focusnfix.sdk.clip.OpenClipConfig}), and the safety checker Stable Diffusion v1.x ships is
 * {@link dev.focusnfix.sdk.clip.StableDiffusionSafetyChecker}. Everything from
 * pixels in [0, 1] to the scores keeps the autograd graph, so rewards built on it are differentiable.
 */
package dev.focusnfix.sdk.clip;
