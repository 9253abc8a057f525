package dev.focusnfix.plugins.alignment;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;

/** The plugin-api reward contract on the tiny CLIP fixture (the default 16x16 images are resized to 32x32). */
class ClipScoreRewardContractTest extends RewardModelContract<ClipScoreReward.Options> {

    @Override
    protected RewardModel<ClipScoreReward.Options> createExtension() {
        return new ClipScoreReward();
    }

    @Override
    protected ClipScoreReward.Options options() {
        return new ClipScoreReward.Options("tiny-clip", 100f, false);
    }
}
