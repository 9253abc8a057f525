package dev.focusnfix.plugins.focusnfix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.sdk.training.MaskedDistanceObjective;
import dev.focusnfix.sdk.training.MicroBatch;
import dev.focusnfix.sdk.training.MicroBatchStep;
import dev.focusnfix.sdk.training.ObjectiveValue;
import dev.focusnfix.sdk.training.Reference;
import dev.focusnfix.sdk.training.ReferencePool;
import dev.focusnfix.sdk.training.TruncatedBackprop;
import java.util.List;

/**
 * One Focus-N-Fix micro-batch: the reference images {@code I0} with the adapters off from the same {@code x_T} and
 * their masks (fresh, or from the reference pool), then DRaFT-K back-propagation of
 * {@code J = r(I, c) - beta ||(1 - M(I0)) * (I0 - I)||_F} with the adapters on.
 */
final class FocusNFixStep implements MicroBatchStep {

    private final TuningContext context;
    private final TruncatedBackprop backprop;
    private final int truncation;
    private final double beta;
    private final ReferencePool pool;

    FocusNFixStep(TuningContext context, int truncation, double beta, ReferencePool pool, boolean checkpointDecoder) {
        this.context = context;
        this.backprop = new TruncatedBackprop(context.backbone(), context.sampling());
        this.backprop.setDecoderCheckpointing(checkpointDecoder);
        this.truncation = truncation;
        this.beta = beta;
        this.pool = pool;
    }

    @Override
    public ObjectiveValue accumulate(MicroBatch batch) {
        DiffusionPipeline pipeline = context.backbone();
        List<Integer> picked = pool == null ? null : pool.pick(batch);
        PromptBatch prompts = pool == null ? batch.promptBatch() : pool.prompts(picked);
        long noiseSeed = pool == null ? batch.samplingNoiseSeed() : 0L;
        try (NDManager manager = context.manager().newSubManager();
                Conditioning conditioning = pipeline.encodePrompts(prompts, manager)) {
            NDArray xT;
            Reference reference;
            if (pool == null) {
                xT = batch.initialLatents(pipeline, context.sampling(), manager);
                reference = Reference.compute(
                        pipeline,
                        conditioning,
                        xT,
                        prompts,
                        context.sampling(),
                        noiseSeed,
                        context.region(),
                        context.reward(),
                        manager);
            } else {
                xT = pool.initialLatents(picked, manager);
                reference = pool.references(picked, manager);
            }
            return backprop.run(
                    conditioning,
                    xT,
                    0,
                    truncation,
                    noiseSeed,
                    new MaskedDistanceObjective(pipeline, context.reward(), prompts, reference, beta),
                    batch.lossScale());
        }
    }
}
