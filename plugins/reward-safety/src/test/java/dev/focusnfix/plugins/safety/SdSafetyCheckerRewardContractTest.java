package dev.focusnfix.plugins.safety;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;

/** The plugin-api reward contract (gradient against finite differences included) on the tiny safety checker. */
class SdSafetyCheckerRewardContractTest extends RewardModelContract<SdSafetyCheckerReward.Options> {

    @Override
    protected RewardModel<SdSafetyCheckerReward.Options> createExtension() {
        return new SdSafetyCheckerReward();
    }

    @Override
    protected SdSafetyCheckerReward.Options options() {
        return new SdSafetyCheckerReward.Options(SdSafetyCheckerRewardTest.FIXTURE, 0.01, true);
    }
}
