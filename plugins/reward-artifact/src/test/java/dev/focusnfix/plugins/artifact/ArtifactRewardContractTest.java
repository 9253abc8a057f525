package dev.focusnfix.plugins.artifact;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;

/** The contract kit on the TorchScript dense model: differentiable, with a heatmap. */
class ArtifactRewardContractTest extends RewardModelContract<ArtifactReward.Options> {

    @Override
    protected RewardModel<ArtifactReward.Options> createExtension() {
        return new ArtifactReward();
    }

    @Override
    protected ArtifactReward.Options options() {
        return ArtifactReward.Options.of("classifiers/noise-artifact.pt");
    }
}
