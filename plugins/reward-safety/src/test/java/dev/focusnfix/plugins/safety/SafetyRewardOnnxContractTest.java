package dev.focusnfix.plugins.safety;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;

/** The contract kit on the ONNX export: not differentiable, so the kit skips its gradient check. */
class SafetyRewardOnnxContractTest extends RewardModelContract<SafetyRewardOptions> {

    @Override
    protected RewardModel<SafetyRewardOptions> createExtension() {
        return new SafetyReward();
    }

    @Override
    protected SafetyRewardOptions options() {
        return SafetyRewardOptions.of("classifiers/red-detector.onnx");
    }
}
