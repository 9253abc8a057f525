package dev.focusnfix.sdk.training;

import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.options.Range;

/**
 * The training options every DRaFT-family tuner shares, embedded flat in each tuner's options record with
 * {@link dev.focusnfix.api.options.Flatten @Flatten} (an experiment writes {@code tuner.steps}, not
 * {@code tuner.training.steps}). Defaults follow the DRaFT and Focus-N-Fix papers: LoRA rank 64, AdamW at
 * {@code 2e-5 / sqrt(i)}.
 *
 * @param lora the adapters to train
 * @param learningRate the base learning rate
 * @param schedule learning-rate schedule
 * @param weightDecay AdamW's decoupled weight decay
 * @param gradClip maximum global L2 norm of the gradient; 0 disables clipping
 * @param steps training steps
 * @param batchSize images per micro-batch
 * @param gradientAccumulation micro-batches per step
 * @param checkpointEvery steps between checkpoints (0: only after the last step)
 * @param keepCheckpoints newest checkpoints to keep (0: all)
 * @param maxNonFiniteInARow stop after this many steps in a row with a non-finite reward, objective or gradient
 * @param forceResume resume even from a checkpoint written by a different experiment
 */
@Experimental
public record TrainingOptions(
        @Doc("the LoRA adapters to train") @DefaultValue("{}") LoraOptions lora,
        @Doc("base learning rate eta0") @DefaultValue("2e-5") @Range(min = 0) double learningRate,
        @Doc("constant, inverse-sqrt (eta0 / sqrt(i), the papers') or cosine") @DefaultValue("inverse-sqrt")
                LearningRateSchedule schedule,
        @Doc("AdamW decoupled weight decay") @DefaultValue("0.01") @Range(min = 0) double weightDecay,
        @Doc("maximum global gradient L2 norm; 0 disables clipping") @DefaultValue("1.0") @Range(min = 0)
                double gradClip,
        @Doc("training steps") @DefaultValue("1000") @Range(min = 1) int steps,
        @Doc("images per micro-batch") @DefaultValue("1") @Range(min = 1) int batchSize,
        @Doc("micro-batches per step (their gradients are averaged)") @DefaultValue("1") @Range(min = 1)
                int gradientAccumulation,
        @Doc("steps between checkpoints; 0 = only after the last step") @DefaultValue("50") @Range(min = 0)
                int checkpointEvery,
        @Doc("newest checkpoints to keep; 0 = all") @DefaultValue("3") @Range(min = 0) int keepCheckpoints,
        @Doc("stop after this many non-finite steps in a row") @DefaultValue("5") @Range(min = 1)
                int maxNonFiniteInARow,
        @Doc("resume even from a checkpoint of a different experiment") @DefaultValue("false") boolean forceResume,
        @Doc("dynamic loss scaling: auto (when the backbone computes in float16), dynamic (always) or off")
                @DefaultValue("auto")
                LossScaling.Mode lossScaling,
        @Doc("the first loss scale of dynamic loss scaling") @DefaultValue("65536") @Range(min = 1)
                double initialLossScale,
        @Doc("good steps in a row before the loss scale doubles") @DefaultValue("2000") @Range(min = 1)
                int lossScaleGrowthInterval,
        @Doc("recompute the decoder block by block in the backward pass (less memory at high resolution, one more"
                        + " decoder forward pass per step)")
                @DefaultValue("true")
                boolean checkpointDecoder) {

    /** Checks the values. */
    public TrainingOptions {
        if (lora == null || schedule == null || lossScaling == null) {
            throw new IllegalArgumentException("lora, schedule and lossScaling must be set");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
    }

    /** Options with the default loss scaling (float16 backbones only) and a checkpointed decoder. */
    public TrainingOptions(
            LoraOptions lora,
            double learningRate,
            LearningRateSchedule schedule,
            double weightDecay,
            double gradClip,
            int steps,
            int batchSize,
            int gradientAccumulation,
            int checkpointEvery,
            int keepCheckpoints,
            int maxNonFiniteInARow,
            boolean forceResume) {
        this(
                lora,
                learningRate,
                schedule,
                weightDecay,
                gradClip,
                steps,
                batchSize,
                gradientAccumulation,
                checkpointEvery,
                keepCheckpoints,
                maxNonFiniteInARow,
                forceResume,
                LossScaling.DEFAULT.mode(),
                LossScaling.DEFAULT.initialScale(),
                LossScaling.DEFAULT.growthInterval(),
                true);
    }

    /** The training-loop settings, with torch's AdamW betas and epsilon. */
    public TrainingSettings settings() {
        return TrainingSettings.of(
                lora,
                steps,
                batchSize,
                gradientAccumulation,
                learningRate,
                schedule,
                weightDecay,
                gradClip,
                checkpointEvery,
                keepCheckpoints,
                maxNonFiniteInARow,
                forceResume,
                new LossScaling(lossScaling, initialLossScale, lossScaleGrowthInterval),
                checkpointDecoder);
    }
}
