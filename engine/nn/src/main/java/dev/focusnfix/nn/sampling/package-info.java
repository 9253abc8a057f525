/**
 * Samplers: the DDIM scheduler of diffusers 0.25 built from any diffusers {@code scheduler_config.json}
 * ({@link dev.focusnfix.nn.sampling.SchedulerConfig}, {@link dev.focusnfix.nn.sampling.NoiseSchedule},
 * {@link dev.focusnfix.nn.sampling.DdimScheduler}) and classifier-free guidance. All tensor work is plain NDArray
 * arithmetic, so gradients flow through a step when the caller records them.
 */
package dev.focusnfix.nn.sampling;
