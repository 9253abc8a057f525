package dev.focusnfix.plugins.guidance;

import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.testkit.FineTunerContract;

/** Runs the plugin-api contract kit against the tuner, on the toy-shapes model. */
class RewardGuidanceTunerContractTest extends FineTunerContract<RewardGuidanceOptions> {

    @Override
    protected FineTuner<RewardGuidanceOptions> createExtension() {
        return new RewardGuidanceTuner();
    }

    @Override
    protected RewardGuidanceOptions options() {
        return RewardGuidanceOptions.defaults();
    }

    @Override
    protected DiffusionPipeline openBackbone(ExtensionContext context) throws Exception {
        return ToyShapes.load();
    }

    /** Reward guidance changes no weight: its result is a guided sampling procedure. */
    @Override
    protected boolean producesAdapterWeights() {
        return false;
    }
}
