package dev.focusnfix.plugins.guidance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.GuidedSampler;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.sampling.DiffusionSchedule;
import dev.focusnfix.api.sampling.ModelOutput;
import dev.focusnfix.api.sampling.PredictionType;
import dev.focusnfix.api.tensor.GaussianNoise;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.plugins.guidance.RewardGuidanceOptions.MaskSource;
import dev.focusnfix.sdk.sampling.Sampler;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Reward-guided sampling, through the plugin API's sampling contract alone (any backbone, any schedule, epsilon, v
 * or sample prediction). Steps before {@code round(startFraction * steps)} are the plain (classifier-free
 * guided) chain; from there on every step replaces the noise prediction (the paper's eq. 3, with the sign that
 * raises the reward, as in classifier guidance):
 *
 * <pre>
 *   g       = d sum r(decode(x0_hat(x_t)), c) / d x_t          (through reward, decoder and denoiser)
 *   eps_hat = eps - lambda * sqrt(1 - alphaBar_t) * clip(g) * M
 * </pre>
 *
 * and takes the pipeline's step with {@code eps_hat}. Lowering {@code eps} along {@code g} raises
 * {@code x0_hat = (x_t - sqrt(1 - alphaBar_t) eps) / sqrt(alphaBar_t)} along {@code g}: towards higher reward.
 * {@code clip} scales each sample's gradient to L2 norm at most {@code gradClip}. {@code M} is the region mask on the
 * latent grid (RG + RC) or 1 (plain RG); it is computed once per sample, from the unguided sample of the same
 * {@code x_T} ({@link MaskSource#REFERENCE}, Focus-N-Fix's {@code M(I0)}) or from the predicted clean image of the
 * first guided step ({@link MaskSource#PREDICTION}). Models that predict {@code v} or the sample get the same change
 * of {@code x0_hat}, expressed in their output (the output's {@link PredictionType} says which).
 *
 * <p>Memory: each step computes in its own sub-manager of {@code x_T}'s manager and keeps only the next latents, so
 * the footprint does not grow with the number of steps. One gradient collector is open per step, only around the
 * reward gradient; the region function runs outside it. The reward and the region function must stay open while
 * the sampler is used.
 */
public final class RewardGuidedSampler implements GuidedSampler {

    /** The noise seed of stochastic DDIM steps (eta > 0), the same as the unguided {@link Sampler}'s default. */
    private static final long NOISE_SEED = 0L;

    private final RewardGuidanceOptions options;
    private final Reward reward;
    private final RegionMasker region;
    private final IntConsumer afterStep;

    /**
     * A guided sampler.
     *
     * @param options the guidance settings
     * @param reward the differentiable reward to raise
     * @param regionOrNull the region function; null, or {@code useRegion: false}, guides everywhere
     */
    public RewardGuidedSampler(RewardGuidanceOptions options, Reward reward, RegionMasker regionOrNull) {
        this(options, reward, regionOrNull, step -> {});
    }

    /** As the public constructor, calling {@code afterStep} with the index of every finished guided step. */
    RewardGuidedSampler(
            RewardGuidanceOptions options, Reward reward, RegionMasker regionOrNull, IntConsumer afterStep) {
        this.options = Objects.requireNonNull(options, "options");
        this.reward = Objects.requireNonNull(reward, "reward");
        if (!reward.isDifferentiable()) {
            throw new IllegalArgumentException("reward guidance needs a differentiable reward (its gradient steers"
                    + " sampling); the configured reward is not differentiable, for example an ONNX model:"
                    + " use its TorchScript export or another reward");
        }
        this.region = options.useRegion() ? regionOrNull : null;
        this.afterStep = afterStep;
    }

    /** The settings. */
    public RewardGuidanceOptions options() {
        return options;
    }

    /** Whether guidance is restricted to a region mask (RG + RC) rather than acting everywhere (RG). */
    public boolean usesRegion() {
        return region != null;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The result lives in the initial latents' manager; they are neither closed nor changed. Deterministic for eta
     * 0; with eta > 0 the step noise is the unguided {@link Sampler}'s for noise seed 0.
     */
    @Override
    public NDArray sample(
            DiffusionPipeline pipeline,
            Conditioning conditioning,
            PromptBatch prompts,
            NDArray initialLatents,
            SamplingSettings settings) {
        if (initialLatents.getShape().get(0) != prompts.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts for "
                    + initialLatents.getShape().get(0) + " latents; pass one prompt per sample");
        }
        DiffusionSchedule schedule = pipeline.schedule();
        int[] timesteps = schedule.timesteps(settings.steps());
        int start = options.startStep(timesteps.length);
        NDManager home = initialLatents.getManager();
        Sampler sampler = Sampler.of(pipeline);
        NDArray current = sampler.sampleSteps(conditioning, initialLatents, settings, 0, start, NOISE_SEED);
        NDArray mask = null;
        try {
            if (region != null && start < timesteps.length && options.maskSource() == MaskSource.REFERENCE) {
                mask = referenceMask(pipeline, sampler, conditioning, prompts, current, settings, start);
            }
            for (int i = start; i < timesteps.length; i++) {
                int t = timesteps[i];
                int prevT = schedule.previousTimestep(t, settings.steps());
                NDArray next;
                try (NDManager scope = home.newSubManager()) {
                    NDArray x = current.duplicate();
                    x.attach(scope);
                    RewardGradient.Signal signal =
                            RewardGradient.at(pipeline, reward, x, t, conditioning, settings.guidance(), prompts);
                    if (region != null && mask == null) {
                        mask = latentMask(signal.image(), prompts, x);
                        mask.attach(home);
                    }
                    float[] norms = GradientClipping.norms(signal.gradient());
                    requireFinite(norms, i);
                    NDArray direction = GradientClipping.clipPerSample(signal.gradient(), norms, options.gradClip());
                    if (mask != null) {
                        direction = direction.mul(mask);
                    }
                    ModelOutput output = signal.output();
                    ModelOutput steered = output.withValue(output.value()
                            .add(Scalars.mul(
                                    direction, outputCoefficient(schedule, output.type(), t, options.lambda()))));
                    NDArray noise = settings.eta() > 0
                            ? GaussianNoise.standardNormal(
                                    GaussianNoise.derivedSeed(NOISE_SEED, i), x.getShape(), scope, x.getDataType())
                            : null;
                    next = pipeline.step(x, steered, t, prevT, settings.eta(), noise);
                    next.attach(home);
                }
                current.close();
                current = next;
                afterStep.accept(i);
            }
            return current;
        } catch (RuntimeException | Error e) {
            current.close();
            throw e;
        } finally {
            if (mask != null) {
                mask.close();
            }
        }
    }

    /** M(I0): the region mask of the unguided sample that continues from {@code xStart}, on the latent grid. */
    private NDArray referenceMask(
            DiffusionPipeline pipeline,
            Sampler sampler,
            Conditioning conditioning,
            PromptBatch prompts,
            NDArray xStart,
            SamplingSettings settings,
            int start) {
        try (NDManager scope = xStart.getManager().newSubManager()) {
            NDArray x = xStart.duplicate();
            x.attach(scope);
            NDArray x0 = sampler.sampleSteps(conditioning, x, settings, start, settings.steps(), NOISE_SEED);
            NDArray mask = latentMask(pipeline.decode(x0), prompts, x);
            mask.attach(xStart.getManager());
            return mask;
        }
    }

    /** The region function's mask of {@code images}, reduced to the grid of {@code latents}, in their dtype. */
    private NDArray latentMask(NDArray images, PromptBatch prompts, NDArray latents) {
        NDArray pixels =
                region.mask(new ImageBatch(images), prompts, reward).mask().values();
        Shape grid = latents.getShape();
        NDArray mask = LatentMask.resize(pixels, (int) grid.get(2), (int) grid.get(3), options.maskResize());
        return mask.getDataType() == latents.getDataType() ? mask : mask.toType(latents.getDataType(), false);
    }

    /** Refuses a non-finite reward gradient, which would silently turn the whole sample into NaN. */
    private static void requireFinite(float[] norms, int step) {
        for (int n = 0; n < norms.length; n++) {
            if (!Float.isFinite(norms[n])) {
                throw new IllegalStateException("the reward gradient of sample " + n + " at denoising step " + step
                        + " is not finite (norm " + norms[n] + "); the reward or a model on the way to it is not"
                        + " differentiable there");
            }
        }
    }

    /**
     * The factor {@code k} with {@code output_hat = output + k * clip(g) * M}: for an epsilon model
     * {@code -lambda * sqrt(1 - alphaBar_t)} (eq. 3); for v and sample predictions the output change that moves
     * {@code x0_hat} (and the implied noise) exactly as that noise change does.
     */
    static double outputCoefficient(DiffusionSchedule schedule, PredictionType type, int t, float lambda) {
        double alphaBar = schedule.alphaBar(t);
        double epsCoefficient = -lambda * Math.sqrt(1 - alphaBar);
        return switch (type) {
            case EPSILON -> epsCoefficient;
            // v = sqrt(a) eps - sqrt(1 - a) x0 and x0 moves by -sqrt(1 - a) / sqrt(a) d_eps: d_v = d_eps / sqrt(a).
            case V_PREDICTION -> epsCoefficient / Math.sqrt(alphaBar);
            // The output is x0 itself: d_x0 = -sqrt(1 - a) / sqrt(a) d_eps.
            case SAMPLE -> -epsCoefficient * Math.sqrt(1 - alphaBar) / Math.sqrt(alphaBar);
            case FLOW_VELOCITY ->
                throw new UnsupportedOperationException("reward guidance is defined for"
                        + " variance-preserving models (epsilon, v or sample prediction), not flow matching");
        };
    }
}
