package dev.focusnfix.nn.pipeline;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.DiffusionPipeline;

/**
 * One finished denoising step as a {@link StepListener} sees it. The arrays belong to the step's scope and are freed
 * when the listener returns: copy (or {@code duplicate()} and attach) what must outlive the call.
 */
public final class SamplingStep {

    private final DiffusionPipeline pipeline;
    private final int index;
    private final int count;
    private final int t;
    private final int prevT;
    private final NDArray xT;
    private final NDArray eps;
    private final NDArray xPrev;
    private NDArray x0;

    SamplingStep(DiffusionPipeline pipeline, int index, int count, int t, int prevT, NDArray xT, NDArray eps,
            NDArray xPrev) {
        this.pipeline = pipeline;
        this.index = index;
        this.count = count;
        this.t = t;
        this.prevT = prevT;
        this.xT = xT;
        this.eps = eps;
        this.xPrev = xPrev;
    }

    /** The step's position in the run, 0 first. */
    public int index() {
        return index;
    }

    /** Number of steps of the whole run. */
    public int count() {
        return count;
    }

    /** The timestep denoised from. */
    public int t() {
        return t;
    }

    /** The timestep denoised to (negative after the last step). */
    public int prevT() {
        return prevT;
    }

    /** The latents at {@link #t()}. */
    public NDArray xT() {
        return xT;
    }

    /** The guided noise prediction. */
    public NDArray eps() {
        return eps;
    }

    /** The latents at {@link #prevT()}. */
    public NDArray xPrev() {
        return xPrev;
    }

    /** The predicted clean latents at this step, computed on first request. */
    public NDArray predictedOriginal() {
        if (x0 == null) {
            x0 = pipeline.predictOriginal(xT, eps, t);
        }
        return x0;
    }
}
