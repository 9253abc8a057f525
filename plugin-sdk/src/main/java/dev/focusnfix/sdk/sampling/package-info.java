/** The engine's sampler for any {@link dev.focusnfix.api.DiffusionPipeline} ({@link dev.focusnfix.sdk.sampling.Sampler}). */
package dev.focusnfix.sdk.sampling;
