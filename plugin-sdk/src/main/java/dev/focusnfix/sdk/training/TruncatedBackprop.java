package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.nn.pipeline.Sampler;

/**
 * DRaFT-K back-propagation with step-level gradient checkpointing: the sampling chain runs without gradients,
 * keeping only the input latents of the last {@code K} steps; the backward pass then goes stage by stage, the head
 * (decoder and objective) first, then each of the last {@code K} denoising steps from the last to the first. Each
 * stage is recomputed with gradients from its stored input and back-propagated from the gradient of its output (a
 * vector-Jacobian product: the backward pass of {@code sum(output * upstream)}), which yields the gradient with
 * respect to its input for the stage before it. The adapters' gradients accumulate across the stages, so the result
 * equals one backward pass through the whole chain, while memory holds one stage's activations whatever {@code K} is.
 *
 * <p>The gradient added to the adapters is that of {@code -J} (a loss to minimise). One gradient collector is open at
 * a time (DJL allows only one in the JVM); each stage computes in its own sub-manager, closed after the stage.
 */
@Experimental
public final class TruncatedBackprop {

    private final DiffusionPipeline pipeline;
    private final Sampler sampler;
    private final SamplingSettings settings;
    private StageListener listener = StageListener.NONE;

    /** Back-propagation through runs of {@code pipeline} with {@code settings}. */
    public TruncatedBackprop(DiffusionPipeline pipeline, SamplingSettings settings) {
        this.pipeline = pipeline;
        this.sampler = Sampler.of(pipeline);
        this.settings = settings;
    }

    /** Observes every stage (null for none). */
    public void setListener(StageListener newListener) {
        listener = newListener == null ? StageListener.NONE : newListener;
    }

    /** The sampling settings. */
    public SamplingSettings settings() {
        return settings;
    }

    /** The pipeline. */
    public DiffusionPipeline pipeline() {
        return pipeline;
    }

    /**
     * How many steps get gradients when the run starts at step {@code from}: {@code truncation}, at most the
     * {@code steps - from} steps there are; 0 (or less) means all of them (full DRaFT).
     */
    public int stepsWithGradient(int from, int truncation) {
        int available = settings.steps() - from;
        return truncation <= 0 ? available : Math.min(truncation, available);
    }

    /**
     * Samples from {@code x} (the latents at step {@code from}) to the end, and back-propagates {@code objective}
     * through the last {@code truncation} steps (0 = all). When the objective's value is not finite, nothing is
     * back-propagated. {@code x} is neither changed nor closed.
     *
     * @param conditioning the encoded prompts (no gradients)
     * @param x the latents at step {@code from}
     * @param from the first sampling step to run (0 for the whole chain from {@code x_T})
     * @param truncation the number of last steps to back-propagate through; 0 for all
     * @param noiseSeed the seed of stochastic DDIM noise (used when eta > 0)
     * @param objective the head
     * @return the objective's values
     */
    public ObjectiveValue run(
            Conditioning conditioning, NDArray x, int from, int truncation, long noiseSeed, Objective objective) {
        int steps = settings.steps();
        if (from < 0 || from >= steps) {
            throw new IllegalArgumentException("start step " + from + " is outside the " + steps + " sampling steps");
        }
        int k = stepsWithGradient(from, truncation);
        int firstWithGradient = steps - k;
        try (NDManager run = x.getManager().newSubManager()) {
            run.setName("truncated-backprop");
            // Forward pass without gradients, keeping the inputs of the last K steps.
            NDArray current = inRun(
                    sampler.sampleSteps(conditioning, x, settings, from, firstWithGradient, noiseSeed, null), run);
            NDArray[] inputs = new NDArray[k];
            for (int i = firstWithGradient; i < steps; i++) {
                inputs[i - firstWithGradient] = current;
                current = inRun(sampler.sampleSteps(conditioning, current, settings, i, i + 1, noiseSeed, null), run);
            }
            NDArray finalLatents = current;

            // Stage 0: the head, from the final latents to the objective.
            ObjectiveValue value;
            NDArray upstream;
            try (NDManager stage = run.newSubManager()) {
                NDArray z = leaf(finalLatents, stage);
                try (GradientCollector collector = run.getEngine().newGradientCollector()) {
                    Objective.Terms terms = objective.evaluate(z);
                    value = ObjectiveValue.of(terms);
                    if (!value.isFinite()) {
                        return value;
                    }
                    NDArray loss = terms.objective().neg();
                    listener.onStage(new StageListener.Stage(0, -1, stage, run));
                    collector.backward(loss);
                }
                upstream = inRun(z.getGradient().duplicate(), run);
            }
            finalLatents.close();

            // Stages 1..K: the denoising steps, last first.
            for (int i = steps - 1; i >= firstWithGradient; i--) {
                NDArray next = null;
                try (NDManager stage = run.newSubManager()) {
                    NDArray input = leaf(inputs[i - firstWithGradient], stage);
                    try (GradientCollector collector = run.getEngine().newGradientCollector()) {
                        NDArray output = sampler.sampleSteps(conditioning, input, settings, i, i + 1, noiseSeed, null);
                        NDArray vectorJacobian = output.mul(upstream).sum();
                        listener.onStage(new StageListener.Stage(steps - i, i, stage, run));
                        collector.backward(vectorJacobian);
                    }
                    if (i > firstWithGradient) {
                        next = inRun(input.getGradient().duplicate(), run);
                    }
                }
                upstream.close();
                inputs[i - firstWithGradient].close();
                upstream = next;
            }
            return value;
        }
    }

    /** A copy of {@code stored} in {@code stage} that requires gradients: a leaf of the stage's graph. */
    private static NDArray leaf(NDArray stored, NDManager stage) {
        NDArray copy = stored.duplicate();
        copy.attach(stage);
        copy.setRequiresGradient(true);
        return copy;
    }

    private static NDArray inRun(NDArray array, NDManager run) {
        array.attach(run);
        return array;
    }
}
