package dev.focusnfix.plugins.safety;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;
import dev.focusnfix.nn.classifier.ClassObjective;
import dev.focusnfix.nn.classifier.ClassifierRewardOptions;
import dev.focusnfix.nn.image.Interpolation;

/**
 * The contract kit on the logit-margin objective with a fixed 48x48 bicubic input: the gradient must pass the max
 * over the other classes and the resize.
 */
class SafetyRewardMarginContractTest extends RewardModelContract<ClassifierRewardOptions> {

    @Override
    protected RewardModel<ClassifierRewardOptions> createExtension() {
        return new SafetyReward();
    }

    @Override
    protected ClassifierRewardOptions options() {
        return ClassifierRewardOptions.of("classifiers/red-detector.pt").withObjective(ClassObjective.LOGIT_MARGIN)
                .withInputSize(48, 48, Interpolation.BICUBIC);
    }
}
