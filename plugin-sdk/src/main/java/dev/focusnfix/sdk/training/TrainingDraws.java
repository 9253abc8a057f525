package dev.focusnfix.sdk.training;

import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.tensor.GaussianNoise;
import java.util.SplittableRandom;

/**
 * Every random draw of a training run, derived from the experiment seed and a position in the run (the sample's
 * number, the step), never from a generator that advances: the same experiment draws the same values, and a run
 * resumed at step {@code s} draws exactly what the uninterrupted run drew after step {@code s}.
 *
 * <p>Each kind of draw has its own stream ({@link Stream}); tuners that need other draws (a reference pool) use
 * {@link #derive(long, long)} with stream numbers of their own above {@link #FIRST_TUNER_STREAM}.
 */
@Experimental
public final class TrainingDraws {

    /** Stream numbers tuners may use for their own draws start here. */
    public static final long FIRST_TUNER_STREAM = 1000;

    /** The streams the training engine draws from. */
    public enum Stream {
        /** The seed of the adapters' random initialisation. */
        ADAPTER_INIT(1),
        /** Each sample's initial latents {@code x_T}. */
        INITIAL_LATENTS(2),
        /** Each sample's prompt. */
        PROMPT(3),
        /** The noise of stochastic DDIM (eta > 0) of each micro-batch. */
        SAMPLING_NOISE(4),
        /** DRaFT-LV's re-noising noise of each sample and replica. */
        RENOISE(5);

        private final long id;

        Stream(long id) {
            this.id = id;
        }

        /** The stream's number. */
        public long id() {
            return id;
        }
    }

    private final long seed;

    /** Draws from the experiment seed. */
    public TrainingDraws(long seed) {
        this.seed = seed;
    }

    /** The experiment seed. */
    public long seed() {
        return seed;
    }

    /** The seed of the {@code index}-th draw of a stream. */
    public long derive(long stream, long index) {
        return GaussianNoise.derivedSeed(GaussianNoise.derivedSeed(seed, stream), index);
    }

    /** The seed of the {@code index}-th draw of an engine stream. */
    public long derive(Stream stream, long index) {
        return derive(stream.id(), index);
    }

    /** The seed of the adapters' initialisation. */
    public long adapterSeed() {
        return derive(Stream.ADAPTER_INIT, 0);
    }

    /** The seed of sample {@code sampleIndex}'s initial latents. */
    public long initialLatentSeed(long sampleIndex) {
        return derive(Stream.INITIAL_LATENTS, sampleIndex);
    }

    /** The prompt of sample {@code sampleIndex}: uniform over {@code promptCount} prompts. */
    public int promptIndex(long sampleIndex, int promptCount) {
        return uniformIndex(derive(Stream.PROMPT, sampleIndex), promptCount);
    }

    /** The seed of the stochastic sampling noise of micro-batch {@code batchIndex}. */
    public long samplingNoiseSeed(long batchIndex) {
        return derive(Stream.SAMPLING_NOISE, batchIndex);
    }

    /** The seed of replica {@code replica}'s re-noising noise of sample {@code sampleIndex} (DRaFT-LV). */
    public long renoiseSeed(long sampleIndex, int replica) {
        return GaussianNoise.derivedSeed(derive(Stream.RENOISE, sampleIndex), replica);
    }

    /** A uniform index in {@code [0, count)} drawn from {@code seed}. */
    public static int uniformIndex(long seed, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        return new SplittableRandom(seed).nextInt(count);
    }
}
