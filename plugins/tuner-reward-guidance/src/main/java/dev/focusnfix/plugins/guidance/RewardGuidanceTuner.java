package dev.focusnfix.plugins.guidance;

import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.TuningResult;
import java.io.IOException;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The {@code reward-guidance} tuner: the paper's inference-time baseline. It trains nothing; its result is a
 * {@link RewardGuidedSampler} over the experiment's reward (and region function, for RG + RC) that
 * {@code framework generate} and the evaluation use in place of plain sampling. {@link #tune} also records the
 * procedure and its settings in the run folder ({@value ProcedureDescription#FILE_NAME}).
 */
@Extension
public final class RewardGuidanceTuner implements FineTuner<RewardGuidanceOptions> {

    /** The extension id. */
    public static final String ID = "reward-guidance";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<RewardGuidanceOptions> optionsType() {
        return RewardGuidanceOptions.class;
    }

    @Override
    public String description() {
        return "reward guidance at sampling time (RG; RG + RC with a region function), no weights change";
    }

    /** Always: the guidance is the reward's gradient. */
    @Override
    public boolean needsRewardGradient(RewardGuidanceOptions options) {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Returns at once with a {@link TuningResult.GuidedSampling}; the sampler uses the context's reward and region
     * function, which must stay open while it samples.
     */
    /** {@inheritDoc} Reward-guidance runs differ by the guidance strength lambda. */
    @Override
    public Map<String, Double> tableParameters(RewardGuidanceOptions options) {
        return Map.of("lambda", (double) options.lambda());
    }

    @Override
    public TuningResult tune(RewardGuidanceOptions options, TuningContext context) throws IOException {
        Reward reward = context.reward();
        if (reward == null) {
            throw new IllegalArgumentException("reward guidance needs a reward; the experiment has none");
        }
        RegionMasker region = context.region();
        RewardGuidedSampler sampler = new RewardGuidedSampler(options, reward, region);
        ProcedureDescription.write(context.runDirectory(), options, sampler.usesRegion(), context.sampling());
        return new TuningResult.GuidedSampling(sampler);
    }
}
