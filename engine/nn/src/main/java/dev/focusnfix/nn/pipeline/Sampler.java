package dev.focusnfix.nn.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.nn.random.GaussianNoise;
import java.util.function.IntBinaryOperator;

/**
 * Runs the DDIM denoising loop of a {@link DiffusionPipeline}: from {@code x_T} through every timestep of the
 * settings, classifier-free guided, to the final latents.
 *
 * <p>Memory: each step computes in its own sub-manager and keeps only the next latents, so the loop's footprint does
 * not grow with the number of steps; the result lives in {@code xT}'s manager. Nothing is detached: when the caller
 * records gradients, the result is differentiable with respect to {@code xT}, the conditioning and the adapters.
 *
 * <p>Stochastic DDIM ({@code eta > 0}) draws each step's noise with {@link GaussianNoise} from the noise seed and the
 * step index, so runs are reproducible on any device.
 */
public final class Sampler {

    private final DiffusionPipeline pipeline;
    private final IntBinaryOperator previousTimestep;

    private Sampler(DiffusionPipeline pipeline, IntBinaryOperator previousTimestep) {
        this.pipeline = pipeline;
        this.previousTimestep = previousTimestep;
    }

    /** A sampler stepping exactly as diffusers' DDIM does ({@code prevT = t - trainSteps / steps}). */
    public static Sampler of(LatentDiffusionPipeline pipeline) {
        return new Sampler(pipeline, pipeline::previousTimestep);
    }

    /**
     * A sampler for any pipeline: each step goes to the next timestep of {@link DiffusionPipeline#timesteps}, the
     * last to the final state ({@code -1}). For a {@link LatentDiffusionPipeline} this is the same as
     * {@link #of(LatentDiffusionPipeline)}.
     */
    public static Sampler of(DiffusionPipeline pipeline) {
        if (pipeline instanceof LatentDiffusionPipeline) {
            return of((LatentDiffusionPipeline) pipeline);
        }
        return new Sampler(pipeline, null);
    }

    /** Deterministic for eta 0; with eta > 0 the step noise comes from seed 0. */
    public NDArray sample(Conditioning conditioning, NDArray xT, SamplingSettings settings) {
        return sample(conditioning, xT, settings, 0L, null);
    }

    /** The whole run, calling {@code listener} (may be null) after each step. */
    public NDArray sample(Conditioning conditioning, NDArray xT, SamplingSettings settings, long noiseSeed,
            StepListener listener) {
        return sampleSteps(conditioning, xT, settings, 0, settings.steps(), noiseSeed, listener);
    }

    /**
     * Steps {@code from} (inclusive) to {@code to} (exclusive) of the run the settings describe, starting from
     * {@code x}, the latents at step {@code from}'s timestep. Tuners use this to run the early steps and the last
     * ones differently (for example without and with gradients). The result is in {@code x}'s manager; {@code x}
     * is neither closed nor changed. With {@code from == to} a copy of {@code x} is returned.
     */
    public NDArray sampleSteps(Conditioning conditioning, NDArray x, SamplingSettings settings, int from, int to,
            long noiseSeed, StepListener listener) {
        int[] timesteps = pipeline.timesteps(settings.steps());
        if (from < 0 || to > timesteps.length || from > to) {
            throw new IllegalArgumentException("step range [" + from + ", " + to + ") is outside the "
                    + timesteps.length + " steps of the run");
        }
        NDManager home = x.getManager();
        NDArray current = x;
        for (int i = from; i < to; i++) {
            int t = timesteps[i];
            int prevT = previousTimestep != null ? previousTimestep.applyAsInt(t, settings.steps())
                    : i + 1 < timesteps.length ? timesteps[i + 1] : -1;
            NDArray next;
            try (TensorScope scope = TensorScope.borrowing(current)) {
                NDArray eps = pipeline.predictNoise(current, t, conditioning, settings.guidance());
                NDArray noise = settings.eta() > 0
                        ? GaussianNoise.standardNormal(GaussianNoise.derivedSeed(noiseSeed, i), current.getShape(),
                                scope.manager(), current.getDataType())
                        : null;
                next = pipeline.step(current, eps, t, prevT, settings.eta(), noise);
                if (listener != null) {
                    listener.onStep(new SamplingStep(pipeline, i, timesteps.length, t, prevT, current, eps, next));
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
