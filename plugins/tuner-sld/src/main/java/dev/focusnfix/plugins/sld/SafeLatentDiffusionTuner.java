package dev.focusnfix.plugins.sld;

import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.TuningResult;
import java.io.IOException;
import java.nio.file.Path;
import org.pf4j.Extension;

/**
 * The {@code sld} tuner: Safe Latent Diffusion, the paper's safety baseline that steers sampling away from a safety
 * concept. It trains nothing and uses no reward; its result is a {@link SafeLatentDiffusionSampler} that
 * {@code framework generate --sld} and the evaluation use in place of plain sampling. {@link #tune} also records the
 * procedure and its settings in the run folder ({@value ProcedureDescription#FILE_NAME}).
 */
@Extension
public final class SafeLatentDiffusionTuner implements FineTuner<SafeLatentDiffusionOptions> {

    /** The extension id. */
    public static final String ID = "sld";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<SafeLatentDiffusionOptions> optionsType() {
        return SafeLatentDiffusionOptions.class;
    }

    @Override
    public String description() {
        return "Safe Latent Diffusion (diffusers' StableDiffusionPipelineSafe) at sampling time, no weights change";
    }

    /** Never: SLD uses no reward. */
    @Override
    public boolean needsRewardGradient(SafeLatentDiffusionOptions options) {
        return false;
    }

    /** {@inheritDoc} Returns at once with a {@link TuningResult.GuidedSampling}. */
    @Override
    public TuningResult tune(SafeLatentDiffusionOptions options, TuningContext context) throws IOException {
        SafeLatentDiffusionSampler sampler =
                new SafeLatentDiffusionSampler(options.parameters(), options.safetyConcept());
        Path runDirectory = context.runDirectory();
        if (runDirectory != null) {
            ProcedureDescription.write(runDirectory, options, context.sampling());
        }
        return new TuningResult.GuidedSampling(sampler);
    }
}
