package dev.focusnfix.plugins.backbone.sd14;

import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.testkit.DiffusionBackboneContract;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.sdk.backbone.DiffusersBackboneOptions;
import java.util.Optional;

/** Runs the backbone contract on the tiny-sd fixture. */
class Sd14BackboneContractTest extends DiffusionBackboneContract<DiffusersBackboneOptions> {

    @Override
    protected DiffusionBackbone<DiffusersBackboneOptions> createExtension() {
        return new Sd14Backbone();
    }

    @Override
    protected BackboneSettings settings() {
        return new BackboneSettings(TestData.path("tiny-sd"), new SamplingSettings(32, 32, 3, 5f, 0f));
    }

    @Override
    protected DiffusersBackboneOptions options() {
        return new DiffusersBackboneOptions(Optional.empty());
    }
}
