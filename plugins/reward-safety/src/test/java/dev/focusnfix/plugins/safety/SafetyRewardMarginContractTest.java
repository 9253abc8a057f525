package dev.focusnfix.plugins.safety;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.api.testkit.RewardModelContract;
import dev.focusnfix.sdk.reward.ClassObjective;

/**
 * The contract kit on the logit-margin objective with a fixed 48x48 bicubic input: the gradient must pass the max
 * over the other classes and the resize.
 */
class SafetyRewardMarginContractTest extends RewardModelContract<SafetyRewardOptions> {

    @Override
    protected RewardModel<SafetyRewardOptions> createExtension() {
        return new SafetyReward();
    }

    @Override
    protected SafetyRewardOptions options() {
        return SafetyRewardOptions.of("classifiers/red-detector.pt")
                .withObjective(ClassObjective.LOGIT_MARGIN)
                .withInputSize(48, 48, Interpolation.BICUBIC);
    }
}
