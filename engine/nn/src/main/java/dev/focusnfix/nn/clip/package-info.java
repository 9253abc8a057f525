/**
 * CLIP (Radford et al. 2021) as Hugging Face {@code CLIPModel} publishes it: the vision tower
 * ({@link dev.focusnfix.nn.clip.ClipVisionModel}), the text tower (reused from {@code dev.focusnfix.nn.text}),
 * differentiable preprocessing from {@code preprocessor_config.json} ({@link dev.focusnfix.nn.clip.ClipImageProcessor}),
 * the joint model with its logit scale ({@link dev.focusnfix.nn.clip.ClipModel}), and the aesthetic predictor head
 * that scores normalised CLIP image embeddings ({@link dev.focusnfix.nn.clip.AestheticPredictor}). open_clip
 * checkpoints (HPSv2) load into the same modules ({@link dev.focusnfix.nn.clip.OpenClipCheckpoint} with an
 * {@link dev.focusnfix.nn.clip.OpenClipConfig}), and the safety checker Stable Diffusion v1.x ships is
 * {@link dev.focusnfix.nn.clip.StableDiffusionSafetyChecker}. Everything from
 * pixels in [0, 1] to the scores keeps the autograd graph, so rewards built on it are differentiable.
 */
package dev.focusnfix.nn.clip;
