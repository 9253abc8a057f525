package dev.focusnfix.plugins.safety;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;
import dev.focusnfix.nn.classifier.ClassifierRewardOptions;

/** The contract kit on the ONNX export: not differentiable, so the kit skips its gradient check. */
class SafetyRewardOnnxContractTest extends RewardModelContract<ClassifierRewardOptions> {

    @Override
    protected RewardModel<ClassifierRewardOptions> createExtension() {
        return new SafetyReward();
    }

    @Override
    protected ClassifierRewardOptions options() {
        return ClassifierRewardOptions.of("classifiers/red-detector.onnx");
    }
}
