/**
 * The training engine the DRaFT-family tuners ({@code draft}, {@code focus-n-fix}) run on.
 *
 * <ul>
 *   <li>The loop: {@link dev.focusnfix.sdk.training.TrainingLoop} (AdamW over the LoRA adapters, gradient
 *       accumulation, clipping, checkpoints, metrics), its {@link dev.focusnfix.sdk.training.TrainingSettings} and the
 *       deterministic draws of samples and prompts ({@link dev.focusnfix.sdk.training.TrainingDraws},
 *       {@link dev.focusnfix.sdk.training.MicroBatch}); a tuner supplies one
 *       {@link dev.focusnfix.sdk.training.MicroBatchStep}, for example {@link dev.focusnfix.sdk.training.DraftKStep}.
 *   <li>Back-propagation of a reward through the last K steps of a sampling chain, stage by stage with step-level
 *       gradient checkpointing ({@link dev.focusnfix.sdk.training.TruncatedBackprop}), and the objectives at its head
 *       ({@link dev.focusnfix.sdk.training.Objective}, {@link dev.focusnfix.sdk.training.RewardObjective},
 *       {@link dev.focusnfix.sdk.training.ObjectiveValue}).
 *   <li>Reference images to constrain a tuner against: {@link dev.focusnfix.sdk.training.Reference} (the pretrained
 *       model's image {@code I0} from the same {@code x_T} and where it must not change, {@code 1 - M(I0)}), a
 *       {@link dev.focusnfix.sdk.training.ReferencePool} of fixed references computed once, and Focus-N-Fix's
 *       {@link dev.focusnfix.sdk.training.MaskedDistanceObjective}
 *       {@code J = r(I, c) - beta ||(1 - M(I0)) * (I0 - I)||_F}.
 *   <li>The option records the tuner plugins share (bound from the experiment's YAML):
 *       {@link dev.focusnfix.sdk.training.TrainingOptions}, {@link dev.focusnfix.sdk.training.LoraOptions},
 *       {@link dev.focusnfix.sdk.training.LearningRateSchedule}.
 * </ul>
 * The optimizer, checkpoints and metrics behind the loop stay internal ({@code dev.focusnfix.training}).
 */
package dev.focusnfix.sdk.training;
