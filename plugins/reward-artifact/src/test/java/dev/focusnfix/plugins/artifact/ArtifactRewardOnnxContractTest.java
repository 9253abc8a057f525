package dev.focusnfix.plugins.artifact;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;

/** The contract kit on the ONNX export with a fixed 48x48 input: the heatmap comes back at the image size. */
class ArtifactRewardOnnxContractTest extends RewardModelContract<ArtifactReward.Options> {

    @Override
    protected RewardModel<ArtifactReward.Options> createExtension() {
        return new ArtifactReward();
    }

    @Override
    protected ArtifactReward.Options options() {
        return ArtifactReward.Options.of("classifiers/noise-artifact.onnx").withInputSize(48, 48);
    }
}
