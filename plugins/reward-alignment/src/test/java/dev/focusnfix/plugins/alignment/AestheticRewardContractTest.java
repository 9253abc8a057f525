package dev.focusnfix.plugins.alignment;

import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.testkit.RewardModelContract;

/** The plugin-api reward contract on the tiny CLIP fixture and its aesthetic head. */
class AestheticRewardContractTest extends RewardModelContract<AestheticReward.Options> {

    @Override
    protected RewardModel<AestheticReward.Options> createExtension() {
        return new AestheticReward();
    }

    @Override
    protected AestheticReward.Options options() {
        return new AestheticReward.Options("tiny-clip", "tiny-clip/aesthetic_head.safetensors", 1f);
    }
}
