package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.kernels.DifferentiableCast;
import dev.focusnfix.nn.pipeline.Sampler;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * DRaFT-K back-propagation with step-level gradient checkpointing: the sampling chain runs without gradients,
 * keeping only the input latents of the last {@code K} steps; the backward pass then goes stage by stage, the head
 * (decoder and objective) first, then each of the last {@code K} denoising steps from the last to the first. Each
 * stage is recomputed with gradients from its stored input and back-propagated from the gradient of its output (a
 * vector-Jacobian product: the backward pass of {@code sum(output * upstream)}), which yields the gradient with
 * respect to its input for the stage before it. The adapters' gradients accumulate across the stages, so the result
 * equals one backward pass through the whole chain, while memory holds one stage's activations whatever {@code K} is.
 *
 * <p>When the objective is an {@link ImageObjective}, the decoder is checkpointed the same way inside the head: its
 * {@link DiffusionPipeline#decodeStages() stages} run once without gradients keeping their inputs, the objective is
 * back-propagated to the images, then each decoder stage is recomputed and back-propagated on its own, last first.
 * At 512x512 that holds one decoder block's activations instead of the whole decoder's, for one more decoder forward
 * pass ({@link #setDecoderCheckpointing} turns it off).
 *
 * <p>The gradient added to the adapters is that of {@code -J} (a loss to minimise), times the loss scale when one is
 * given (float16 training: the caller divides it out again). One gradient collector is open at a time (DJL allows
 * only one in the JVM); each stage computes in its own sub-manager, closed after the stage.
 */
@Experimental
public final class TruncatedBackprop {

    private final DiffusionPipeline pipeline;
    private final Sampler sampler;
    private final SamplingSettings settings;
    private StageListener listener = StageListener.NONE;
    private boolean checkpointDecoder = true;

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

    /**
     * Whether an {@link ImageObjective}'s decoder is recomputed stage by stage in the backward pass (the default) or
     * back-propagated in one graph with the objective (faster, more memory at high resolution).
     */
    public void setDecoderCheckpointing(boolean enabled) {
        checkpointDecoder = enabled;
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

    /** {@link #run(Conditioning, NDArray, int, int, long, Objective, double)} without loss scaling. */
    public ObjectiveValue run(
            Conditioning conditioning, NDArray x, int from, int truncation, long noiseSeed, Objective objective) {
        return run(conditioning, x, from, truncation, noiseSeed, objective, 1);
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
     * @param lossScale the factor the loss is multiplied by before the backward pass (1: none; float16 training
     *     uses a large one so that small gradients survive, see {@link TrainingLoop})
     * @return the objective's values (not scaled)
     */
    public ObjectiveValue run(
            Conditioning conditioning,
            NDArray x,
            int from,
            int truncation,
            long noiseSeed,
            Objective objective,
            double lossScale) {
        int steps = settings.steps();
        if (from < 0 || from >= steps) {
            throw new IllegalArgumentException("start step " + from + " is outside the " + steps + " sampling steps");
        }
        if (!(lossScale > 0) || Double.isInfinite(lossScale)) {
            throw new IllegalArgumentException("loss scale must be positive and finite, got " + lossScale);
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

            // The decoder's stages, run without gradients, keeping each stage's input (the first is the latents).
            List<UnaryOperator<NDArray>> decoder = decoderStages(objective);
            NDArray[] decoderInputs = new NDArray[decoder.size()];
            for (int s = 0; s < decoder.size(); s++) {
                decoderInputs[s] = current;
                current = inRun(decoder.get(s).apply(current), run);
            }
            Objective head = decoder.isEmpty() ? objective : ((ImageObjective) objective)::evaluateImages;

            // Stage 0: the head, from the final latents (or the decoded images) to the objective.
            ObjectiveValue value;
            NDArray upstream;
            try (NDManager stage = run.newSubManager()) {
                NDArray z = leaf(current, stage);
                try (GradientCollector collector = run.getEngine().newGradientCollector()) {
                    Objective.Terms terms = head.evaluate(z);
                    value = ObjectiveValue.of(terms);
                    if (!value.isFinite()) {
                        return value;
                    }
                    NDArray loss = terms.objective().neg();
                    if (lossScale != 1) {
                        // The scale may exceed float16's range (65504, PyTorch starts at 65536): scale a float32
                        // copy; the gradient reaches the float16 graph through the cast (and may overflow there,
                        // which is what the loss scaler detects).
                        NDArray wide = loss.getDataType() == DataType.FLOAT16
                                ? DifferentiableCast.to(loss, DataType.FLOAT32)
                                : loss;
                        loss = Scalars.mul(wide, lossScale);
                    }
                    listener.onStage(new StageListener.Stage(0, -1, -1, stage, run));
                    collector.backward(loss);
                }
                upstream = inRun(z.getGradient().duplicate(), run);
            }
            current.close();

            // The decoder's stages, last first, down to the gradient with respect to the final latents.
            for (int s = decoder.size() - 1; s >= 0; s--) {
                NDArray next = backThrough(decoder.get(s), decoderInputs[s], upstream, true, run, 0, -1, s);
                upstream.close();
                decoderInputs[s].close();
                upstream = next;
            }

            // Stages 1..K: the denoising steps, last first.
            for (int i = steps - 1; i >= firstWithGradient; i--) {
                int step = i;
                NDArray next = backThrough(
                        input -> sampler.sampleSteps(conditioning, input, settings, step, step + 1, noiseSeed, null),
                        inputs[i - firstWithGradient],
                        upstream,
                        i > firstWithGradient,
                        run,
                        steps - i,
                        i,
                        -1);
                upstream.close();
                inputs[i - firstWithGradient].close();
                upstream = next;
            }
            return value;
        }
    }

    /** The decoder's stages when the head is an image objective to checkpoint through; else none. */
    private List<UnaryOperator<NDArray>> decoderStages(Objective objective) {
        if (!checkpointDecoder || !(objective instanceof ImageObjective images)) {
            return List.of();
        }
        List<UnaryOperator<NDArray>> stages = images.pipeline().decodeStages();
        return stages.size() > 1 ? stages : List.of();
    }

    /**
     * One checkpointed stage of the backward pass: recomputes {@code f} with gradients from its stored input and
     * back-propagates {@code upstream} (the gradient of its output) through it, the vector-Jacobian product. The
     * adapters' gradients accumulate; returns the gradient with respect to the input in {@code run} when
     * {@code inputGradient} (else null).
     */
    private NDArray backThrough(
            UnaryOperator<NDArray> f,
            NDArray stored,
            NDArray upstream,
            boolean inputGradient,
            NDManager run,
            int order,
            int samplingStep,
            int decoderStage) {
        try (NDManager stage = run.newSubManager()) {
            NDArray input = leaf(stored, stage);
            try (GradientCollector collector = run.getEngine().newGradientCollector()) {
                NDArray vectorJacobian = f.apply(input).mul(upstream).sum();
                listener.onStage(new StageListener.Stage(order, samplingStep, decoderStage, stage, run));
                collector.backward(vectorJacobian);
            }
            return inputGradient ? inRun(input.getGradient().duplicate(), run) : null;
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
