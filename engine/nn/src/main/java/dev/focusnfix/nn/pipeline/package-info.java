/**
 * Text-to-image pipelines loaded from diffusers pipeline folders:
 * {@link dev.focusnfix.nn.pipeline.LatentDiffusionPipeline} implements the plugin API's {@code DiffusionPipeline}
 * for Stable Diffusion v1.x, SDXL and LDM ({@link dev.focusnfix.nn.pipeline.PipelineFamily});
 * {@link dev.focusnfix.nn.pipeline.Sampler} runs the whole DDIM loop of any {@code DiffusionPipeline}.
 */
package dev.focusnfix.nn.pipeline;
