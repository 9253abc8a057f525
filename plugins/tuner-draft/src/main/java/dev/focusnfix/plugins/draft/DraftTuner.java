package dev.focusnfix.plugins.draft;

import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.sdk.training.DraftKStep;
import dev.focusnfix.sdk.training.MicroBatchStep;
import dev.focusnfix.sdk.training.TrainingLoop;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * DRaFT (Clark et al., ICLR 2024): fine-tunes LoRA adapters by back-propagating a differentiable reward through the
 * sampling chain: through the last K steps ({@code variant: k}, K = {@code truncation}, 0 = all steps for full
 * DRaFT), or with DRaFT-LV's re-noised one-step copies ({@code variant: lv}).
 */
@Extension
public final class DraftTuner implements FineTuner<DraftOptions> {

    /** The tuner's id. */
    public static final String ID = "draft";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<DraftOptions> optionsType() {
        return DraftOptions.class;
    }

    @Override
    public String description() {
        return "DRaFT: reward back-propagation through the last K sampling steps (DRaFT-K, DRaFT-LV)";
    }

    /** {@inheritDoc} DRaFT runs differ by the truncation K (0: all steps); DRaFT has no constraint weight. */
    @Override
    public Map<String, Double> tableParameters(DraftOptions options) {
        return Map.of(TRUNCATION, (double) options.truncation());
    }

    /** {@inheritDoc} The training loop shards every batch over the workers and averages their gradients. */
    @Override
    public Optional<String> dataParallelProblem(DraftOptions options, int workers) {
        return options.training().settings().dataParallelProblem(workers);
    }

    @Override
    public TuningResult tune(DraftOptions options, TuningContext context) throws Exception {
        TrainingLoop loop = new TrainingLoop(ID, options.training().settings(), context);
        MicroBatchStep step = options.variant() == DraftOptions.Variant.LV
                ? new DraftLvStep(
                        context, options.lvSamples(), options.training().checkpointDecoder())
                : new DraftKStep(
                        context, options.truncation(), options.training().checkpointDecoder());
        return loop.run(step);
    }
}
