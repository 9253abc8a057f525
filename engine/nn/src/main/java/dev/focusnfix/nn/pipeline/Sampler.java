package dev.focusnfix.nn.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.sampling.DiffusionSchedule;
import dev.focusnfix.api.sampling.ModelOutput;
import dev.focusnfix.api.tensor.GaussianNoise;

/**
 * Runs the denoising loop of any {@link DiffusionPipeline}, through the plugin API alone: from {@code x_T} through
 * every timestep of the pipeline's {@link DiffusionSchedule}, each step to the schedule's previous timestep, with the
 * classifier-free guided model output ({@link DiffusionPipeline#predict}) and the pipeline's own step, to the final
 * latents.
 *
 * <p>Memory: each step computes in its own sub-manager and keeps only the next latents, so the loop's footprint does
 * not grow with the number of steps; the result lives in the initial latents' manager. Nothing is detached: when the
 * caller records gradients, the result is differentiable with respect to the latents, the conditioning and the
 * adapters.
 *
 * <p>Stochastic DDIM ({@code eta > 0}) draws each step's noise with {@link GaussianNoise} from the noise seed and the
 * step index, so runs are reproducible on any device.
 */
public final class Sampler {

    private final DiffusionPipeline pipeline;

    private Sampler(DiffusionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** A sampler for a pipeline; for the diffusers backbones it steps exactly as diffusers' DDIM does. */
    public static Sampler of(DiffusionPipeline pipeline) {
        return new Sampler(pipeline);
    }

    /** Deterministic for eta 0; with eta > 0 the step noise comes from seed 0. */
    public NDArray sample(Conditioning conditioning, NDArray initialLatents, SamplingSettings settings) {
        return sample(conditioning, initialLatents, settings, 0L, null);
    }

    /** The whole run, calling {@code listener} (may be null) after each step. */
    public NDArray sample(
            Conditioning conditioning,
            NDArray initialLatents,
            SamplingSettings settings,
            long noiseSeed,
            StepListener listener) {
        return sampleSteps(conditioning, initialLatents, settings, 0, settings.steps(), noiseSeed, listener);
    }

    /**
     * Steps {@code from} (inclusive) to {@code to} (exclusive) of the run the settings describe, starting from
     * {@code x}, the latents at step {@code from}'s timestep. Tuners use this to run the early steps and the last
     * ones differently (for example without and with gradients). The result is in {@code x}'s manager; {@code x}
     * is neither closed nor changed. With {@code from == to} a copy of {@code x} is returned.
     */
    public NDArray sampleSteps(
            Conditioning conditioning,
            NDArray x,
            SamplingSettings settings,
            int from,
            int to,
            long noiseSeed,
            StepListener listener) {
        DiffusionSchedule schedule = pipeline.schedule();
        int[] timesteps = schedule.timesteps(settings.steps());
        if (from < 0 || to > timesteps.length || from > to) {
            throw new IllegalArgumentException(
                    "step range [" + from + ", " + to + ") is outside the " + timesteps.length + " steps of the run");
        }
        NDManager home = x.getManager();
        NDArray current = x;
        for (int i = from; i < to; i++) {
            int t = timesteps[i];
            int prevT = schedule.previousTimestep(t, settings.steps());
            NDArray next;
            try (TensorScope scope = TensorScope.borrowing(current)) {
                ModelOutput output = pipeline.predict(current, t, conditioning, settings.guidance());
                NDArray noise = settings.eta() > 0
                        ? GaussianNoise.standardNormal(
                                GaussianNoise.derivedSeed(noiseSeed, i),
                                current.getShape(),
                                scope.manager(),
                                current.getDataType())
                        : null;
                next = pipeline.step(current, output, t, prevT, settings.eta(), noise);
                if (listener != null) {
                    listener.onStep(new SamplingStep(pipeline, i, timesteps.length, t, prevT, current, output, next));
                }
                next = scope.keep(next);
            }
            if (current != x) {
                current.close();
            }
            current = next;
        }
        if (current == x) {
            NDArray copy = x.duplicate();
            copy.attach(home);
            return copy;
        }
        return current;
    }
}
