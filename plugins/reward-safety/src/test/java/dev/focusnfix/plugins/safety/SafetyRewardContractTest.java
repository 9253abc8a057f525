package dev.focusnfix.plugins.safety;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;

/** The contract kit on the TorchScript classifier: differentiable, so the kit checks the gradient too. */
class SafetyRewardContractTest extends RewardModelContract<SafetyRewardOptions> {

    @Override
    protected RewardModel<SafetyRewardOptions> createExtension() {
        return new SafetyReward();
    }

    @Override
    protected SafetyRewardOptions options() {
        return SafetyRewardOptions.of("classifiers/red-detector.pt");
    }
}
