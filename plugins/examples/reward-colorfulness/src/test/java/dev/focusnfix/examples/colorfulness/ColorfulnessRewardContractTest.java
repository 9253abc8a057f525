package dev.focusnfix.examples.colorfulness;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;

/** Runs the plugin-api contract kit against the reward, as any third-party plugin should. */
class ColorfulnessRewardContractTest extends RewardModelContract<ColorfulnessReward.Options> {

    @Override
    protected RewardModel<ColorfulnessReward.Options> createExtension() {
        return new ColorfulnessReward();
    }

    @Override
    protected ColorfulnessReward.Options options() {
        return new ColorfulnessReward.Options(1f, 1e-6f);
    }
}
