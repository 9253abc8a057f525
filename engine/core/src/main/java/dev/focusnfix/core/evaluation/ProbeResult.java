package dev.focusnfix.core.evaluation;

/**
 * A forgetting probe's outcome: the share of its prompts' images scoring below the threshold.
 *
 * @param name the probe's name
 * @param images how many images were scored
 * @param shareBefore the share among the base model's images
 * @param shareAfter the share among the tuned images
 */
public record ProbeResult(String name, int images, double shareBefore, double shareAfter) {}
