package dev.focusnfix.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A loaded text-to-image latent diffusion model: prompt encoding, DDIM sampling one step at a time, the decoder and
 * encoder, and the adapters. Every method is differentiable when the caller records gradients; none of them closes
 * or detaches its inputs. Results live in the manager of the input tensor (or the manager passed in).
 */
@Stable(since = "0.1.0")
public interface DiffusionPipeline extends AutoCloseable {

    /** The sampling settings the experiment configured for this backbone. */
    SamplingSettings defaults();

    /** Channels of the latent space. */
    int latentChannels();

    /** Pixels per latent cell along each axis (8 for Stable Diffusion). */
    int vaeScaleFactor();

    /** Encodes prompts and their negative prompts for classifier-free guidance. */
    Conditioning encodePrompts(PromptBatch prompts, NDManager manager);

    /** Standard normal initial latents {@code x_T} of shape {@code [n, C, H/f, W/f]}, drawn from {@code seed}. */
    NDArray initialLatents(int n, SamplingSettings settings, long seed, NDManager manager);

    /** The DDIM timesteps for a number of steps, first (noisiest) first. */
    int[] timesteps(int steps);

    /** The cumulative product of {@code 1 - beta} at timestep {@code t}. */
    double alphaBar(int t);

    /** The guided noise prediction {@code eps(x_t, c, t)}. */
    NDArray predictNoise(NDArray xT, int t, Conditioning conditioning, float guidance);

    /** The predicted clean latent {@code x_0} from {@code x_t} and the model output at {@code t}. */
    NDArray predictOriginal(NDArray xT, NDArray modelOutput, int t);

    /**
     * One DDIM update from {@code x_t} to {@code x_prevT} given the model output; {@code noise} is used only when
     * eta is positive and may be null otherwise.
     */
    NDArray step(NDArray xT, NDArray modelOutput, int t, int prevT, float eta, NDArray noise);

    /** Decodes latents to images {@code [N,3,H,W]} in [0,1]. */
    NDArray decode(NDArray latents);

    /** Encodes images in [0,1] to scaled latents (the posterior mean). */
    NDArray encode(NDArray images);

    /** The denoiser's adapters. */
    Adapters adapters();

    /** Releases the weights. */
    @Override
    void close();
}
