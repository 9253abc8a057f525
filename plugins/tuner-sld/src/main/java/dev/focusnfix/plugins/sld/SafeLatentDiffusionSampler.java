package dev.focusnfix.plugins.sld;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.GuidedSampler;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.sampling.ConditioningBranch;
import dev.focusnfix.api.sampling.DiffusionSchedule;
import dev.focusnfix.api.sampling.ModelOutput;
import dev.focusnfix.api.sampling.PredictionType;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Safe Latent Diffusion sampling through the plugin API's sampling contract alone: every step makes one batched model
 * call on {@code [uncond, prompt, concept]} ({@link DiffusionPipeline#predictBranches}), combines the three noise
 * predictions with {@link SafetyGuidance} and takes the pipeline's own step. The concept is encoded once per call of
 * {@link #sample} with {@link DiffusionPipeline#encodePrompts}, one copy per prompt, so each backbone brings its own
 * extra conditioning per branch (SDXL's pooled embeddings and size ids). Models that predict {@code v} or the sample
 * are guided in noise space (their outputs converted with the schedule), where the SLD equations and thresholds are
 * defined. When safety guidance is off ({@link SldParameters#enabledAt}) the chain is the plain classifier-free
 * guided one ({@link DiffusionPipeline#predict}), call for call.
 *
 * <p>Memory: each step computes in its own sub-manager of {@code x_T}'s manager and keeps only the next latents and
 * the momentum. With {@code eta > 0} the step noise is {@link DiffusionPipeline#initialLatents} for the seed the
 * framework's plain sampler derives from noise seed 0 and the step index, so SLD off equals plain sampling then too.
 */
public final class SafeLatentDiffusionSampler implements GuidedSampler {

    private final SldParameters parameters;
    private final String concept;

    /**
     * A sampler.
     *
     * @param parameters the SLD parameters
     * @param concept the safety concept text
     */
    public SafeLatentDiffusionSampler(SldParameters parameters, String concept) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.concept = Objects.requireNonNull(concept, "concept");
    }

    /** The parameters. */
    public SldParameters parameters() {
        return parameters;
    }

    /** The safety concept. */
    public String concept() {
        return concept;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The result lives in the initial latents' manager; they are neither closed nor changed.
     */
    @Override
    public NDArray sample(
            DiffusionPipeline pipeline,
            Conditioning conditioning,
            PromptBatch prompts,
            NDArray initialLatents,
            SamplingSettings settings) {
        int n = (int) initialLatents.getShape().get(0);
        if (n != prompts.size() || n != conditioning.batchSize()) {
            throw new IllegalArgumentException(prompts.size() + " prompts (" + conditioning.batchSize()
                    + " encoded) for " + n + " latents; pass one prompt per sample");
        }
        DiffusionSchedule schedule = pipeline.schedule();
        int[] timesteps = schedule.timesteps(settings.steps());
        boolean enabled = parameters.enabledAt(settings.guidance());
        NDManager home = initialLatents.getManager();
        Conditioning conceptConditioning = null;
        SafetyGuidance guidance = null;
        NDArray current = initialLatents;
        try {
            if (enabled) {
                conceptConditioning = pipeline.encodePrompts(PromptBatch.of(Collections.nCopies(n, concept)), home);
                guidance = new SafetyGuidance(parameters, home);
            }
            for (int i = 0; i < timesteps.length; i++) {
                int t = timesteps[i];
                int prevT = schedule.previousTimestep(t, settings.steps());
                NDArray next;
                try (NDManager scope = home.newSubManager()) {
                    NDArray x = current.duplicate();
                    x.attach(scope);
                    ModelOutput output = enabled
                            ? safeOutput(
                                    pipeline, x, t, i, conditioning, conceptConditioning, guidance, settings.guidance())
                            : pipeline.predict(x, t, conditioning, settings.guidance());
                    NDArray noise = settings.eta() > 0 ? stepNoise(pipeline, settings, x, i, scope) : null;
                    next = pipeline.step(x, output, t, prevT, settings.eta(), noise);
                    next.attach(home);
                }
                if (current != initialLatents) {
                    current.close();
                }
                current = next;
            }
            return current;
        } catch (RuntimeException | Error e) {
            if (current != initialLatents) {
                current.close();
            }
            throw e;
        } finally {
            if (guidance != null) {
                guidance.close();
            }
            if (conceptConditioning != null) {
                conceptConditioning.close();
            }
        }
    }

    /** The SLD-guided noise prediction at {@code x_t}, from one model call on the three branches. */
    private static ModelOutput safeOutput(
            DiffusionPipeline pipeline,
            NDArray x,
            int t,
            int step,
            Conditioning conditioning,
            Conditioning concept,
            SafetyGuidance guidance,
            float cfg) {
        List<ModelOutput> outputs = pipeline.predictBranches(
                x,
                t,
                List.of(
                        ConditioningBranch.unconditional(conditioning),
                        ConditioningBranch.conditional(conditioning),
                        ConditioningBranch.conditional(concept)));
        DiffusionSchedule schedule = pipeline.schedule();
        NDArray uncond = outputs.get(0).toEpsilon(x, t, schedule);
        NDArray text = outputs.get(1).toEpsilon(x, t, schedule);
        NDArray conceptNoise = outputs.get(2).toEpsilon(x, t, schedule);
        return new ModelOutput(guidance.guidedNoise(uncond, text, conceptNoise, step, cfg), PredictionType.EPSILON);
    }

    /** Standard normal step noise shaped like {@code x}, drawn as the plain sampler draws it. */
    private static NDArray stepNoise(
            DiffusionPipeline pipeline, SamplingSettings settings, NDArray x, int step, NDManager scope) {
        NDArray noise = pipeline.initialLatents((int) x.getShape().get(0), settings, derivedSeed(0L, step), scope);
        if (!Arrays.equals(noise.getShape().getShape(), x.getShape().getShape())) {
            throw new IllegalArgumentException("latents of shape " + x.getShape() + " do not match the sampling size "
                    + settings.height() + "x" + settings.width() + " (noise " + noise.getShape()
                    + "); sample at the latents' size");
        }
        return noise.getDataType() == x.getDataType() ? noise : noise.toType(x.getDataType(), false);
    }

    /**
     * The seed of step {@code index}'s noise: SplitMix64's finaliser of {@code seed + golden * (index + 1)}, the
     * derivation the framework's plain sampler uses (a test pins the equality).
     */
    static long derivedSeed(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
