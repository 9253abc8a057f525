package dev.focusnfix.plugins.focusnfix;

import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.sdk.training.ReferencePool;
import dev.focusnfix.sdk.training.TrainingLoop;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Focus-N-Fix: region-aware reward fine-tuning. Each step samples the pretrained model's image {@code I0} (adapters
 * off) and its problem-region mask {@code M(I0)}, then trains the adapters with DRaFT-K on
 * {@code J = r(I, c) - beta * ||(1 - M(I0)) * (I0 - I)||_F}: the reward may change the image only inside the
 * region. With an all-ones mask (or {@code beta = 0}) it is DRaFT.
 */
@Extension
public final class FocusNFixTuner implements FineTuner<FocusNFixOptions> {

    /** The tuner's id. */
    public static final String ID = "focus-n-fix";

    private static final Logger LOG = LoggerFactory.getLogger(FocusNFixTuner.class);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<FocusNFixOptions> optionsType() {
        return FocusNFixOptions.class;
    }

    @Override
    public String description() {
        return "Focus-N-Fix: reward fine-tuning constrained to the problem region of the pretrained image";
    }

    /** {@inheritDoc} Focus-N-Fix runs differ by the constraint weight beta and the truncation K. */
    @Override
    public Map<String, Double> tableParameters(FocusNFixOptions options) {
        Map<String, Double> parameters = new LinkedHashMap<>();
        parameters.put(BETA, options.beta());
        parameters.put(TRUNCATION, (double) options.truncation());
        return parameters;
    }

    /** {@inheritDoc} The training loop shards every batch over the workers and averages their gradients. */
    @Override
    public Optional<String> dataParallelProblem(FocusNFixOptions options, int workers) {
        return options.training().settings().dataParallelProblem(workers);
    }

    @Override
    public TuningResult tune(FocusNFixOptions options, TuningContext context) throws Exception {
        if (context.region() == null) {
            LOG.warn("focus-n-fix without a region function: the mask is all ones, so nothing is kept and the"
                    + " training is DRaFT");
        }
        TrainingLoop loop = new TrainingLoop(ID, options.training().settings(), context);
        try (ReferencePool pool = options.referencePool() > 0
                ? new ReferencePool(context, loop.draws(), options.referencePool())
                : null) {
            return loop.run(new FocusNFixStep(
                    context,
                    options.truncation(),
                    options.beta(),
                    pool,
                    options.training().checkpointDecoder()));
        }
    }
}
