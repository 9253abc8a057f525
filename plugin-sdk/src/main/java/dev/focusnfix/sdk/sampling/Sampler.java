package dev.focusnfix.sdk.sampling;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.Stable;

/**
 * Runs the reverse diffusion of any {@link DiffusionPipeline} with the engine's sampler: the same steps, the same
 * step noise (drawn from the noise seed and the step index) and so the same images as {@code generate} and the
 * tuners. Differentiable when the caller records gradients.
 */
@Stable(since = "0.2.0")
public final class Sampler {

    private final dev.focusnfix.nn.pipeline.Sampler engineSampler;

    private Sampler(DiffusionPipeline pipeline) {
        this.engineSampler = dev.focusnfix.nn.pipeline.Sampler.of(pipeline);
    }

    /** A sampler for a pipeline; for the diffusers backbones it steps exactly as diffusers' DDIM does. */
    public static Sampler of(DiffusionPipeline pipeline) {
        return new Sampler(pipeline);
    }

    /** The whole run from {@code initialLatents}; with eta > 0 the step noise comes from {@code noiseSeed}. */
    public NDArray sample(
            Conditioning conditioning, NDArray initialLatents, SamplingSettings settings, long noiseSeed) {
        return engineSampler.sample(conditioning, initialLatents, settings, noiseSeed, null);
    }

    /**
     * Steps {@code from} (inclusive) to {@code to} (exclusive) of the run the settings describe, starting from
     * {@code x}, the latents at step {@code from}'s timestep; the result is in {@code x}'s manager.
     */
    public NDArray sampleSteps(
            Conditioning conditioning, NDArray x, SamplingSettings settings, int from, int to, long noiseSeed) {
        return engineSampler.sampleSteps(conditioning, x, settings, from, to, noiseSeed, null);
    }
}
