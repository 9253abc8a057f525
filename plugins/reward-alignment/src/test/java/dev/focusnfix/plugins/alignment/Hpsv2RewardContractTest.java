package dev.focusnfix.plugins.alignment;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;

/** The plugin-api reward contract on the tiny HPSv2 (open_clip) fixture. */
class Hpsv2RewardContractTest extends RewardModelContract<Hpsv2Reward.Options> {

    @Override
    protected RewardModel<Hpsv2Reward.Options> createExtension() {
        return new Hpsv2Reward();
    }

    @Override
    protected Hpsv2Reward.Options options() {
        return PreferenceRewardReferenceTest.hpsv2(true);
    }
}
