package dev.focusnfix.nn.pipeline;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.sampling.ModelOutput;

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
    private final NDArray xt;
    private final ModelOutput output;
    private final NDArray xPrev;
    private NDArray x0;

    SamplingStep(
            DiffusionPipeline pipeline,
            int index,
            int count,
            int t,
            int prevT,
            NDArray xt,
            ModelOutput output,
            NDArray xPrev) {
        this.pipeline = pipeline;
        this.index = index;
        this.count = count;
        this.t = t;
        this.prevT = prevT;
        this.xt = xt;
        this.output = output;
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

    /** The latents {@code x_t} at {@link #t()}. */
    public NDArray xt() {
        return xt;
    }

    /** The guided model output at {@link #t()}, with its prediction type. */
    public ModelOutput output() {
        return output;
    }

    /** The latents at {@link #prevT()}. */
    public NDArray xPrev() {
        return xPrev;
    }

    /** The predicted clean latents at this step, computed on first request. */
    public NDArray predictedOriginal() {
        if (x0 == null) {
            x0 = pipeline.predictOriginal(xt, output, t);
        }
        return x0;
    }
}
