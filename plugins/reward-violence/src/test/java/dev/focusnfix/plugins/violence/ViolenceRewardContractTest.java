package dev.focusnfix.plugins.violence;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;
import dev.focusnfix.sdk.reward.ClassifierRewardOptions;

/** The contract kit on the TorchScript classifier (the toy red detector stands in for a violence classifier). */
class ViolenceRewardContractTest extends RewardModelContract<ClassifierRewardOptions> {

    @Override
    protected RewardModel<ClassifierRewardOptions> createExtension() {
        return new ViolenceReward();
    }

    @Override
    protected ClassifierRewardOptions options() {
        return ClassifierRewardOptions.of("classifiers/red-detector.pt");
    }
}
