package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import java.util.List;

/**
 * The samples of one micro-batch: their numbers in the run, their prompts, and where their random draws come from.
 * Sample {@code b} of micro-batch {@code micro} of step {@code step} is sample number
 * {@code ((step - 1) * accumulation + micro) * batchSize + b}, so its draws do not depend on how the run was cut
 * into batches before it.
 *
 * @param step the training step, 1 first
 * @param micro the micro-batch within the step (gradient accumulation), 0 first
 * @param batchIndex the micro-batch's number in the run, 0 first
 * @param sampleIndices each sample's number in the run
 * @param prompts each sample's prompt
 * @param draws the run's random draws
 * @param lossScale the factor to multiply the loss by before the backward pass (1 unless the loop scales the loss
 *     for float16 training; pass it to {@link TruncatedBackprop#run(dev.focusnfix.api.Conditioning, NDArray, int,
 *     int, long, Objective, double)})
 */
@Experimental
public record MicroBatch(
        int step,
        int micro,
        long batchIndex,
        List<Long> sampleIndices,
        List<String> prompts,
        TrainingDraws draws,
        double lossScale) {

    /** Copies the lists and checks that there is one prompt per sample and a usable loss scale. */
    public MicroBatch {
        sampleIndices = List.copyOf(sampleIndices);
        prompts = List.copyOf(prompts);
        if (sampleIndices.isEmpty() || sampleIndices.size() != prompts.size()) {
            throw new IllegalArgumentException(sampleIndices.size() + " samples but " + prompts.size() + " prompts");
        }
        if (!(lossScale > 0) || Double.isInfinite(lossScale)) {
            throw new IllegalArgumentException("loss scale must be positive and finite, got " + lossScale);
        }
    }

    /** A micro-batch whose loss is not scaled. */
    public MicroBatch(
            int step, int micro, long batchIndex, List<Long> sampleIndices, List<String> prompts, TrainingDraws draws) {
        this(step, micro, batchIndex, sampleIndices, prompts, draws, 1);
    }

    /** The number of samples. */
    public int size() {
        return sampleIndices.size();
    }

    /** The prompts, without negative prompts. */
    public PromptBatch promptBatch() {
        return PromptBatch.of(prompts);
    }

    /** The seed of stochastic DDIM noise (eta > 0) for this micro-batch. */
    public long samplingNoiseSeed() {
        return draws.samplingNoiseSeed(batchIndex);
    }

    /** The initial latents {@code x_T} of every sample, each drawn from its own seed, in {@code manager}. */
    public NDArray initialLatents(DiffusionPipeline pipeline, SamplingSettings settings, NDManager manager) {
        return latentsFromSeeds(
                pipeline,
                settings,
                sampleIndices.stream().map(draws::initialLatentSeed).toList(),
                manager);
    }

    /** Initial latents, one per seed, concatenated along the batch axis, in {@code manager}. */
    public static NDArray latentsFromSeeds(
            DiffusionPipeline pipeline, SamplingSettings settings, List<Long> seeds, NDManager manager) {
        if (seeds.size() == 1) {
            return pipeline.initialLatents(1, settings, seeds.get(0), manager);
        }
        NDList parts = new NDList();
        try {
            for (long seed : seeds) {
                parts.add(pipeline.initialLatents(1, settings, seed, manager));
            }
            return NDArrays.concat(parts, 0);
        } finally {
            parts.close();
        }
    }
}
