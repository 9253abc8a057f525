package dev.focusnfix.plugins.draft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.sampling.DiffusionSchedule;
import dev.focusnfix.api.tensor.GaussianNoise;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.sdk.sampling.Sampler;
import dev.focusnfix.sdk.training.MicroBatch;
import dev.focusnfix.sdk.training.MicroBatchStep;
import dev.focusnfix.sdk.training.ObjectiveValue;
import dev.focusnfix.sdk.training.RewardObjective;
import dev.focusnfix.sdk.training.TruncatedBackprop;

/**
 * DRaFT-LV for one micro-batch: the whole sampling chain without gradients gives {@code x_0} (detached); it is
 * re-noised {@code n} times to the last timestep {@code t}, {@code x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps_i},
 * each copy is denoised by one step with gradients, and the gradients of the {@code n} rewards are summed
 * ({@code J = sum_i mean_images r(x_0^(i))}). Each replica's noise derives from the sample's number and the replica.
 */
final class DraftLvStep implements MicroBatchStep {

    private final TuningContext context;
    private final TruncatedBackprop backprop;
    private final int replicas;

    DraftLvStep(TuningContext context, int replicas, boolean checkpointDecoder) {
        this.context = context;
        this.backprop = new TruncatedBackprop(context.backbone(), context.sampling());
        this.backprop.setDecoderCheckpointing(checkpointDecoder);
        this.replicas = replicas;
    }

    @Override
    public ObjectiveValue accumulate(MicroBatch batch) {
        DiffusionPipeline pipeline = context.backbone();
        SamplingSettings settings = context.sampling();
        int last = settings.steps() - 1;
        DiffusionSchedule schedule = pipeline.schedule();
        double alphaBar = schedule.alphaBar(schedule.timesteps(settings.steps())[last]);
        double objective = 0;
        double reward = 0;
        try (NDManager manager = context.manager().newSubManager();
                Conditioning conditioning = pipeline.encodePrompts(batch.promptBatch(), manager)) {
            NDArray xT = batch.initialLatents(pipeline, settings, manager);
            NDArray x0 = Sampler.of(pipeline).sample(conditioning, xT, settings, batch.samplingNoiseSeed());
            for (int i = 0; i < replicas; i++) {
                try (NDManager replica = manager.newSubManager()) {
                    NDArray eps = noise(batch, i, x0.getShape(), replica, x0);
                    NDArray clean = x0.duplicate();
                    clean.attach(replica);
                    NDArray xt = Scalars.mul(clean, Math.sqrt(alphaBar)).add(Scalars.mul(eps, Math.sqrt(1 - alphaBar)));
                    ObjectiveValue value = backprop.run(
                            conditioning,
                            xt,
                            last,
                            1,
                            batch.samplingNoiseSeed(),
                            new RewardObjective(pipeline, context.reward(), batch.promptBatch()),
                            batch.lossScale());
                    if (!value.isFinite()) {
                        return value;
                    }
                    objective += value.objective();
                    reward += value.reward() / replicas;
                }
            }
        }
        return new ObjectiveValue(objective, reward, 0);
    }

    /** Replica {@code i}'s standard normal noise, drawn per sample so that it does not depend on the batch. */
    private static NDArray noise(MicroBatch batch, int i, Shape shape, NDManager manager, NDArray like) {
        Shape one = new Shape(1, shape.get(1), shape.get(2), shape.get(3));
        NDList parts = new NDList();
        try {
            for (long sample : batch.sampleIndices()) {
                parts.add(GaussianNoise.standardNormal(
                        batch.draws().renoiseSeed(sample, i), one, manager, like.getDataType()));
            }
            return parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, 0);
        } finally {
            parts.close();
        }
    }
}
