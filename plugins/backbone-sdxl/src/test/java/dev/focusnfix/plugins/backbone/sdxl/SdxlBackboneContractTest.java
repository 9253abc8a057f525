package dev.focusnfix.plugins.backbone.sdxl;

import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.testkit.DiffusionBackboneContract;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.sdk.backbone.DiffusersBackboneOptions;
import java.util.Optional;

/** Runs the backbone contract on the tiny-sdxl fixture. */
class SdxlBackboneContractTest extends DiffusionBackboneContract<DiffusersBackboneOptions> {

    @Override
    protected DiffusionBackbone<DiffusersBackboneOptions> createExtension() {
        return new SdxlBackbone();
    }

    @Override
    protected BackboneSettings settings() {
        return new BackboneSettings(TestData.path("tiny-sdxl"), new SamplingSettings(32, 32, 3, 5f, 0f));
    }

    @Override
    protected DiffusersBackboneOptions options() {
        return new DiffusersBackboneOptions(Optional.empty());
    }
}
