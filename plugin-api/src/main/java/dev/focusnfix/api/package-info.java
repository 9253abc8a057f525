/**
 * The contract between the framework and its plugins: four extension points ({@link
 * dev.focusnfix.api.DiffusionBackbone}, {@link dev.focusnfix.api.RewardModel}, {@link
 * dev.focusnfix.api.RegionFunction}, {@link dev.focusnfix.api.FineTuner}), each a {@link
 * dev.focusnfix.api.NamedExtension} with a stable id and an options type, and the values they exchange: images
 * {@code [N,3,H,W]} in [0,1], masks {@code [N,1,H,W]} in [0,1], prompts, conditioning, rewards and tuning results;
 * and what a run leaves behind: the run folder's {@link dev.focusnfix.api.RunLayout} and the
 * {@link dev.focusnfix.api.MetricsRecord} schema of its {@code metrics.jsonl}.
 */
package dev.focusnfix.api;
