package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.TuningContext;

/**
 * DRaFT-K for one micro-batch: sample {@code x_T} per sample, run the sampling chain, and back-propagate the mean
 * reward of the decoded images through the last K steps ({@link TruncatedBackprop}); K = 0 back-propagates through
 * every step (full DRaFT).
 */
@Experimental
public final class DraftKStep implements MicroBatchStep {

    private final TuningContext context;
    private final TruncatedBackprop backprop;
    private final int truncation;

    /** DRaFT-K on the context's backbone, reward and sampling settings, with a checkpointed decoder. */
    public DraftKStep(TuningContext context, int truncation) {
        this(context, truncation, true);
    }

    /**
     * DRaFT-K on the context's backbone, reward and sampling settings; {@code checkpointDecoder}: see
     * {@link TruncatedBackprop#setDecoderCheckpointing}.
     */
    public DraftKStep(TuningContext context, int truncation, boolean checkpointDecoder) {
        this.context = context;
        this.backprop = new TruncatedBackprop(context.backbone(), context.sampling());
        this.backprop.setDecoderCheckpointing(checkpointDecoder);
        this.truncation = truncation;
    }

    @Override
    public ObjectiveValue accumulate(MicroBatch batch) {
        DiffusionPipeline pipeline = context.backbone();
        try (NDManager manager = context.manager().newSubManager();
                Conditioning conditioning = pipeline.encodePrompts(batch.promptBatch(), manager)) {
            NDArray xT = batch.initialLatents(pipeline, context.sampling(), manager);
            return backprop.run(
                    conditioning,
                    xT,
                    0,
                    truncation,
                    batch.samplingNoiseSeed(),
                    new RewardObjective(pipeline, context.reward(), batch.promptBatch()),
                    batch.lossScale());
        }
    }
}
