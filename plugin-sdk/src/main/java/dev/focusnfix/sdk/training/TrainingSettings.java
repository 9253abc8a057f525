package dev.focusnfix.sdk.training;

import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.LoraSpec;
import java.util.Optional;

/**
 * How to train the adapters: what every DRaFT-family tuner shares.
 *
 * @param lora the adapters to attach and train
 * @param steps training steps (optimizer updates, skipped ones included)
 * @param batchSize samples per micro-batch
 * @param gradientAccumulation micro-batches per step; the gradient is their average
 * @param learningRate the base learning rate {@code eta0}
 * @param schedule how the learning rate changes over the steps
 * @param adam AdamW's hyperparameters (weight decay included)
 * @param gradClip the maximum global L2 norm of the gradient; 0 disables clipping
 * @param checkpointEvery write a checkpoint every this many steps (and after the last); 0 only after the last
 * @param keepCheckpoints how many of the newest checkpoints to keep; 0 keeps all
 * @param maxNonFiniteInARow stop after this many steps in a row with a non-finite reward, objective or gradient
 * @param forceResume resume even from a checkpoint of a different experiment hash
 * @param lossScaling dynamic loss scaling (float16 training)
 * @param checkpointDecoder whether the backward pass recomputes the decoder stage by stage
 *     ({@link TruncatedBackprop#setDecoderCheckpointing})
 */
@Experimental
public record TrainingSettings(
        LoraSpec lora,
        int steps,
        int batchSize,
        int gradientAccumulation,
        double learningRate,
        LearningRateSchedule schedule,
        AdamSettings adam,
        double gradClip,
        int checkpointEvery,
        int keepCheckpoints,
        int maxNonFiniteInARow,
        boolean forceResume,
        LossScaling lossScaling,
        boolean checkpointDecoder) {

    /** Checks the values. */
    public TrainingSettings {
        if (lora == null || schedule == null || adam == null || lossScaling == null) {
            throw new IllegalArgumentException("lora, schedule, adam and loss-scaling settings are required");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (batchSize < 1 || gradientAccumulation < 1) {
            throw new IllegalArgumentException("batch size and gradient accumulation must be at least 1, got "
                    + batchSize + " and " + gradientAccumulation);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (!(gradClip >= 0)) {
            throw new IllegalArgumentException("gradClip must be >= 0 (0 disables clipping), got " + gradClip);
        }
        if (checkpointEvery < 0 || keepCheckpoints < 0) {
            throw new IllegalArgumentException("checkpointEvery and keepCheckpoints must be >= 0");
        }
        if (maxNonFiniteInARow < 1) {
            throw new IllegalArgumentException("maxNonFiniteInARow must be at least 1, got " + maxNonFiniteInARow);
        }
    }

    /** Settings with the default loss scaling (float16 backbones only) and a checkpointed decoder. */
    public TrainingSettings(
            LoraSpec lora,
            int steps,
            int batchSize,
            int gradientAccumulation,
            double learningRate,
            LearningRateSchedule schedule,
            AdamSettings adam,
            double gradClip,
            int checkpointEvery,
            int keepCheckpoints,
            int maxNonFiniteInARow,
            boolean forceResume) {
        this(
                lora,
                steps,
                batchSize,
                gradientAccumulation,
                learningRate,
                schedule,
                adam,
                gradClip,
                checkpointEvery,
                keepCheckpoints,
                maxNonFiniteInARow,
                forceResume,
                LossScaling.DEFAULT,
                true);
    }

    /** A copy with other loss scaling. */
    public TrainingSettings withLossScaling(LossScaling scaling) {
        return new TrainingSettings(
                lora,
                steps,
                batchSize,
                gradientAccumulation,
                learningRate,
                schedule,
                adam,
                gradClip,
                checkpointEvery,
                keepCheckpoints,
                maxNonFiniteInARow,
                forceResume,
                scaling,
                checkpointDecoder);
    }

    /**
     * Why a run with these settings cannot be split over {@code workers} data-parallel workers (each takes
     * {@code batchSize / workers} samples of every micro-batch, see {@link TrainingLoop#batch}), or empty when it can.
     */
    public Optional<String> dataParallelProblem(int workers) {
        if (workers < 1 || batchSize % workers != 0) {
            return Optional.of("its batchSize " + batchSize + " (the global batch) does not split evenly over "
                    + workers + " workers; make tuner.batchSize a multiple of training.workers");
        }
        return Optional.empty();
    }

    /** The settings from a tuner's options, with torch's AdamW betas and epsilon. */
    public static TrainingSettings of(
            LoraOptions lora,
            int steps,
            int batchSize,
            int gradientAccumulation,
            double learningRate,
            LearningRateSchedule schedule,
            double weightDecay,
            double gradClip,
            int checkpointEvery,
            int keepCheckpoints,
            int maxNonFiniteInARow,
            boolean forceResume,
            LossScaling lossScaling,
            boolean checkpointDecoder) {
        return new TrainingSettings(
                lora.toSpec(),
                steps,
                batchSize,
                gradientAccumulation,
                learningRate,
                schedule,
                AdamSettings.withWeightDecay(weightDecay),
                gradClip,
                checkpointEvery,
                keepCheckpoints,
                maxNonFiniteInARow,
                forceResume,
                lossScaling,
                checkpointDecoder);
    }
}
