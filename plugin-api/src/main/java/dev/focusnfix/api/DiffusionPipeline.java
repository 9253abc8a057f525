package dev.focusnfix.api;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.sampling.ClassifierFreeGuidance;
import dev.focusnfix.api.sampling.ConditioningBranch;
import dev.focusnfix.api.sampling.DiffusionSchedule;
import dev.focusnfix.api.sampling.ModelOutput;
import dev.focusnfix.api.sampling.PredictionType;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A loaded text-to-image latent diffusion model: prompt encoding, its noise schedule, the denoiser (unguided per
 * conditioning branch, or classifier-free guided), one sampler step at a time, the decoder and encoder, and the
 * adapters. Names follow the papers: {@code xt} is the latents {@code x_t} at timestep {@code t}; the initial noise
 * {@code x_T} is what {@link #initialLatents} draws.
 *
 * <p>Every method is differentiable when the caller records gradients; none of them closes or detaches its inputs.
 * Results live in the manager of the input tensor (or the manager passed in) and have its data type.
 */
@Stable(since = "0.1.0")
public interface DiffusionPipeline extends AutoCloseable {

    /** The sampling settings the experiment configured for this backbone. */
    SamplingSettings defaults();

    /** Where the weights live and the model computes. */
    Device device();

    /** The data type the denoiser computes in (float32, or float16 on a GPU). */
    DataType dataType();

    /** Channels of the latent space. */
    int latentChannels();

    /** Pixels per latent cell along each axis (8 for Stable Diffusion). */
    int vaeScaleFactor();

    /** The noise schedule: the timesteps of a run, the previous timestep of a step, alpha-bar. */
    DiffusionSchedule schedule();

    /** What the denoiser predicts; every {@link ModelOutput} of this pipeline carries it. */
    PredictionType predictionType();

    /** Encodes prompts and their negative prompts (the two {@link ConditioningBranch branches}). */
    Conditioning encodePrompts(PromptBatch prompts, NDManager manager);

    /** Standard normal initial latents {@code x_T} of shape {@code [n, C, H/f, W/f]}, drawn from {@code seed}. */
    NDArray initialLatents(int n, SamplingSettings settings, long seed, NDManager manager);

    /**
     * The unguided model output at {@code x_t} under each branch, in the branches' order, from one batched model
     * call: a guidance procedure combines them itself. Each output has {@code xt}'s shape; every branch's
     * conditioning must hold as many prompts as {@code xt} has rows.
     */
    List<ModelOutput> predictBranches(NDArray xt, int t, List<ConditioningBranch> branches);

    /**
     * The classifier-free guided model output at {@code x_t} ({@link ClassifierFreeGuidance}); a guidance of 1 is
     * the conditional output alone.
     */
    default ModelOutput predict(NDArray xt, int t, Conditioning conditioning, float guidance) {
        return ClassifierFreeGuidance.predict(this, xt, t, conditioning, guidance);
    }

    /** The predicted clean latents {@code x_0} from {@code x_t} and a model output at {@code t}, as the sampler sees them. */
    NDArray predictOriginal(NDArray xt, ModelOutput output, int t);

    /**
     * One sampler step from {@code x_t} to the latents at {@code prevT} given a model output of any prediction type
     * (negative {@code prevT}: the final state); {@code noise} (standard normal, shaped like {@code xt}) is used
     * only when eta is positive and may be null otherwise.
     */
    NDArray step(NDArray xt, ModelOutput output, int t, int prevT, float eta, NDArray noise);

    /** Decodes latents to images {@code [N,3,H,W]} in [0,1]. */
    NDArray decode(NDArray latents);

    /**
     * {@link #decode} as a chain of stages whose composition it is, for latents in {@link #dataType()}: a trainer
     * back-propagating through the decoder can keep only the stages' inputs and recompute one stage at a time with
     * gradients (activation checkpointing), which at 512x512 and above holds one block's activations instead of the
     * whole decoder's. Each stage returns a new array in its input's manager and leaves its input as it was. The
     * default is one stage: {@code decode} itself.
     */
    default List<UnaryOperator<NDArray>> decodeStages() {
        return List.of(this::decode);
    }

    /** Encodes images in [0,1] to scaled latents (the posterior mean). */
    NDArray encode(NDArray images);

    /** The denoiser's adapters. */
    Adapters adapters();

    /** Releases the weights. */
    @Override
    void close();
}
