/**
 * The sampling contract between backbones and sampling procedures: what a denoiser predicts ({@link
 * dev.focusnfix.api.sampling.PredictionType}, {@link dev.focusnfix.api.sampling.ModelOutput}), the noise schedule
 * ({@link dev.focusnfix.api.sampling.DiffusionSchedule}), the conditioning branches an unguided model call takes
 * ({@link dev.focusnfix.api.sampling.ConditioningBranch}) and classifier-free guidance, written once ({@link
 * dev.focusnfix.api.sampling.ClassifierFreeGuidance}).
 */
package dev.focusnfix.api.sampling;
