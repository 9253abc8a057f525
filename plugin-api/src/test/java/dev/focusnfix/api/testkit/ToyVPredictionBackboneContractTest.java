package dev.focusnfix.api.testkit;

import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.SamplingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The kit's own check of {@link DiffusionBackboneContract} on a backbone unlike the diffusers ones: v-prediction, a
 * 4000-step cosine schedule with trailing timesteps (above 1000), latents without downsampling.
 */
class ToyVPredictionBackboneContractTest extends DiffusionBackboneContract<ToyVPredictionBackbone.Options> {

    @Override
    protected DiffusionBackbone<ToyVPredictionBackbone.Options> createExtension() {
        return new ToyVPredictionBackbone();
    }

    @Override
    protected BackboneSettings settings() {
        try {
            return new BackboneSettings(
                    ToyVPredictionBackbone.writeModelFolder(outputDir.resolve("toy-model")),
                    new SamplingSettings(8, 8, 10, 3f, 0f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected ToyVPredictionBackbone.Options options() {
        return ToyVPredictionBackbone.Options.defaults();
    }
}
