package dev.focusnfix.api;

import ai.djl.ndarray.NDArray;

/**
 * A sampling procedure that changes the denoising chain instead of the weights (reward guidance, Safe Latent
 * Diffusion): the hook a {@link FineTuner} returns in {@link TuningResult.GuidedSampling}. It works through the
 * pipeline's contract alone: {@link DiffusionPipeline#schedule()} for the timesteps,
 * {@link DiffusionPipeline#predictBranches} for unguided outputs per conditioning branch (or
 * {@link DiffusionPipeline#predict} for the classifier-free guided one), its own combination of them, and
 * {@link DiffusionPipeline#step}; extra prompts (a safety concept) are encoded with
 * {@link DiffusionPipeline#encodePrompts}.
 */
@Experimental
public interface GuidedSampler {

    /** Samples final latents from the initial latents {@code x_T} for the given conditioning. */
    NDArray sample(
            DiffusionPipeline pipeline,
            Conditioning conditioning,
            PromptBatch prompts,
            NDArray initialLatents,
            SamplingSettings settings);
}
