package dev.focusnfix.plugins.region;

import ai.djl.ndarray.NDArray;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;

/**
 * The contract kit's default "redness" reward, {@code -mean(relu(R - (G + B) / 2))} with the redness as heatmap,
 * written so that the PyTorch engine runs it: the kit's version takes {@code mean} over three axes at once, which
 * DJL's PyTorch engine refuses ("Only 1 axis is support!"); here the pixels are flattened first.
 */
final class ContractRewards {

    private ContractRewards() {}

    static Reward redness() {
        return new Reward() {
            @Override
            public boolean isDifferentiable() {
                return true;
            }

            @Override
            public RewardOutput score(ImageBatch images, PromptBatch prompts) {
                NDArray p = images.pixels();
                NDArray redness = p.get(":, 0:1").sub(p.get(":, 1:2").add(p.get(":, 2:3")).mul(0.5f)).maximum(0f);
                NDArray perImage = redness.reshape(images.size(), -1).mean(new int[] {1});
                return new RewardOutput(perImage.neg(), null, redness.clip(0f, 1f).stopGradient());
            }
        };
    }
}
