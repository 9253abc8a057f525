package dev.focusnfix.plugins.alignment;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;

/** The plugin-api reward contract on the tiny PickScore fixture. */
class PickScoreRewardContractTest extends RewardModelContract<PickScoreReward.Options> {

    @Override
    protected RewardModel<PickScoreReward.Options> createExtension() {
        return new PickScoreReward();
    }

    @Override
    protected PickScoreReward.Options options() {
        return PreferenceRewardReferenceTest.pickScore();
    }
}
