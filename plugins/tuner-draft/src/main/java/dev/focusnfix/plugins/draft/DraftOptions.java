package dev.focusnfix.plugins.draft;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.options.Range;
import dev.focusnfix.training.TrainingSettings;
import dev.focusnfix.training.optim.LearningRateSchedule;
import dev.focusnfix.training.options.LoraOptions;

/**
 * Options of the {@code draft} tuner. Defaults follow the DRaFT and Focus-N-Fix papers (LoRA rank 64, K = 2,
 * AdamW at {@code 2e-5 / sqrt(i)}); sampling (steps, guidance, size) comes from the experiment.
 *
 * @param lora the adapters to train
 * @param variant {@code k}: DRaFT-K (back-propagation through the last {@code truncation} steps); {@code lv}:
 *     DRaFT-LV (the final latents re-noised {@code lvSamples} times to the last timestep, one step each)
 * @param truncation K, the sampling steps to back-propagate through; 0 means all of them (full DRaFT)
 * @param lvSamples DRaFT-LV's number of re-noised copies per image
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
public record DraftOptions(
        @Doc("the LoRA adapters to train") @DefaultValue("{}") LoraOptions lora,
        @Doc("k: DRaFT-K; lv: DRaFT-LV") @DefaultValue("k") Variant variant,
        @Doc("K: sampling steps to back-propagate through; 0 = all (full DRaFT)") @DefaultValue("2")
                @Range(min = 0) int truncation,
        @Doc("DRaFT-LV: re-noised copies of each final image") @DefaultValue("2") @Range(min = 1) int lvSamples,
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
        @Doc("resume even from a checkpoint of a different experiment") @DefaultValue("false")
                boolean forceResume) {

    /** The DRaFT variants. */
    public enum Variant {
        /** Back-propagation through the last K sampling steps. */
        K,
        /** Low-variance DRaFT: several re-noised one-step copies of the detached final latents. */
        LV
    }

    /** Checks the values. */
    public DraftOptions {
        if (lora == null || variant == null || schedule == null) {
            throw new IllegalArgumentException("lora, variant and schedule must be set");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
    }

    /** The training-loop settings. */
    public TrainingSettings training() {
        return TrainingSettings.of(lora, steps, batchSize, gradientAccumulation, learningRate, schedule, weightDecay,
                gradClip, checkpointEvery, keepCheckpoints, maxNonFiniteInARow, forceResume);
    }
}
