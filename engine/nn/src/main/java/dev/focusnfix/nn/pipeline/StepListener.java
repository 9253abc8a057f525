package dev.focusnfix.nn.pipeline;

/** Observes each denoising step of a {@link Sampler} run (progress, previews, trajectories). */
@FunctionalInterface
public interface StepListener {

    /** Called after each step; the step's arrays are valid only during the call. */
    void onStep(SamplingStep step);
}
