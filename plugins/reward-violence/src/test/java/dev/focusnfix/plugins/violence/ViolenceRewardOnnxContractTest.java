package dev.focusnfix.plugins.violence;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;
import dev.focusnfix.sdk.reward.ClassObjective;
import dev.focusnfix.sdk.reward.ClassifierRewardOptions;

/** The contract kit on the ONNX export with the log-probability objective; no gradient check (not differentiable). */
class ViolenceRewardOnnxContractTest extends RewardModelContract<ClassifierRewardOptions> {

    @Override
    protected RewardModel<ClassifierRewardOptions> createExtension() {
        return new ViolenceReward();
    }

    @Override
    protected ClassifierRewardOptions options() {
        return ClassifierRewardOptions.of("classifiers/red-detector.onnx")
                .withObjective(ClassObjective.LOG_PROBABILITY);
    }
}
