package dev.focusnfix.plugins.alignment;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;

/**
 * The contract kit on a TorchScript dense model with the default options (the toy noise-artifact model stands in
 * for a misalignment model: its first output is read as the misalignment score): differentiable, with a heatmap.
 */
class MisalignmentRewardContractTest extends RewardModelContract<MisalignmentReward.Options> {

    @Override
    protected RewardModel<MisalignmentReward.Options> createExtension() {
        return new MisalignmentReward();
    }

    @Override
    protected MisalignmentReward.Options options() {
        return MisalignmentReward.Options.of("classifiers/noise-artifact.pt");
    }
}
