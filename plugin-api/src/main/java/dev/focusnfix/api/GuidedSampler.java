package dev.focusnfix.api;

import ai.djl.ndarray.NDArray;

/** A sampling procedure that modifies the denoising chain (reward guidance) instead of the weights. */
@Experimental
public interface GuidedSampler {

    /** Samples final latents from {@code xT} for the given conditioning. */
    NDArray sample(DiffusionPipeline pipeline, Conditioning conditioning, PromptBatch prompts, NDArray xT,
            SamplingSettings settings);
}
