package dev.focusnfix.plugins.focusnfix;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.options.Range;
import dev.focusnfix.training.TrainingSettings;
import dev.focusnfix.training.optim.LearningRateSchedule;
import dev.focusnfix.training.options.LoraOptions;

/**
 * Options of the {@code focus-n-fix} tuner. Defaults follow the Focus-N-Fix paper (LoRA rank 64, back-propagation
 * through the last 2 steps, AdamW at {@code 2e-5 / sqrt(i)}, {@code beta = 5e-4} as for the safety reward; the
 * paper used {@code 1e-3} for the artifact reward).
 *
 * @param lora the adapters to train
 * @param beta weight of the constraint {@code ||(1 - M(I0)) * (I0 - I)||_F}; 0 gives DRaFT
 * @param referencePool 0: a new reference image and mask every step; N > 0: a fixed pool of N (prompt, seed) pairs
 *     whose reference images and masks are computed once and reused
 * @param truncation K, the sampling steps to back-propagate through; 0 means all of them
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
public record FocusNFixOptions(
        @Doc("the LoRA adapters to train") @DefaultValue("{}") LoraOptions lora,
        @Doc("weight of the distance to the reference image outside the mask; 0 = DRaFT") @DefaultValue("5e-4")
                @Range(min = 0) double beta,
        @Doc("0: fresh reference images every step; N: a fixed pool of N reference images and masks")
                @DefaultValue("0") @Range(min = 0) int referencePool,
        @Doc("K: sampling steps to back-propagate through; 0 = all") @DefaultValue("2") @Range(min = 0)
                int truncation,
        @Doc("base learning rate eta0") @DefaultValue("2e-5") @Range(min = 0) double learningRate,
        @Doc("constant, inverse-sqrt (eta0 / sqrt(i), the paper's) or cosine") @DefaultValue("inverse-sqrt")
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

    /** Checks the values. */
    public FocusNFixOptions {
        if (lora == null || schedule == null) {
            throw new IllegalArgumentException("lora and schedule must be set");
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite value >= 0, got " + beta);
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
